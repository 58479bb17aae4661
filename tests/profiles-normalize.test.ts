import { describe, expect, it } from 'vitest';
import { RUN_EVENT_TYPES } from '../contract/events';
import { runFrame, serverFrame } from '../contract/frames';
import { createNetraApexProfile, NETRA_TOP_LEVEL_AGENTS, netraClientFrameType, netraTopLevelAgents, normalizeNetraFrame } from '../profiles/netra-apex';
import { reference } from '../profiles/reference';
import { loadNetraFrames } from './fixtures/netra-frames/load';

const VARIANT_FILES = [
  ['canonical', 'canonical'],
  ['payload-variant', 'payload'],
  ['data-variant', 'data'],
  ['flat-variant', 'flat'],
] as const;

function only(raw: unknown) {
  const out = normalizeNetraFrame(raw);
  expect(out).toHaveLength(1);
  return out[0]!;
}

function issuesOf(frame: unknown): string {
  return JSON.stringify(serverFrame.safeParse(frame).error?.issues ?? []);
}

describe.each(VARIANT_FILES)('Netra %s frames', (file, variant) => {
  const samples = loadNetraFrames(file);

  it.each(Object.entries(samples))('%s normalises into a frame the contract accepts', (_name, raw) => {
    const { frame, variant: seen } = only(raw);
    expect(seen).toBe(variant);
    expect(serverFrame.safeParse(frame).success, issuesOf(frame)).toBe(true);
  });

  it('covers every run event type, and each run frame passes runFrame', () => {
    const frames = Object.values(samples).map((raw) => only(raw).frame);
    const runFrames = frames.filter((frame) => (RUN_EVENT_TYPES as readonly unknown[]).includes(frame.type));
    expect(new Set(runFrames.map((frame) => frame.type))).toEqual(new Set(RUN_EVENT_TYPES));
    for (const frame of runFrames) expect(runFrame.safeParse(frame).success, issuesOf(frame)).toBe(true);
  });

});

describe('canonical frames', () => {
  const samples = loadNetraFrames('canonical');

  it.each(Object.entries(samples))('%s passes through the Netra normaliser unchanged', (_name, raw) => {
    expect(only(raw)).toEqual({ frame: raw, variant: 'canonical' });
  });

  it.each(Object.entries(samples))('%s passes through the reference profile unchanged', (_name, raw) => {
    expect(reference.normalizeServerFrame(raw)).toEqual([{ frame: raw, variant: 'canonical' }]);
  });

  it('reads frames given as JSON text', () => {
    expect(only(JSON.stringify(samples.agent_started)).frame).toEqual(samples.agent_started);
    expect(reference.normalizeServerFrame(JSON.stringify(samples.agent_started))[0]?.frame).toEqual(samples.agent_started);
  });

  it('keeps a frame that is not a JSON object, so the schema reports it', () => {
    for (const normalize of [normalizeNetraFrame, reference.normalizeServerFrame]) {
      const [out] = normalize('not json {');
      expect(out?.variant).toBe('unreadable');
      expect(serverFrame.safeParse(out?.frame).success).toBe(false);
    }
  });
});

describe('Netra field aliases', () => {
  const payload = loadNetraFrames('payload-variant');
  const data = loadNetraFrames('data-variant');
  const flat = loadNetraFrames('flat-variant');

  it('maps tool_args to parameters and keeps tool_name at the top and in the payload', () => {
    const { frame } = only(payload.tool_executing);
    expect(frame).toMatchObject({ tool_name: 'query_usage_metrics', payload: { tool_name: 'query_usage_metrics', parameters: { window: '30d' }, status: 'executing' } });
    expect(frame.payload).not.toHaveProperty('tool_args');
  });

  it('lifts a top-level tool_name and results into the payload (data envelope)', () => {
    const { frame } = only(data.tool_completed);
    expect(frame).toMatchObject({
      tool_name: 'query_usage_metrics',
      payload: { tool_name: 'query_usage_metrics', result: { requests: 1200 }, status: 'completed' },
    });
  });

  it('turns durations named in seconds into milliseconds and keeps unnamed ones', () => {
    expect(only(data.tool_completed).frame.payload).toMatchObject({ execution_time_ms: 250 });
    expect(only(data.final_report).frame.payload).toMatchObject({ total_duration_ms: 1600 });
    expect(only(flat.tool_completed).frame.payload).toMatchObject({ execution_time_ms: 400 });
    expect(only(payload.tool_completed).frame.payload).toMatchObject({ execution_time_ms: 120 });
    expect(only(data.agent_completed).frame.payload).toMatchObject({ execution_time_ms: 1500 });
    expect(only(flat.agent_completed).frame.payload).toMatchObject({ execution_time_ms: 1500 });
  });

  it('renames connection_ready, stream_chunk and data', () => {
    const ready = only(data.connection_ready);
    expect(ready).toMatchObject({ variant: 'data', frame: { type: 'connection_established', payload: { connection_id: 'conn-1' } } });
    expect(ready.frame).not.toHaveProperty('data');
    expect(only(data.stream_chunk).frame).toMatchObject({ type: 'partial_result', payload: { content: 'Your usage ', is_complete: false } });
    expect(only(flat.stream_chunk).frame.type).toBe('partial_result');
  });

  it('takes server_time from the frame timestamp when Netra omits it', () => {
    expect(only(payload.connection_established).frame.payload).toMatchObject({ server_time: '2025-09-01T10:00:00.000Z' });
  });

  it('synthesises status only where the event type or success flag says it', () => {
    expect(only(payload.agent_started).frame.payload).toMatchObject({ status: 'started' });
    expect(only(payload.agent_thinking).frame.payload).toMatchObject({ status: 'thinking' });
    expect(only(payload.tool_completed).frame.payload).toMatchObject({ status: 'completed' });
    expect(only(payload.agent_completed).frame.payload).toMatchObject({ status: 'completed' });
    expect(only(payload.agent_error).frame.payload).toMatchObject({ status: 'error' });
    expect(only(flat.tool_completed).frame.payload).toMatchObject({ status: 'failed', error: 'Tool timed out' });
  });

  it('drops the flattened emitter bookkeeping and converts epoch timestamps', () => {
    const { frame } = only(flat.agent_thinking);
    expect(frame).not.toHaveProperty('critical');
    expect(frame.timestamp).toBe('2025-09-01T10:00:01.100Z');
    expect(only(flat.tool_completed).frame).not.toHaveProperty('attempt');
  });

  it('ignores progress_update', () => {
    expect(normalizeNetraFrame({ type: 'progress_update', run_id: 'run-1', payload: { progress: 50 } })).toEqual([]);
  });
});

describe('broken frames stay broken', () => {
  const broken = loadNetraFrames('broken');

  it.each(Object.entries(broken))('%s still fails the schema after normalisation', (_name, raw) => {
    const { frame } = only(raw);
    expect(runFrame.safeParse(frame).success).toBe(false);
  });

  it('does not invent a tool_name', () => {
    for (const name of ['tool_executing without tool_name', 'tool_completed without tool_name (data)']) {
      const { frame } = only(broken[name]);
      expect(frame).not.toHaveProperty('tool_name');
      expect(frame.payload).not.toHaveProperty('tool_name');
    }
  });

  it('does not coerce wrong types', () => {
    expect(only(broken['agent_thinking with string step_number']).frame.payload).toMatchObject({ step_number: '3' });
    expect(only(broken['agent_completed with text duration']).frame.payload).toMatchObject({ execution_time_ms: 'fast' });
  });

  it('does not call a failed or unknown outcome completed', () => {
    expect(only(broken['tool_completed with neither status nor success']).frame.payload).not.toHaveProperty('status');
    expect(only(broken['agent_completed with success false']).frame.payload).not.toHaveProperty('status');
  });

  it('keeps unknown_tool as unknown_tool', () => {
    const raw = { ...(loadNetraFrames('payload-variant').tool_executing as object), payload: { tool_name: 'unknown_tool', execution_id: 'e', tool_args: {} } };
    const { frame } = only(raw);
    expect(frame).toMatchObject({ tool_name: 'unknown_tool', payload: { tool_name: 'unknown_tool' } });
  });
});

describe('event_batch', () => {
  const batches = loadNetraFrames('event-batch');

  it('expands a list in order, drops progress_update and inherits the routing ids', () => {
    const out = normalizeNetraFrame(batches.list);
    expect(out.map((n) => [n.frame.type, n.variant])).toEqual([
      ['agent_thinking', 'payload'],
      ['tool_executing', 'data'],
    ]);
    for (const { frame } of out) {
      expect(frame).toMatchObject({ run_id: 'run-1', thread_id: 'thread-1', user_id: 'user-1', agent_name: 'data_agent' });
      expect(runFrame.safeParse(frame).success, issuesOf(frame)).toBe(true);
    }
  });

  it('puts events grouped by type back in timestamp order', () => {
    const out = normalizeNetraFrame(batches.grouped);
    expect(out.map((n) => [n.frame.type, n.frame.timestamp])).toEqual([
      ['agent_thinking', '2025-09-01T10:00:01.100Z'],
      ['agent_thinking', '2025-09-01T10:00:01.200Z'],
      ['tool_completed', '2025-09-01T10:00:01.300Z'],
    ]);
    for (const { frame } of out) expect(runFrame.safeParse(frame).success, issuesOf(frame)).toBe(true);
  });
});

describe('client frame types', () => {
  it.each([
    ['chat_message', 'user_message'],
    ['user_input', 'user_message'],
    ['message', 'user_message'],
    ['user_message', 'user_message'],
    ['execute_agent', 'start_agent'],
    ['start_agent', 'start_agent'],
    ['ping', 'ping'],
  ])('Netra %s → %s', (type, canonical) => {
    expect(netraClientFrameType({ type, payload: {} })).toBe(canonical);
    expect(netraClientFrameType(JSON.stringify({ type }))).toBe(canonical);
  });

  it('gives null without a type', () => {
    expect(netraClientFrameType({ payload: {} })).toBeNull();
    expect(netraClientFrameType('not json')).toBeNull();
    expect(reference.clientFrameType(42)).toBeNull();
  });

  it('the reference profile reads the type as sent', () => {
    expect(reference.clientFrameType({ type: 'user_message' })).toBe('user_message');
    expect(reference.clientFrameType({ type: 'chat_message' })).toBe('chat_message');
  });
});

describe("Netra's top-level agent", () => {
  // Netra's backend (beta-17) emits its supervisor's agent_started as "Supervisor" and its
  // orchestration notices as "supervisor" (docs/netra.md).
  const started = { type: 'agent_started', run_id: 'r-1', agent_name: 'Supervisor', timestamp: '2026-11-30T14:49:37.007Z', payload: { status: 'started' } };
  const subAgent = { type: 'agent_started', run_id: 'r-1', agent_name: 'triage', payload: { status: 'started', parent_agent: 'Supervisor' } };

  it('goes by the contract name supervisor, as agent_name and as parent_agent', () => {
    expect(normalizeNetraFrame(started)[0]!.frame).toMatchObject({ agent_name: 'supervisor' });
    expect(normalizeNetraFrame(subAgent)[0]!.frame).toMatchObject({ agent_name: 'triage', payload: { parent_agent: 'supervisor' } });
  });

  it('takes its names from NETRA_TOP_LEVEL_AGENT when set, and leaves other agents alone', () => {
    const profile = createNetraApexProfile(() => ({ NETRA_TOP_LEVEL_AGENT: 'Orchestrator, orchestrator' }));
    const renamed = profile.normalizeServerFrame({ ...started, agent_name: 'Orchestrator' })[0]!.frame;
    expect(renamed).toMatchObject({ agent_name: 'supervisor' });
    expect(profile.normalizeServerFrame(started)[0]!.frame).toMatchObject({ agent_name: 'Supervisor' });
    expect(netraTopLevelAgents({})).toEqual(NETRA_TOP_LEVEL_AGENTS);
  });
});
