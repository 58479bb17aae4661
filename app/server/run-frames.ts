/** Builds the envelope every run frame carries (contract §3). */
import type { RunFrame, RunFrameOf } from '../../contract/frames';

export type RunFrameType = RunFrame['type'];
export type PayloadOf<T extends RunFrameType> = RunFrameOf<T>['payload'];

export interface RunIdentity {
  id: string;
  threadId: string;
  userId: string;
}

export function buildRunFrame<T extends RunFrameType>(
  run: RunIdentity,
  seq: number,
  timestamp: string,
  type: T,
  agentName: string,
  payload: PayloadOf<T>,
): RunFrame {
  const envelope = { type, run_id: run.id, thread_id: run.threadId, user_id: run.userId, agent_name: agentName, timestamp, seq };
  // Tool frames repeat tool_name at the top level, as Netra's emitters do.
  const toolName = 'tool_name' in payload ? { tool_name: payload.tool_name } : {};
  return { ...envelope, ...toolName, payload } as RunFrame;
}

/** The frames that close a run: nothing of the run may follow them. */
export function isClosingFrame(type: RunFrameType): boolean {
  return type === 'final_report' || type === 'agent_error';
}
