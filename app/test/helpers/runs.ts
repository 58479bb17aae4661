/** Run-level assertions on top of the contract's sequence rules (contract/sequence.ts). */
import { checkRunSequence } from '../../../contract/sequence';
import type { RunFrame } from '../../../contract/frames';
import { SUPERVISOR } from '../../../contract/events';

export interface RunCheckOptions {
  requireSeq?: boolean;
  requireFinalReport?: boolean;
  requireEnded?: boolean;
}

/** One line per frame: `#seq type agent [tool] [code]`, for failure messages. */
type LooseFrame = { type?: unknown; seq?: unknown; agent_name?: unknown; payload?: Record<string, unknown> };

export function describeFrames(frames: readonly LooseFrame[]): string {
  return frames
    .map((f) => {
      const extra = f.payload?.tool_name ?? f.payload?.error_code ?? f.payload?.status ?? '';
      return `  #${String(f.seq ?? '?')} ${String(f.type)} ${String(f.agent_name ?? '')} ${String(extra)}`.trimEnd();
    })
    .join('\n');
}

/**
 * Fails with every violated rule of contract §3 (ordering, seq, envelope, owner) in the message.
 * Defaults: seq required, run ended, successful runs close with final_report.
 */
export function expectRunValid(frames: readonly RunFrame[], ownerUserId: string, label: string, opts: RunCheckOptions = {}): void {
  const violations = checkRunSequence(frames as RunFrame[], {
    ownerUserId,
    requireSeq: opts.requireSeq ?? true,
    requireFinalReport: opts.requireFinalReport ?? true,
    requireEnded: opts.requireEnded ?? true,
  });
  if (violations.length > 0) {
    const list = violations.map((v) => `  rule ${v.rule}${v.frameIndex === undefined ? '' : ` @frame ${v.frameIndex}`}: ${v.message}`).join('\n');
    throw new Error(`${label}: ${violations.length} ordering violation(s):\n${list}\nframes (${frames.length}):\n${describeFrames(frames)}`);
  }
}

/** The closing frame of a run, if it has one. */
export function runEnd(frames: readonly RunFrame[]): RunFrame | undefined {
  return frames.find((f) => f.type === 'final_report' || f.type === 'agent_error');
}

/** The supervisor's `final_response`, or undefined. */
export function finalResponse(frames: readonly RunFrame[]): string | undefined {
  const done = frames.find((f) => f.type === 'agent_completed' && f.agent_name === SUPERVISOR);
  return done?.type === 'agent_completed' ? done.payload.final_response : undefined;
}

/** Sub-agents that started, in order. */
export function subAgents(frames: readonly RunFrame[]): string[] {
  return frames.filter((f) => f.type === 'agent_started' && f.agent_name !== SUPERVISOR).map((f) => f.agent_name);
}

/** Tool names that were executed, in order. */
export function toolsRun(frames: readonly RunFrame[]): string[] {
  return frames.flatMap((f) => (f.type === 'tool_executing' ? [f.payload.tool_name] : []));
}

/** The run's shape without volatile fields: same request ⇒ same shape for the scripted model. */
export function runShape(frames: readonly RunFrame[]): string[] {
  return frames.map((f) => {
    const tool = f.type === 'tool_executing' || f.type === 'tool_completed' ? `:${f.payload.tool_name}` : '';
    return `${f.type}:${f.agent_name}${tool}`;
  });
}

/** The streamed answer: the concatenated `partial_result` contents. */
export function streamedText(frames: readonly RunFrame[]): string {
  return frames.flatMap((f) => (f.type === 'partial_result' ? [f.payload.content] : [])).join('');
}
