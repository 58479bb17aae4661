/**
 * The ordering rules of one run (target contract §3, rules 1–5), as code.
 * Rule 6 (the answer is stored) needs the HTTP API and is checked elsewhere.
 *
 * Frames are canonical (already normalised by a profile) and in arrival order. They may still be
 * malformed (schema violations are reported separately), so every read here is defensive.
 * Frame numbers in messages count the run's frames from 1, so in a healthy run `#n` equals `seq`.
 */
import { SUPERVISOR } from './events';
import type { RunFrame } from './frames';

export const RULE_IDS = ['R1-first-frame', 'R2-agent-lifecycle', 'R3-tool-pairing', 'R4-run-end', 'R5-envelope'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface SequenceViolation {
  rule: RuleId;
  message: string;
  /** Index into the frames given to the checker (0-based). */
  frameIndex?: number;
  /** The frame carries another user's id than the socket owner's: a leak between users, not only a broken envelope. */
  foreignUser?: true;
}

export interface SequenceOptions {
  /** The socket owner's user id; every frame's `user_id` must equal it. */
  ownerUserId?: string;
  /** Every frame must carry `seq` (contract extension). Present `seq` values are always checked. */
  requireSeq?: boolean;
  /** A successful run must close with `final_report` (default true). */
  requireFinalReport?: boolean;
  /** The run must have ended; otherwise only what is there is checked (default false). */
  requireEnded?: boolean;
}

const RULE_TEXT: Record<RuleId, string> = {
  'R1-first-frame': 'The first frame of a run is agent_started of the supervisor.',
  'R2-agent-lifecycle':
    'Every agent emits agent_started … agent_completed; sub-agents name parent_agent "supervisor"; ' +
    'an agent emits nothing before its agent_started or after its own agent_completed; ' +
    'every sub-agent has completed before the supervisor completes.',
  'R3-tool-pairing':
    'Every tool_executing has exactly one tool_completed with the same execution_id, later in the run and ' +
    "before its agent's agent_completed. (A run cut short by agent_error may leave a tool open.)",
  'R4-run-end':
    "A successful run ends with the supervisor's agent_completed (carrying final_response) then final_report; " +
    'a failed or cancelled run ends with exactly one agent_error. Nothing of the run follows its end.',
  'R5-envelope':
    "seq starts at 1 and rises by exactly 1; timestamp never goes back; run_id, thread_id and user_id are the same " +
    "on every frame, and user_id is the socket owner's.",
};

export function describeRule(id: RuleId): string {
  return RULE_TEXT[id];
}

/** Groups frames by `run_id`, runs in order of first appearance; frames without a run_id are left out. */
export function groupByRun<T extends { run_id?: unknown }>(frames: readonly T[]): Map<string, T[]> {
  const runs = new Map<string, T[]>();
  for (const frame of frames) {
    if (typeof frame.run_id !== 'string') continue;
    const list = runs.get(frame.run_id) ?? [];
    list.push(frame);
    runs.set(frame.run_id, list);
  }
  return runs;
}

export function checkRunSequence(frames: readonly RunFrame[], options: SequenceOptions = {}): SequenceViolation[] {
  const end = findRunEnd(frames);
  return [
    ...checkFirstFrame(frames),
    ...checkAgentLifecycle(frames, end),
    ...checkToolPairing(frames, end),
    ...checkRunEnd(frames, end, options),
    ...checkEnvelope(frames, options),
  ];
}

// ── helpers ──────────────────────────────────────────────────────────────────

/** Where the run ended: the first agent_error or supervisor agent_completed (the "terminal" frame). */
interface RunEnd {
  terminal: number;
  failed: boolean;
}

function findRunEnd(frames: readonly RunFrame[]): RunEnd | undefined {
  const terminal = frames.findIndex(
    (f) => f.type === 'agent_error' || (f.type === 'agent_completed' && f.agent_name === SUPERVISOR),
  );
  if (terminal < 0) return undefined;
  return { terminal, failed: frames[terminal]?.type === 'agent_error' };
}

function payloadOf(frame: RunFrame): Record<string, unknown> {
  const payload: unknown = (frame as { payload?: unknown }).payload;
  return payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'none';
}

function label(frames: readonly RunFrame[], i: number): string {
  const f = frames[i];
  return f ? `frame #${i + 1} ${f.type} of ${f.agent_name}` : `frame #${i + 1}`;
}

function violation(rule: RuleId, message: string, frameIndex?: number): SequenceViolation {
  const prefix = rule.slice(0, 2);
  return frameIndex === undefined ? { rule, message: `${prefix}: ${message}` } : { rule, message: `${prefix}: ${message}`, frameIndex };
}

// ── R1 ───────────────────────────────────────────────────────────────────────

function checkFirstFrame(frames: readonly RunFrame[]): SequenceViolation[] {
  const first = frames[0];
  if (!first) return [violation('R1-first-frame', 'the run has no frames; expected agent_started of supervisor first')];
  if (first.type === 'agent_started' && first.agent_name === SUPERVISOR) return [];
  return [
    violation(
      'R1-first-frame',
      `the run's first frame is ${first.type} of ${first.agent_name}; expected agent_started of ${SUPERVISOR}`,
      0,
    ),
  ];
}

// ── R2 ───────────────────────────────────────────────────────────────────────

/** Frames up to the run's end only: what follows the end belongs to R4. */
function checkAgentLifecycle(frames: readonly RunFrame[], end: RunEnd | undefined): SequenceViolation[] {
  const out: SequenceViolation[] = [];
  const startedAt = new Map<string, number>();
  const completedAt = new Map<string, number>();
  const openTools = new Set<string>();
  const last = end?.terminal ?? frames.length - 1;

  for (let i = 0; i <= last; i++) {
    const f = frames[i];
    if (!f || f.type === 'final_report' || f.type === 'agent_error') continue;
    const agent = f.agent_name;
    const p = payloadOf(f);

    if (f.type === 'tool_executing') openTools.add(text(p.execution_id));
    // A late tool_completed of a started tool is a pairing problem (R3), not a lifecycle one.
    if (f.type === 'tool_completed' && openTools.delete(text(p.execution_id))) continue;

    const completed = completedAt.get(agent);
    if (completed !== undefined) {
      out.push(
        violation('R2-agent-lifecycle', `${label(frames, i)} arrived after ${agent} completed (frame #${completed + 1})`, i),
      );
      continue;
    }
    if (f.type === 'agent_started') {
      const started = startedAt.get(agent);
      if (started !== undefined) {
        out.push(violation('R2-agent-lifecycle', `${agent} started twice (frames #${started + 1} and #${i + 1})`, i));
        continue;
      }
      startedAt.set(agent, i);
      if (agent !== SUPERVISOR && p.parent_agent !== SUPERVISOR) {
        const got = p.parent_agent === undefined ? 'none' : `"${text(p.parent_agent)}"`;
        out.push(
          violation('R2-agent-lifecycle', `${agent} started (frame #${i + 1}) without parent_agent "${SUPERVISOR}" (got ${got})`, i),
        );
      }
      continue;
    }
    if (!startedAt.has(agent)) {
      out.push(violation('R2-agent-lifecycle', `${label(frames, i)} arrived before ${agent}'s agent_started`, i));
      continue;
    }
    if (f.type === 'agent_completed') completedAt.set(agent, i);
  }

  if (end && !end.failed) {
    for (const [agent, started] of startedAt) {
      if (agent === SUPERVISOR || completedAt.has(agent)) continue;
      out.push(
        violation(
          'R2-agent-lifecycle',
          `${agent} started (frame #${started + 1}) but never completed before the supervisor's agent_completed (frame #${end.terminal + 1})`,
          end.terminal,
        ),
      );
    }
  }
  return out;
}

// ── R3 ───────────────────────────────────────────────────────────────────────

function checkToolPairing(frames: readonly RunFrame[], end: RunEnd | undefined): SequenceViolation[] {
  const out: SequenceViolation[] = [];
  const executing = new Map<string, number>();
  const completion = new Map<string, number>();
  const agentCompletedAt = new Map<string, number>();
  const afterEnd = (i: number) => end !== undefined && i > end.terminal;

  frames.forEach((f, i) => {
    if (afterEnd(i)) return; // R4 reports everything after the end
    const p = payloadOf(f);
    const execId = text(p.execution_id);
    if (f.type === 'agent_completed' && !agentCompletedAt.has(f.agent_name)) agentCompletedAt.set(f.agent_name, i);
    if (f.type === 'tool_executing') {
      if (executing.has(execId)) {
        out.push(violation('R3-tool-pairing', `tool_executing for execution_id ${execId} arrived twice (frame #${i + 1})`, i));
      } else executing.set(execId, i);
    }
    if (f.type !== 'tool_completed') return;
    const tool = text(p.tool_name);
    const started = executing.get(execId);
    if (started === undefined) {
      out.push(
        violation('R3-tool-pairing', `tool_completed "${tool}" (execution_id ${execId}, frame #${i + 1}) matches no earlier tool_executing`, i),
      );
    } else if (completion.has(execId)) {
      out.push(violation('R3-tool-pairing', `tool_completed for execution_id ${execId} arrived twice (frame #${i + 1})`, i));
    } else {
      completion.set(execId, i);
      const startedTool = text(payloadOf(frames[started] as RunFrame).tool_name);
      if (startedTool !== tool) {
        out.push(
          violation('R3-tool-pairing', `tool_completed for execution_id ${execId} names tool "${tool}" but its tool_executing named "${startedTool}"`, i),
        );
      }
    }
  });

  for (const [execId, i] of executing) {
    const f = frames[i] as RunFrame;
    const tool = text(payloadOf(f).tool_name);
    const agentDone = agentCompletedAt.get(f.agent_name);
    const done = completion.get(execId);
    const what = `tool_executing "${tool}" (execution_id ${execId})`;
    if (done !== undefined) {
      if (agentDone !== undefined && agentDone < done) {
        out.push(
          violation('R3-tool-pairing', `${what} completed at frame #${done + 1}, after ${f.agent_name}'s agent_completed (frame #${agentDone + 1})`, done),
        );
      }
      continue;
    }
    const lateCompletion = frames.some((g, j) => j > i && g.type === 'tool_completed' && text(payloadOf(g).execution_id) === execId);
    if (lateCompletion) continue; // arrived after the run ended: R4 reports it
    if (agentDone !== undefined || (end !== undefined && !end.failed)) {
      out.push(violation('R3-tool-pairing', `${what} has no tool_completed`, i));
    }
  }
  return out;
}

// ── R4 ───────────────────────────────────────────────────────────────────────

function checkRunEnd(frames: readonly RunFrame[], end: RunEnd | undefined, options: SequenceOptions): SequenceViolation[] {
  const requireFinalReport = options.requireFinalReport ?? true;
  const out: SequenceViolation[] = [];
  const endIndex = end?.terminal ?? frames.length;

  frames.forEach((f, i) => {
    if (f.type === 'final_report' && i < endIndex) {
      out.push(violation('R4-run-end', `final_report (frame #${i + 1}) arrived before the supervisor's agent_completed`, i));
    }
  });

  if (!end) {
    if (options.requireEnded) {
      out.push(violation('R4-run-end', `the run has not ended: no agent_completed of ${SUPERVISOR} and no agent_error in ${frames.length} frames`));
    }
    return out;
  }

  const terminal = frames[end.terminal] as RunFrame;
  if (!end.failed) {
    const finalResponse = payloadOf(terminal).final_response;
    if (typeof finalResponse !== 'string' || finalResponse.length === 0) {
      out.push(violation('R4-run-end', `the supervisor's agent_completed (frame #${end.terminal + 1}) carries no final_response`, end.terminal));
    }
  }

  const next = frames[end.terminal + 1];
  const closedByReport = !end.failed && next?.type === 'final_report';
  const lastOfRun = closedByReport ? end.terminal + 1 : end.terminal;
  const howItEnded = end.failed
    ? `agent_error ${text(payloadOf(terminal).error_code)} of ${terminal.agent_name}`
    : closedByReport
      ? `agent_completed of ${SUPERVISOR} then final_report`
      : `agent_completed of ${SUPERVISOR}`;

  for (let i = lastOfRun + 1; i < frames.length; i++) {
    const f = frames[i] as RunFrame;
    if (f.type === 'agent_error' && end.failed) {
      out.push(violation('R4-run-end', `the run has a second agent_error (frame #${i + 1}); a failed run ends with exactly one`, i));
    } else if (f.type === 'final_report' && !end.failed && !frames.slice(end.terminal + 1, i).some((g) => g.type === 'final_report')) {
      out.push(violation('R4-run-end', `final_report (frame #${i + 1}) does not directly follow the supervisor's agent_completed`, i));
    } else {
      out.push(violation('R4-run-end', `${label(frames, i)} arrived after the run ended (${howItEnded})`, i));
    }
  }

  const hasReport = frames.slice(end.terminal + 1).some((f) => f.type === 'final_report');
  if (!end.failed && requireFinalReport && !hasReport && (options.requireEnded || lastOfRun < frames.length - 1)) {
    out.push(violation('R4-run-end', `no final_report followed the supervisor's agent_completed (frame #${end.terminal + 1})`, end.terminal));
  }
  return out;
}

// ── R5 ───────────────────────────────────────────────────────────────────────

function checkEnvelope(frames: readonly RunFrame[], options: SequenceOptions): SequenceViolation[] {
  return [
    ...checkSeq(frames, options.requireSeq ?? false),
    ...checkTimestamps(frames),
    ...checkSameIds(frames),
    ...checkOwner(frames, options.ownerUserId),
  ];
}

function checkSeq(frames: readonly RunFrame[], requireSeq: boolean): SequenceViolation[] {
  const out: SequenceViolation[] = [];
  const missing = frames.flatMap((f, i) => (typeof f.seq === 'number' ? [] : [i]));
  if (requireSeq && missing.length > 0) {
    const first = missing[0] as number;
    out.push(violation('R5-envelope', `${missing.length} frame(s) carry no seq (first: ${label(frames, first)})`, first));
  }
  let prev: { seq: number } | undefined;
  frames.forEach((f, i) => {
    if (typeof f.seq !== 'number') return;
    if (!prev && f.seq !== 1) out.push(violation('R5-envelope', `the first seq is ${f.seq} (${label(frames, i)}); seq starts at 1`, i));
    if (prev) {
      const expected = prev.seq + 1;
      if (f.seq === prev.seq) out.push(violation('R5-envelope', `seq ${f.seq} repeats at ${label(frames, i)}`, i));
      else if (f.seq < prev.seq) out.push(violation('R5-envelope', `seq goes back from ${prev.seq} to ${f.seq} at ${label(frames, i)}`, i));
      else if (f.seq !== expected) {
        const gap = f.seq - 1 === expected ? `seq ${expected} missing` : `seq ${expected}–${f.seq - 1} missing`;
        out.push(violation('R5-envelope', `seq jumps from ${prev.seq} to ${f.seq} at ${label(frames, i)} (${gap})`, i));
      }
    }
    prev = { seq: f.seq };
  });
  return out;
}

function checkTimestamps(frames: readonly RunFrame[]): SequenceViolation[] {
  const out: SequenceViolation[] = [];
  let latest: { time: number; text: string } | undefined;
  frames.forEach((f, i) => {
    const time = Date.parse(f.timestamp);
    if (Number.isNaN(time)) return; // schema validation reports unreadable timestamps
    if (latest && time < latest.time) {
      out.push(violation('R5-envelope', `timestamp goes back at ${label(frames, i)} (${f.timestamp} after ${latest.text})`, i));
    }
    if (!latest || time > latest.time) latest = { time, text: f.timestamp };
  });
  return out;
}

function checkSameIds(frames: readonly RunFrame[]): SequenceViolation[] {
  const first = frames[0];
  if (!first) return [];
  const out: SequenceViolation[] = [];
  for (const field of ['run_id', 'thread_id', 'user_id'] as const) {
    const reported = new Set<string>();
    frames.forEach((f, i) => {
      const value = text(f[field]);
      if (value === text(first[field]) || reported.has(value)) return;
      reported.add(value);
      const count = frames.filter((g) => text(g[field]) === value).length;
      out.push(
        violation(
          'R5-envelope',
          `${field} changes from ${text(first[field])} to ${value} at ${label(frames, i)} (${count} frame(s) carry ${value})`,
          i,
        ),
      );
    });
  }
  return out;
}

function checkOwner(frames: readonly RunFrame[], owner: string | undefined): SequenceViolation[] {
  if (owner === undefined) return [];
  const out: SequenceViolation[] = [];
  const reported = new Set<string>();
  frames.forEach((f, i) => {
    const value = text(f.user_id);
    if (value === owner || reported.has(value)) return;
    reported.add(value);
    const count = frames.filter((g) => text(g.user_id) === value).length;
    out.push(
      violation(
        'R5-envelope',
        `${count} frame(s) carry user_id ${value}, but the socket belongs to ${owner} (first: ${label(frames, i)})`,
        i,
      ),
    );
    out.at(-1)!.foreignUser = true;
  });
  return out;
}
