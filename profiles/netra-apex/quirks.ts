/**
 * Netra's known failure modes (netra-apex-facts.md, "Known ways the golden path broke there"),
 * found in one captured session. Each finding's message names the cause, for the report.
 */
import { CLOSE_CODES } from '../../contract/events';
import type { CapturedTraffic } from '../types';
import { asRecord, isRecord, type RawRecord } from '../shared/raw-frame';
import { netraClientFrameType, normalizeNetraFrame } from './normalize';

/** What the frame capture saw, in time order; `at` in ms on one clock; `socket` tells tabs apart. */
export type NetraCaptureEntry = CapturedTraffic;

export const NETRA_QUIRKS = {
  unknownTool: 'UNKNOWN_TOOL',
  uiStuckAfterRun: 'UI_STUCK_AFTER_RUN',
  noAgentStarted: 'NO_AGENT_STARTED',
  socketClosed1011: 'SOCKET_CLOSED_1011',
  connectionReadyName: 'CONNECTION_READY_NAME',
} as const;
export type NetraQuirkCode = (typeof NETRA_QUIRKS)[keyof typeof NETRA_QUIRKS];

export interface NetraQuirk {
  code: NetraQuirkCode;
  message: string;
}

export interface NetraQuirkOptions {
  /** How long after a send `agent_started` may take; Netra's own target is 5 s. */
  agentStartedBudgetMs?: number;
}

interface Received {
  at: number;
  socket?: string;
  rawType: unknown;
  frame: RawRecord;
  variant: string;
}

const UNKNOWN_TOOL = 'unknown_tool';
const STUCK_UI_TEXT = /\bRunning\b|Sending(?:…|\.\.\.)|Processing your request|Agent is thinking/;
const SEND_TYPES = new Set(['start_agent', 'user_message']);
const REST_SEND = 'POST /api/agent/v2/execute';

/** `uiTexts`: texts read from the page once the run was over (status line, message cards, …). */
export function detectNetraQuirks(
  frames: readonly NetraCaptureEntry[],
  uiTexts: readonly string[],
  options: NetraQuirkOptions = {},
): NetraQuirk[] {
  const received = frames.flatMap(toReceived);
  return [
    ...connectionReadyName(received),
    ...unknownTool(received, uiTexts),
    ...uiStuckAfterRun(received, uiTexts),
    ...sendsWithoutAgent(frames, received, options.agentStartedBudgetMs ?? 5000),
    ...socketClosed1011(frames, received),
  ];
}

function toReceived(entry: NetraCaptureEntry): Received[] {
  if (entry.kind !== 'received') return [];
  const rawType = asRecord(entry.frame)?.type;
  return normalizeNetraFrame(entry.frame).map(({ frame, variant }) => ({ ...entry, rawType, frame, variant }));
}

const payloadOf = (frame: RawRecord): RawRecord => (isRecord(frame.payload) ? frame.payload : {});
const isToolFrame = (r: Received) => r.frame.type === 'tool_executing' || r.frame.type === 'tool_completed';

function connectionReadyName(received: readonly Received[]): NetraQuirk[] {
  const count = received.filter((r) => r.rawType === 'connection_ready').length;
  if (count === 0) return [];
  return [
    {
      code: NETRA_QUIRKS.connectionReadyName,
      message:
        `The server named its ready frame "connection_ready" (Netra's older name) ${count} time(s) instead of ` +
        '"connection_established": normalised here, but a client waiting for connection_established never sees the socket ready',
    },
  ];
}

function unknownTool(received: readonly Received[], uiTexts: readonly string[]): NetraQuirk[] {
  const tools = received.filter(isToolFrame);
  const sentUnknown = tools.filter(
    (r) => r.frame.tool_name === UNKNOWN_TOOL || payloadOf(r.frame).tool_name === UNKNOWN_TOOL,
  );
  if (sentUnknown.length > 0) {
    const first = sentUnknown[0]?.frame;
    return [
      {
        code: NETRA_QUIRKS.unknownTool,
        message:
          `Tool shown as "${UNKNOWN_TOOL}": the server itself sent tool_name "${UNKNOWN_TOOL}" in ${sentUnknown.length} ` +
          `tool frame(s) (first: ${String(first?.type)} of ${String(first?.agent_name)}), so the backend lost the tool's name`,
      },
    ];
  }
  if (!uiTexts.some((text) => text.includes(UNKNOWN_TOOL))) return [];
  return [{ code: NETRA_QUIRKS.unknownTool, message: `UI shows "${UNKNOWN_TOOL}": ${unknownToolCause(tools)}` }];
}

function unknownToolCause(tools: readonly Received[]): string {
  if (tools.length === 0) return 'no tool frame was received at all, yet the UI rendered a tool';
  const nameless = tools.filter((r) => r.frame.tool_name === undefined && payloadOf(r.frame).tool_name === undefined);
  if (nameless.length > 0) return `${nameless.length} tool frame(s) carried no tool_name at all`;
  const outside = tools.filter((r) => r.variant === 'data' || r.variant === 'flat');
  if (outside.length > 0) {
    const variants = [...new Set(outside.map((r) => r.variant))].join('/');
    return (
      `${outside.length} tool frame(s) came in the ${variants} envelope with tool_name outside payload ` +
      `(e.g. "${String(outside[0]?.frame.tool_name)}"), and Netra's UI reads payload.tool_name only`
    );
  }
  return 'every tool frame carried payload.tool_name, so the frontend mislabels them (stale bundle or broken tool-name mapping)';
}

function uiStuckAfterRun(received: readonly Received[], uiTexts: readonly string[]): NetraQuirk[] {
  const label = uiTexts.map((text) => STUCK_UI_TEXT.exec(text)?.[0]).find((match) => match !== undefined);
  if (label === undefined) return [];
  const cause = runEndCause(received);
  if (cause === null) return [];
  return [{ code: NETRA_QUIRKS.uiStuckAfterRun, message: `UI still shows "${label}" after the run ended: ${cause}` }];
}

/** Why the UI should have left its busy state, or null when the frames show no end of a run. */
function runEndCause(received: readonly Received[]): string | null {
  const finalReport = received.find((r) => r.frame.type === 'final_report');
  if (finalReport) {
    if (finalReport.variant === 'data' || finalReport.variant === 'flat') {
      return `final_report came in the ${finalReport.variant} envelope, and Netra's UI reads payload.executive_summary only`;
    }
    const summary = payloadOf(finalReport.frame).executive_summary;
    if (typeof summary !== 'string' || summary.trim() === '') {
      return "final_report carried no executive_summary, the text Netra's UI waits for";
    }
    return 'final_report arrived with an executive_summary, yet the UI did not apply it (stale frontend bundle or render bug)';
  }
  const agentError = received.find((r) => r.frame.type === 'agent_error');
  if (agentError) {
    const code = String(payloadOf(agentError.frame).error_code ?? 'without error_code');
    return `the run ended with agent_error ${code}, and the UI did not leave its busy state on the error`;
  }
  const supervisorDone = received.some(
    (r) =>
      r.frame.type === 'agent_completed' &&
      (/supervisor/i.test(String(r.frame.agent_name)) || typeof payloadOf(r.frame).final_response === 'string'),
  );
  return supervisorDone
    ? `no final_report frame followed the supervisor's agent_completed, and Netra's UI leaves "Running" only on final_report`
    : null;
}

interface Send {
  at: number;
  path: string;
  ack: string;
}

function sendsOf(frames: readonly NetraCaptureEntry[]): Send[] {
  return frames
    .flatMap((entry): Send[] => {
      if (entry.kind === 'rest-send') {
        const ack = entry.status === undefined ? 'no answer recorded' : `answered ${entry.status}`;
        return [{ at: entry.at, path: `REST (${REST_SEND})`, ack }];
      }
      if (entry.kind !== 'sent') return [];
      const type = netraClientFrameType(entry.frame);
      return type !== null && SEND_TYPES.has(type) ? [{ at: entry.at, path: `WebSocket (${type})`, ack: 'sent' }] : [];
    })
    .sort((a, b) => a.at - b.at);
}

/** When each run started: its first agent_started (sub-agents start later in the same run). */
function runStarts(received: readonly Received[]): number[] {
  const seen = new Set<unknown>();
  return received
    .filter((r) => r.frame.type === 'agent_started')
    .filter((r) => r.frame.run_id === undefined || (!seen.has(r.frame.run_id) && seen.add(r.frame.run_id)))
    .map((r) => r.at)
    .sort((a, b) => a - b);
}

function sendsWithoutAgent(
  frames: readonly NetraCaptureEntry[],
  received: readonly Received[],
  budgetMs: number,
): NetraQuirk[] {
  const starts = runStarts(received);
  let next = 0;
  const findings: NetraQuirk[] = [];
  for (const send of sendsOf(frames)) {
    while (next < starts.length && (starts[next] ?? 0) < send.at) next += 1;
    const start = starts[next];
    if (start !== undefined) next += 1;
    if (start !== undefined && start - send.at <= budgetMs) continue;
    const message =
      start === undefined
        ? `A message sent over ${send.path}, ${send.ack}, got no agent_started within ${budgetMs} ms: ` +
          noStartCause(send, frames, received, budgetMs)
        : `agent_started came ${start - send.at} ms after a message sent over ${send.path}, beyond the ` +
          `${budgetMs} ms budget: the agent started late`;
    findings.push({ code: NETRA_QUIRKS.noAgentStarted, message });
  }
  return findings;
}

function noStartCause(
  send: Send,
  frames: readonly NetraCaptureEntry[],
  received: readonly Received[],
  budgetMs: number,
): string {
  const within = (at: number) => at >= send.at && at <= send.at + budgetMs;
  const error = received.find((r) => r.frame.type === 'error_message' && within(r.at));
  if (error) return `the server answered error_message ${String(error.frame.error_code)} instead of starting an agent`;
  const close = frames.find((e) => e.kind === 'closed' && within(e.at));
  if (close?.kind === 'closed') return `the socket closed with ${close.code} before any agent event`;
  if (send.path.startsWith('REST') && !send.ack.startsWith('answered 2')) return `the REST send failed (${send.ack})`;
  return 'the send was acknowledged while no agent ever started';
}

function socketClosed1011(frames: readonly NetraCaptureEntry[], received: readonly Received[]): NetraQuirk[] {
  const lastCloseAt = new Map<string | undefined, number>();
  const findings: NetraQuirk[] = [];
  for (const entry of frames) {
    if (entry.kind !== 'closed') continue;
    const since = lastCloseAt.get(entry.socket) ?? Number.NEGATIVE_INFINITY;
    lastCloseAt.set(entry.socket, entry.at);
    if (entry.code !== CLOSE_CODES.internalError) continue;
    const before = received.filter((r) => r.socket === entry.socket && r.at > since && r.at <= entry.at);
    const reason = entry.reason ? ` "${entry.reason}"` : '';
    findings.push({
      code: NETRA_QUIRKS.socketClosed1011,
      message: `WebSocket closed with 1011 (internal error)${reason}: ${closeCause(before)}`,
    });
  }
  return findings;
}

function closeCause(before: readonly Received[]): string {
  const error = before.findLast((r) => r.frame.type === 'error_message');
  if (error) {
    return `the server reported ${String(error.frame.error_code)} first (${String(error.frame.error_message)}): its services were not ready`;
  }
  if (!before.some((r) => r.frame.type === 'connection_established')) {
    return 'it closed during the handshake, before connection_established: a handshake race or a failed readiness check';
  }
  return 'it closed mid-session after connection_established: an internal error on the server side of the socket';
}
