import { describe, expect, it } from 'vitest';
import { runFrame, type RunFrame } from '../contract/frames';
import {
  checkRunSequence,
  describeRule,
  groupByRun,
  RULE_IDS,
  type RuleId,
  type SequenceOptions,
} from '../contract/sequence';
import { ANSWER, DEFAULT_IDS, failedRun, referenceRun, referenceRunBody, RunBuilder } from './helpers/run-builder';

const STRICT: SequenceOptions = { ownerUserId: 'u-1', requireSeq: true, requireFinalReport: true, requireEnded: true };

function rulesBroken(frames: readonly RunFrame[], options: SequenceOptions = STRICT): RuleId[] {
  return [...new Set(checkRunSequence(frames, options).map((v) => v.rule))];
}

function messages(frames: readonly RunFrame[], options: SequenceOptions = STRICT): string[] {
  return checkRunSequence(frames, options).map((v) => v.message);
}

/** Stamps seq and timestamps afresh after frames were moved, so only the moved order is wrong. */
function restamped(frames: RunFrame[]): RunFrame[] {
  return frames.map((f, i) => ({ ...f, seq: i + 1, timestamp: new Date(Date.parse('2025-09-01T10:00:00Z') + i * 100).toISOString() }));
}

function indexOf(frames: readonly RunFrame[], type: RunFrame['type'], agent: string, nth = 0): number {
  const hits = frames.flatMap((f, i) => (f.type === type && f.agent_name === agent ? [i] : []));
  const hit = hits[nth];
  if (hit === undefined) throw new Error(`no ${type} of ${agent} #${nth}`);
  return hit;
}

function move(frames: readonly RunFrame[], from: number, to: number): RunFrame[] {
  const copy = [...frames];
  const [frame] = copy.splice(from, 1);
  copy.splice(to, 0, frame as RunFrame);
  return restamped(copy);
}

describe('the run builder', () => {
  it('builds frames the schemas accept', () => {
    for (const frame of referenceRun()) expect(runFrame.safeParse(frame).success).toBe(true);
  });
});

describe('valid runs', () => {
  it('the reference run passes every rule', () => {
    expect(checkRunSequence(referenceRun(), STRICT)).toEqual([]);
  });

  it('a failed run with exactly one agent_error passes', () => {
    expect(checkRunSequence(failedRun().build(), STRICT)).toEqual([]);
  });

  it('without requireFinalReport a run may end with the supervisor agent_completed', () => {
    const frames = referenceRunBody().completed('supervisor', ANSWER).build();
    expect(checkRunSequence(frames, { ...STRICT, requireFinalReport: false })).toEqual([]);
  });

  it('an unfinished run passes when requireEnded is off', () => {
    const frames = referenceRun().slice(0, 9);
    expect(checkRunSequence(frames, { ...STRICT, requireEnded: false })).toEqual([]);
  });

  it('frames without seq pass when seq is not required', () => {
    const frames = referenceRun().map(({ seq: _seq, ...f }) => f as RunFrame);
    expect(checkRunSequence(frames, { ...STRICT, requireSeq: false })).toEqual([]);
  });
});

describe('R1: the first frame is the supervisor agent_started', () => {
  it('flags a sub-agent starting first', () => {
    const run = referenceRun();
    const frames = move(run, indexOf(run, 'agent_started', 'triage_agent'), 0);
    expect(rulesBroken(frames)).toEqual(['R1-first-frame']);
    expect(messages(frames)[0]).toBe(
      "R1: the run's first frame is agent_started of triage_agent; expected agent_started of supervisor",
    );
  });

  it('flags an empty run', () => {
    expect(rulesBroken([], { requireEnded: false })).toEqual(['R1-first-frame']);
  });
});

describe('R2: agent lifecycle', () => {
  it('flags a sub-agent without parent_agent', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .started('triage_agent', null)
      .completed('triage_agent')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R2-agent-lifecycle']);
    expect(messages(frames)[0]).toBe('R2: triage_agent started (frame #2) without parent_agent "supervisor" (got none)');
  });

  it('flags a frame after the agent completed', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .started('triage_agent')
      .completed('triage_agent')
      .thinking('triage_agent', 'One more thought')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R2-agent-lifecycle']);
    expect(messages(frames)[0]).toBe('R2: frame #4 agent_thinking of triage_agent arrived after triage_agent completed (frame #3)');
  });

  it('flags a frame before the agent started', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .thinking('data_agent', 'Eager')
      .started('data_agent')
      .completed('data_agent')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R2-agent-lifecycle']);
  });

  it('flags a sub-agent still open when the supervisor completes', () => {
    const frames = new RunBuilder().started('supervisor').started('data_agent').completed('supervisor', ANSWER).finalReport().build();
    expect(rulesBroken(frames)).toEqual(['R2-agent-lifecycle']);
    expect(messages(frames)[0]).toContain('data_agent started (frame #2) but never completed');
  });

  it('flags an agent that starts twice', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .started('triage_agent')
      .started('triage_agent')
      .completed('triage_agent')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R2-agent-lifecycle']);
  });

  it('does not count final_report as a supervisor frame after its completion', () => {
    expect(rulesBroken(referenceRun())).toEqual([]);
  });
});

describe('R3: tool pairing', () => {
  it('flags a tool without completion', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .started('optimization_agent')
      .toolExecuting('optimization_agent', 'cost_model', 'e-12')
      .completed('optimization_agent')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R3-tool-pairing']);
    expect(messages(frames)).toEqual(['R3: tool_executing "cost_model" (execution_id e-12) has no tool_completed']);
  });

  it('flags a completion with the wrong execution_id', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .started('data_agent')
      .toolExecuting('data_agent', 'query_usage_metrics', 'e-1')
      .toolCompleted('data_agent', 'query_usage_metrics', 'e-2')
      .completed('data_agent')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R3-tool-pairing']);
    expect(messages(frames)).toContain(
      'R3: tool_completed "query_usage_metrics" (execution_id e-2, frame #4) matches no earlier tool_executing',
    );
  });

  it("flags a completion after its agent's agent_completed", () => {
    const run = referenceRun();
    const frames = move(run, indexOf(run, 'tool_completed', 'triage_agent'), indexOf(run, 'agent_completed', 'triage_agent'));
    expect(rulesBroken(frames)).toEqual(['R3-tool-pairing']);
    expect(messages(frames)[0]).toBe(
      'R3: tool_executing "classify_request" (execution_id exec-1) completed at frame #7, after triage_agent\'s agent_completed (frame #6)',
    );
  });

  it('flags a tool completed twice', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .started('data_agent')
      .tool('data_agent', 'query_usage_metrics')
      .toolCompleted('data_agent', 'query_usage_metrics')
      .completed('data_agent')
      .completed('supervisor', ANSWER)
      .finalReport()
      .build();
    expect(rulesBroken(frames)).toEqual(['R3-tool-pairing']);
  });

  it('accepts a tool left open by a failed run', () => {
    const frames = new RunBuilder().started('supervisor').started('data_agent').toolExecuting('data_agent', 'q').error('data_agent').build();
    expect(rulesBroken(frames)).toEqual([]);
  });
});

describe('R4: the run end', () => {
  it('flags two agent_errors', () => {
    const frames = failedRun().error('supervisor', 'LLM_ERROR', 'again').build();
    expect(rulesBroken(frames)).toEqual(['R4-run-end']);
    expect(messages(frames)[0]).toBe('R4: the run has a second agent_error (frame #8); a failed run ends with exactly one');
  });

  it('flags a frame after the end', () => {
    const frames = new RunBuilder()
      .started('supervisor')
      .completed('supervisor', ANSWER)
      .finalReport()
      .thinking('supervisor', 'Late thought')
      .build();
    expect(rulesBroken(frames)).toEqual(['R4-run-end']);
    expect(messages(frames)[0]).toBe(
      'R4: frame #4 agent_thinking of supervisor arrived after the run ended (agent_completed of supervisor then final_report)',
    );
  });

  it('flags a missing final_report when the run must have ended', () => {
    const frames = referenceRunBody().completed('supervisor', ANSWER).build();
    expect(rulesBroken(frames)).toEqual(['R4-run-end']);
    expect(rulesBroken(frames, { ...STRICT, requireEnded: false })).toEqual([]);
  });

  it('flags a run that has not ended', () => {
    expect(rulesBroken(referenceRun().slice(0, 9))).toEqual(['R4-run-end']);
  });

  it('flags a supervisor agent_completed without final_response', () => {
    const frames = new RunBuilder().started('supervisor').completed('supervisor').finalReport().build();
    expect(rulesBroken(frames)).toEqual(['R4-run-end']);
  });

  it('flags final_report before the supervisor completed', () => {
    const frames = new RunBuilder().started('supervisor').finalReport().completed('supervisor', ANSWER).build();
    expect(rulesBroken(frames, { ...STRICT, requireFinalReport: false })).toEqual(['R4-run-end']);
  });

  it('flags a frame after an agent_error', () => {
    const frames = failedRun().thinking('supervisor', 'Still going').build();
    expect(rulesBroken(frames)).toEqual(['R4-run-end']);
    expect(messages(frames)[0]).toContain('arrived after the run ended (agent_error LLM_ERROR of data_agent)');
  });
});

describe('R5: envelope', () => {
  const withFrame = (i: number, patch: Partial<Record<keyof RunFrame, unknown>>) =>
    referenceRun().map((f, j) => (j === i ? ({ ...f, ...patch } as RunFrame) : f));

  it('flags a seq gap', () => {
    const frames = referenceRun().filter((_f, i) => i !== 4 && i !== 5);
    // dropping a tool_executing/tool_completed pair keeps every other rule intact
    expect(rulesBroken(frames)).toEqual(['R5-envelope']);
    expect(messages(frames)[0]).toBe(
      'R5: seq jumps from 4 to 7 at frame #5 agent_completed of triage_agent (seq 5–6 missing)',
    );
  });

  it('flags a repeated seq', () => {
    const frames = withFrame(3, { seq: 3 });
    expect(rulesBroken(frames)).toEqual(['R5-envelope']);
    expect(messages(frames)[0]).toBe('R5: seq 3 repeats at frame #4 agent_thinking of triage_agent');
  });

  it('flags a missing seq when seq is required', () => {
    const frames = referenceRun().map(({ seq: _seq, ...f }) => f as RunFrame);
    expect(rulesBroken(frames)).toEqual(['R5-envelope']);
  });

  it('flags a timestamp going back', () => {
    const frames = withFrame(5, { timestamp: '2025-09-01T09:59:59.000Z' });
    expect(rulesBroken(frames)).toEqual(['R5-envelope']);
    expect(messages(frames)[0]).toContain('timestamp goes back at frame #6 tool_completed of triage_agent');
  });

  it.each(['run_id', 'thread_id', 'user_id'] as const)('flags %s changing mid-run', (field) => {
    const frames = withFrame(7, { [field]: 'other-id' });
    const ids = rulesBroken(frames, { ...STRICT, ownerUserId: undefined });
    expect(ids).toEqual(['R5-envelope']);
    expect(messages(frames, { ...STRICT, ownerUserId: undefined })[0]).toBe(
      `R5: ${field} changes from ${DEFAULT_IDS[field === 'run_id' ? 'runId' : field === 'thread_id' ? 'threadId' : 'userId']} to other-id at frame #8 agent_started of data_agent (1 frame(s) carry other-id)`,
    );
  });

  it('flags a user_id that is not the socket owner', () => {
    const frames = referenceRun({ ...DEFAULT_IDS, userId: 'u-2' });
    expect(rulesBroken(frames)).toEqual(['R5-envelope']);
    expect(messages(frames)).toEqual([
      'R5: 19 frame(s) carry user_id u-2, but the socket belongs to u-1 (first: frame #1 agent_started of supervisor)',
    ]);
  });

  it('marks a frame of another user as a leak between users, and no other break', () => {
    expect(checkRunSequence(referenceRun({ ...DEFAULT_IDS, userId: 'u-2' }), STRICT).map((v) => v.foreignUser)).toEqual([true]);
    expect(checkRunSequence(withFrame(5, { timestamp: '2025-09-01T09:59:59.000Z' }), STRICT).some((v) => v.foreignUser)).toBe(false);
  });
});

describe('helpers', () => {
  it('groups frames by run in order of first appearance', () => {
    const a = referenceRun({ runId: 'r-a', threadId: 't', userId: 'u' });
    const b = referenceRun({ runId: 'r-b', threadId: 't', userId: 'u' });
    const runs = groupByRun([b[0] as RunFrame, ...a, ...b.slice(1)]);
    expect([...runs.keys()]).toEqual(['r-b', 'r-a']);
    expect(runs.get('r-b')).toHaveLength(b.length);
  });

  it('describes every rule', () => {
    for (const id of RULE_IDS) expect(describeRule(id).length).toBeGreaterThan(20);
  });

  it('reports the index of the offending frame', () => {
    const frames = new RunBuilder().started('supervisor').completed('supervisor', ANSWER).finalReport().partial('report_agent', 'x').build();
    expect(checkRunSequence(frames, STRICT)).toEqual([expect.objectContaining({ rule: 'R4-run-end', frameIndex: 3 })]);
  });
});
