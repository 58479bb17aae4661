/**
 * The view model both timeline renderings share: every captured frame, marker and socket event in
 * the order it happened, with offsets from the first, a one-line summary and its violations; and
 * one verdict per run. Everything in it is redacted.
 */
import { SUPERVISOR } from '../../contract/events';
import { isRecord } from '../../contract/json';
import type { CapturedFrame, FrameCapture, SocketRecord } from '../capture/frame-capture';
import { redactSecrets, redactText } from '../redaction/redact';

export type TimelineSource = Pick<
  FrameCapture,
  'frames' | 'violations' | 'sockets' | 'markers' | 'sendPaths' | 'timeline' | 'notes' | 'runIds' | 'runFrames' | 'checkSequence'
>;

export interface TimelineOptions {
  /** Exact secrets (passwords) to scrub in addition to tokens and tickets. */
  secrets?: readonly string[];
}

export interface FrameView {
  index: number;
  socketIndex: number;
  direction: 'in' | 'out';
  offset: number;
  type: string;
  agent: string;
  seq?: number;
  runId?: string;
  tool?: string;
  executionId?: string;
  status?: string;
  summary: string;
  violations: string[];
}

export type Row =
  | { kind: 'frame'; offset: number; frame: FrameView }
  | { kind: 'marker'; offset: number; label: string }
  | { kind: 'socket'; offset: number; socketIndex: number; text: string };

export interface RunView {
  runId: string;
  frames: number;
  ending: string;
  problems: string[];
}

export interface Model {
  t0: number;
  duration: number;
  rows: Row[];
  frames: FrameView[];
  runs: RunView[];
  sockets: readonly SocketRecord[];
  violationCount: number;
  notes: string[];
}

const SUMMARY_MAX = 100;

export function buildModel(source: TimelineSource, options: TimelineOptions): Model {
  const clean = (text: string) => redactSecrets(redactText(text), options.secrets ?? []);
  const t0 = source.timeline[0]?.at ?? source.frames[0]?.at ?? 0;
  const byFrame = new Map<number, string[]>();
  for (const v of source.violations) {
    const list = byFrame.get(v.frameIndex) ?? [];
    list.push(clean(`${v.path || '(frame)'}: ${v.message}`));
    byFrame.set(v.frameIndex, list);
  }
  const frames = source.frames.map((f) => frameView(f, f.at - t0, byFrame.get(f.index) ?? [], clean));
  const rows: Row[] = [];
  for (const entry of source.timeline) {
    const offset = entry.at - t0;
    if (entry.kind === 'frame') {
      const frame = frames[entry.frameIndex];
      if (frame) rows.push({ kind: 'frame', offset, frame });
    } else if (entry.kind === 'marker') {
      rows.push({ kind: 'marker', offset, label: clean(source.markers[entry.markerIndex]?.label ?? '') });
    } else if (entry.kind === 'rest-send') {
      const send = source.sendPaths[entry.sendIndex];
      rows.push({ kind: 'socket', offset, socketIndex: -1, text: clean(`REST send ${send?.method ?? ''} ${send?.url ?? ''}${send?.status === undefined ? '' : ` → ${send.status}`}`) });
    } else {
      const socket = source.sockets[entry.socketIndex];
      const text =
        entry.kind === 'socket-open'
          ? `socket ${entry.socketIndex} opened  ${socket?.url ?? ''}`
          : entry.kind === 'socket-close'
            ? `socket ${entry.socketIndex} closed${socket?.closeCode === undefined ? '' : ` (code ${socket.closeCode}${socket.closeReason ? `, ${socket.closeReason}` : ''})`}`
            : `socket ${entry.socketIndex} error: ${entry.message}`;
      rows.push({ kind: 'socket', offset, socketIndex: entry.socketIndex, text: clean(text) });
    }
  }
  const runs = source.runIds().map((runId) => runView(source, runId, clean));
  const last = source.timeline.at(-1)?.at ?? t0;
  return {
    t0,
    duration: Math.max(0, last - t0),
    rows,
    frames,
    runs,
    sockets: source.sockets,
    violationCount: source.violations.length,
    notes: source.notes.map(clean),
  };
}

function frameView(f: CapturedFrame, offset: number, violations: string[], clean: (t: string) => string): FrameView {
  const frame = f.canonical ?? (isRecord(f.parsed) ? f.parsed : {});
  const payload = isRecord(frame.payload) ? frame.payload : {};
  const type = str(frame.type) ?? (f.parsed === undefined ? '(not JSON)' : '(unknown)');
  return {
    index: f.index,
    socketIndex: f.socketIndex,
    direction: f.direction,
    offset,
    type,
    agent: str(frame.agent_name) ?? '',
    seq: typeof frame.seq === 'number' ? frame.seq : undefined,
    runId: str(frame.run_id),
    tool: str(payload.tool_name) ?? str(frame.tool_name),
    executionId: str(payload.execution_id),
    status: str(payload.status),
    summary: truncate(clean(summarize(type, frame, payload, f.raw))),
    violations,
  };
}

function summarize(type: string, frame: Record<string, unknown>, p: Record<string, unknown>, raw: string): string {
  switch (type) {
    case 'agent_started':
      return str(p.message) ?? '';
    case 'agent_thinking':
      return str(p.reasoning) ?? '';
    case 'tool_executing':
      return `${str(p.tool_name) ?? '?'} ${JSON.stringify(p.parameters ?? {})}`;
    case 'tool_completed':
      return `${str(p.tool_name) ?? '?'} ${str(p.status) ?? ''} in ${String(p.execution_time_ms ?? '?')} ms${p.error ? `: ${String(p.error)}` : ''}`;
    case 'partial_result':
      return str(p.content) ?? '';
    case 'agent_completed':
      return str(p.final_response) ?? `completed in ${String(p.execution_time_ms ?? '?')} ms`;
    case 'final_report':
      return str(p.executive_summary) ?? '';
    case 'agent_error':
      return `${String(p.error_code)}: ${String(p.error_message)}`;
    case 'error_message':
      return `${String(frame.error_code)}: ${String(frame.error_message)}`;
    case 'connection_established':
      return `connected as ${String(p.user_id)}`;
    case 'user_message':
      return str(p.content) ?? '';
    case 'start_agent':
      return str(p.user_request) ?? '';
    case 'resume':
      return `run ${String(p.run_id)} after seq ${String(p.after_seq)}`;
    case 'stop_agent':
      return `run ${String(p.run_id)}`;
    case 'heartbeat':
    case 'pong':
    case 'ping':
      return '';
    default:
      return raw;
  }
}

function runView(source: TimelineSource, runId: string, clean: (t: string) => string): RunView {
  const frames = source.runFrames(runId);
  const error = frames.find((f) => f.type === 'agent_error');
  const done = frames.some((f) => f.type === 'agent_completed' && f.agent_name === SUPERVISOR);
  const report = frames.some((f) => f.type === 'final_report');
  const ending = error
    ? `failed: agent_error ${String((error.payload as { error_code?: unknown } | undefined)?.error_code)}`
    : done
      ? report
        ? 'completed: supervisor agent_completed then final_report'
        : 'completed: supervisor agent_completed'
      : 'not ended';
  const problems = source.checkSequence(runId).map((v) => clean(`${v.rule}  ${v.message}`));
  return { runId: clean(runId), frames: frames.length, ending, problems };
}

function truncate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > SUMMARY_MAX ? `${oneLine.slice(0, SUMMARY_MAX - 1)}…` : oneLine;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
