/** Names fixed by the golden-path target contract (shared/target-contract.md §3). */

/** The five events every run must stream, in the order a user sees them. */
export const CRITICAL_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
] as const;
export type CriticalEvent = (typeof CRITICAL_EVENTS)[number];

/** Every frame type that belongs to a run (carries run_id, thread_id, user_id). */
export const RUN_EVENT_TYPES = [
  ...CRITICAL_EVENTS,
  'partial_result',
  'final_report',
  'agent_error',
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** Server frames that are not part of a run. */
export const CONTROL_FRAME_TYPES = [
  'connection_established',
  'heartbeat',
  'pong',
  'error_message',
  'thread_switched',
] as const;

/** Client → server frame types. */
export const CLIENT_FRAME_TYPES = [
  'start_agent',
  'user_message',
  'ping',
  'switch_thread',
  'stop_agent',
  'resume',
  'heartbeat_ack',
] as const;

export const SUPERVISOR = 'supervisor';

/** Error codes the contract names. */
export const ERROR_CODES = {
  authFailed: 'AUTH_FAILED',
  jsonParse: 'JSON_PARSE_ERROR',
  unknownType: 'UNKNOWN_MESSAGE_TYPE',
  invalidMessage: 'INVALID_MESSAGE',
  invalidCredentials: 'INVALID_CREDENTIALS',
  cancelled: 'CANCELLED',
  llmError: 'LLM_ERROR',
  dbError: 'DB_ERROR',
} as const;

/** WebSocket close codes the contract names. */
export const CLOSE_CODES = {
  policyViolation: 1008,
  messageTooBig: 1009,
  internalError: 1011,
} as const;

export const LIMITS = {
  maxMessageChars: 10_000,
  maxFrameBytes: 64 * 1024,
  maxTicketTtlSeconds: 300,
  heartbeatIdleMs: 25_000,
} as const;

export const FAULT_KINDS = ['llm_error', 'tool_error', 'tool_timeout', 'db_error', 'ws_drop', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
