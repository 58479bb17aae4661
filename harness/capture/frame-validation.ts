/** Holds captured frames against the contract's schemas; what does not fit becomes violations. */
import { clientFrame, controlFrame, frameClauseOf, isRunFrame, runFrame } from '../../contract/frames';
import { isRecord } from '../../contract/json';
import type { CanonicalFrame, FrameViolation } from './capture-types';

type Issue = { path: PropertyKey[]; message: string; code: string };

/** Parses the matching branch (run or control frame), so issues carry field paths instead of one union error. */
export function serverFrameViolations(frameIndex: number, frame: CanonicalFrame): FrameViolation[] {
  const schema = isRunFrame(frame) ? runFrame : controlFrame;
  const result = schema.safeParse(frame);
  if (result.success) return [];
  return issuesToViolations(frameIndex, typeOf(frame), result.error.issues).map((v) => {
    const clause = frameClauseOf(v.type, v.path);
    return clause ? { ...v, clause } : v;
  });
}

/** "C3.18: frame 3 agent_thinking: payload.step_number Invalid input: …" */
export function describeViolation(v: FrameViolation): string {
  return `${v.clause ? `${v.clause}: ` : ''}frame ${v.frameIndex} ${v.type}: ${v.path || '(frame)'} ${v.message}`;
}

/** A client frame, already given its canonical `type`. */
export function clientFrameViolations(frameIndex: number, type: string, frame: CanonicalFrame): FrameViolation[] {
  const result = clientFrame.safeParse(frame);
  return result.success ? [] : issuesToViolations(frameIndex, type, result.error.issues);
}

function issuesToViolations(frameIndex: number, type: string, issues: readonly Issue[]): FrameViolation[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const message = issue.code === 'invalid_union' && path === 'type' ? `unknown frame type ${JSON.stringify(type)}` : issue.message;
    return { frameIndex, type, path, message };
  });
}

/** The frame's `type`, or 'unknown'. */
export function typeOf(value: unknown): string {
  return isRecord(value) && typeof value.type === 'string' ? value.type : 'unknown';
}
