import { describe, expect, it } from 'vitest';
import { detectNetraQuirks, NETRA_QUIRKS, type NetraCaptureEntry } from '../profiles/netra-apex';
import { loadNetraFrames } from './fixtures/netra-frames/load';

interface Scenario {
  frames: NetraCaptureEntry[];
  uiTexts: string[];
  expect: Array<{ code: string; messageIncludes: string[] }>;
}

const scenarios = Object.entries(loadNetraFrames('quirks') as Record<string, Scenario>);

describe('detectNetraQuirks on recorded sessions', () => {
  it.each(scenarios)('%s', (_name, scenario) => {
    const findings = detectNetraQuirks(scenario.frames, scenario.uiTexts);
    expect(findings.map((f) => f.code)).toEqual(scenario.expect.map((e) => e.code));
    scenario.expect.forEach((expected, i) => {
      for (const part of expected.messageIncludes) expect(findings[i]?.message).toContain(part);
    });
  });

  it('knows every code the fixtures use', () => {
    const codes = new Set<string>(Object.values(NETRA_QUIRKS));
    for (const [, scenario] of scenarios) for (const e of scenario.expect) expect(codes).toContain(e.code);
    const covered = new Set(scenarios.flatMap(([, s]) => s.expect.map((e) => e.code)));
    expect(covered).toEqual(codes);
  });
});

describe('detectNetraQuirks details', () => {
  const started = (at: number, runId: string): NetraCaptureEntry => ({
    kind: 'received',
    at,
    frame: {
      type: 'agent_started',
      agent_name: 'supervisor',
      run_id: runId,
      thread_id: 't',
      user_id: 'u',
      timestamp: '2025-09-01T10:00:00.000Z',
      payload: { message: 'Starting' },
    },
  });

  it('pairs each send with the next run start, so a second send without a run is caught', () => {
    const findings = detectNetraQuirks(
      [{ kind: 'rest-send', at: 0, status: 200 }, started(300, 'run-1'), started(400, 'run-1'), { kind: 'rest-send', at: 1000, status: 200 }],
      [],
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain('no agent_started within 5000 ms');
  });

  it('honours a custom budget', () => {
    const frames: NetraCaptureEntry[] = [{ kind: 'sent', at: 0, frame: { type: 'user_message', payload: {} } }, started(3000, 'r')];
    expect(detectNetraQuirks(frames, [])).toEqual([]);
    expect(detectNetraQuirks(frames, [], { agentStartedBudgetMs: 2000 })[0]?.code).toBe(NETRA_QUIRKS.noAgentStarted);
  });

  it('names a failed REST send as the cause', () => {
    const [finding] = detectNetraQuirks([{ kind: 'rest-send', at: 0, status: 503 }], []);
    expect(finding?.message).toContain('the REST send failed (answered 503)');
  });

  it('names a socket closed right after the send as the cause', () => {
    const [finding] = detectNetraQuirks(
      [{ kind: 'sent', at: 0, frame: { type: 'start_agent', payload: {} } }, { kind: 'closed', at: 50, code: 1006 }],
      [],
    );
    expect(finding?.message).toContain('the socket closed with 1006 before any agent event');
  });

  it('does not count a socket close other than 1011, nor pings, as quirks', () => {
    expect(
      detectNetraQuirks([{ kind: 'sent', at: 0, frame: { type: 'ping' } }, { kind: 'closed', at: 10, code: 1000 }], []),
    ).toEqual([]);
  });

  it('does not call "Running" stuck while the frames show no end of a run', () => {
    expect(detectNetraQuirks([started(0, 'r')], ['Running'])).toEqual([]);
  });

  it('blames a tool frame without any tool_name when the UI shows unknown_tool', () => {
    const [finding] = detectNetraQuirks(
      [{ kind: 'received', at: 0, frame: { type: 'tool_executing', run_id: 'r', payload: { execution_id: 'e' } } }],
      ['unknown_tool'],
    );
    expect(finding?.message).toContain('carried no tool_name at all');
  });
});
