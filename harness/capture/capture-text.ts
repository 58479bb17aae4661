/** How a capture describes what it saw, for the messages of waits that timed out. */
import { isRecord } from '../../contract/json';
import { redactText } from '../redaction/redact';
import type { CapturedFrame, FrameViolation, Marker, SendRecord, SocketRecord } from './capture-types';
import { describeViolation, typeOf } from './frame-validation';

/** "#12 in agent_thinking triage_agent" / "#13 in tool_executing data_agent query_usage_metrics". */
export function describeFrame(frame: CapturedFrame): string {
  const f = frame.canonical ?? (isRecord(frame.parsed) ? frame.parsed : undefined);
  if (!f) return `#${frame.index} ${frame.direction} (unparsed)`;
  const payload = isRecord(f.payload) ? f.payload : {};
  const tool = payload.tool_name ?? f.tool_name;
  const parts = [`#${frame.index}`, frame.direction, typeOf(f), f.agent_name, tool, payload.error_code];
  return parts.filter((p) => typeof p === 'string' && p.length > 0).join(' ');
}

/**
 * "last frames: …; sockets: …" (redacted), after the first frame the target sent off the contract:
 * a wait that finds nothing may not recognise a frame whose fields are misnamed.
 */
export function recentActivity(frames: readonly CapturedFrame[], sockets: readonly SocketRecord[], violations: readonly FrameViolation[] = []): string {
  const offContract = violations.filter((v) => v.clause);
  const malformed = offContract[0] ? `frames off the contract: ${describeViolation(offContract[0])}${offContract.length > 1 ? ` (+${offContract.length - 1} more)` : ''}; ` : '';
  const last = frames.slice(-8).map(describeFrame);
  const seen = last.length > 0 ? `last frames: ${last.join(', ')}` : 'no frames seen';
  const socketText =
    sockets.length === 0
      ? 'no chat socket opened'
      : `sockets: ${sockets.map((s) => `#${s.index} ${s.closedAt === undefined ? 'open' : `closed${s.closeCode === undefined ? '' : ` ${s.closeCode}`}`}`).join(', ')}`;
  return redactText(`${malformed}${seen}; ${socketText}`);
}

/** How the message sent after `marker` left the page, if it did. */
export function describeSend(marker: Marker, send: SendRecord | undefined): string {
  if (!send) return `no send went out after "${marker.label}" (neither a WebSocket frame nor a REST request)`;
  if (send.path === 'websocket') return `the message went out over the WebSocket (capture frame ${send.frameIndex})`;
  return `the message went out over REST (${send.method} ${send.url} → ${send.status ?? 'no response yet'})`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
