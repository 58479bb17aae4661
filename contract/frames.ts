/**
 * zod schemas of the canonical WebSocket frames (contract §3). Every target's frames are
 * normalised into these shapes by its profile before schemas and sequence rules run.
 */
import { z } from 'zod';

const id = z.string().min(1);
const isoTime = z.iso.datetime({ offset: true });

/** Fields every run frame carries. `seq` is an extension: profiles decide whether it is required. */
const runEnvelope = {
  run_id: id,
  thread_id: id,
  user_id: id,
  agent_name: id,
  timestamp: isoTime,
  seq: z.number().int().positive().optional(),
};

export const agentStartedFrame = z.object({
  ...runEnvelope,
  type: z.literal('agent_started'),
  payload: z.object({
    status: z.literal('started'),
    message: z.string(),
    parent_agent: z.string().min(1).optional(),
  }),
});

export const agentThinkingFrame = z.object({
  ...runEnvelope,
  type: z.literal('agent_thinking'),
  payload: z.object({
    status: z.literal('thinking'),
    reasoning: z.string().min(1),
    step_number: z.number().int().nonnegative(),
    progress_percentage: z.number().min(0).max(100),
  }),
});

export const toolExecutingFrame = z.object({
  ...runEnvelope,
  type: z.literal('tool_executing'),
  tool_name: id,
  payload: z.object({
    status: z.literal('executing'),
    tool_name: id,
    execution_id: id,
    parameters: z.record(z.string(), z.unknown()),
  }),
});

export const toolCompletedFrame = z.object({
  ...runEnvelope,
  type: z.literal('tool_completed'),
  tool_name: id,
  payload: z.object({
    status: z.enum(['completed', 'failed']),
    tool_name: id,
    execution_id: id,
    result: z.unknown().optional(),
    error: z.string().optional(),
    execution_time_ms: z.number().nonnegative(),
  }),
});

export const partialResultFrame = z.object({
  ...runEnvelope,
  type: z.literal('partial_result'),
  payload: z.object({ content: z.string(), is_complete: z.literal(false) }),
});

export const agentCompletedFrame = z.object({
  ...runEnvelope,
  type: z.literal('agent_completed'),
  payload: z.object({
    status: z.literal('completed'),
    result: z.unknown(),
    execution_time_ms: z.number().nonnegative(),
    final_response: z.string().optional(),
  }),
});

export const finalReportFrame = z.object({
  ...runEnvelope,
  type: z.literal('final_report'),
  payload: z.object({
    executive_summary: z.string(),
    report: z.unknown(),
    recommendations: z.array(z.string()),
    total_duration_ms: z.number().nonnegative(),
  }),
});

export const agentErrorFrame = z.object({
  ...runEnvelope,
  type: z.literal('agent_error'),
  payload: z.object({
    status: z.literal('error'),
    error_code: id,
    error_message: z.string().min(1),
    recoverable: z.boolean(),
  }),
});

export const runFrame = z.discriminatedUnion('type', [
  agentStartedFrame,
  agentThinkingFrame,
  toolExecutingFrame,
  toolCompletedFrame,
  partialResultFrame,
  agentCompletedFrame,
  finalReportFrame,
  agentErrorFrame,
]);
export type RunFrame = z.infer<typeof runFrame>;
export type RunFrameOf<T extends RunFrame['type']> = Extract<RunFrame, { type: T }>;

export const connectionEstablishedFrame = z.object({
  type: z.literal('connection_established'),
  payload: z.object({
    connection_id: id,
    user_id: id,
    server_time: z.union([isoTime, z.number()]),
    golden_path_events: z.array(z.string()),
  }),
  timestamp: z.union([isoTime, z.number()]),
});

export const heartbeatFrame = z.object({ type: z.literal('heartbeat'), timestamp: z.union([isoTime, z.number()]) });
export const pongFrame = z.object({ type: z.literal('pong'), payload: z.object({ timestamp: z.unknown() }) });
export const errorMessageFrame = z.object({
  type: z.literal('error_message'),
  error_code: id,
  error_message: z.string().min(1),
});
export const threadSwitchedFrame = z.object({ type: z.literal('thread_switched'), payload: z.object({ thread_id: id }) });

export const controlFrame = z.discriminatedUnion('type', [
  connectionEstablishedFrame,
  heartbeatFrame,
  pongFrame,
  errorMessageFrame,
  threadSwitchedFrame,
]);
export type ControlFrame = z.infer<typeof controlFrame>;

/** Any frame the server may send. */
export const serverFrame = z.union([runFrame, controlFrame]);
export type ServerFrame = z.infer<typeof serverFrame>;

/** Client → server frames. */
export const startAgentFrame = z.object({
  type: z.literal('start_agent'),
  payload: z.object({
    user_request: z.string(),
    // Netra's frontend sends null for a new conversation.
    thread_id: z.string().min(1).nullable().optional(),
    context: z.record(z.string(), z.unknown()).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
  }),
});
export const userMessageFrame = z.object({
  type: z.literal('user_message'),
  payload: z.object({
    content: z.string(),
    thread_id: id,
    references: z.array(z.unknown()).optional(),
  }),
});
export const pingFrame = z.object({
  type: z.literal('ping'),
  payload: z.object({ timestamp: z.unknown().optional() }).optional(),
  timestamp: z.unknown().optional(),
});
export const switchThreadFrame = z.object({ type: z.literal('switch_thread'), payload: z.object({ thread_id: id }) });
export const stopAgentFrame = z.object({ type: z.literal('stop_agent'), payload: z.object({ run_id: id }) });
export const resumeFrame = z.object({
  type: z.literal('resume'),
  payload: z.object({ run_id: id, after_seq: z.number().int().nonnegative() }),
});
export const heartbeatAckFrame = z.object({ type: z.literal('heartbeat_ack') }).loose();

export const clientFrame = z.discriminatedUnion('type', [
  startAgentFrame,
  userMessageFrame,
  pingFrame,
  switchThreadFrame,
  stopAgentFrame,
  resumeFrame,
  heartbeatAckFrame,
]);
export type ClientFrame = z.infer<typeof clientFrame>;

export function isRunFrame(frame: { type?: unknown }): boolean {
  return typeof frame.type === 'string' && runFrame.options.some((o) => o.shape.type.value === frame.type);
}

/** The clause (contract/clauses.ts) each control frame's shape is promised by. */
const CONTROL_FRAME_CLAUSES: Record<string, string> = {
  connection_established: 'C3.2',
  heartbeat: 'C3.4',
  pong: 'C3.7',
  thread_switched: 'C3.8',
};

/**
 * The clause a server frame breaks when its field at `path` (dotted, '' for the whole frame) is off
 * the schema: a run frame's envelope is C3.17, its payload C3.18; a control frame, its own clause.
 */
export function frameClauseOf(type: string, path: string): string | undefined {
  if (isRunFrame({ type })) return path === 'payload' || path.startsWith('payload.') ? 'C3.18' : 'C3.17';
  return CONTROL_FRAME_CLAUSES[type];
}
