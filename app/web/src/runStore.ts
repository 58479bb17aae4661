/**
 * Chat state and the pure functions that change it. Every run frame goes through `applyFrame`:
 * de-duplication by `seq`, ordering behind gaps, then `applyRunFrame` for what the frame means.
 */
import { SUPERVISOR } from '../../../contract/events';
import type { RunEventType } from '../../../contract/events';
import type { RunFrame } from '../../../contract/frames';
import type { StoredMessage, Thread } from '../../../contract/http';
import type { User } from './api';
import { describeFrame, type Tone } from './describe';
import type { ConnectionState } from './socket';

export interface ChatMessage {
  key: string;
  role: 'user' | 'assistant';
  content: string;
  /** The run that produced this assistant message. */
  runId?: string;
  streaming?: boolean;
  /** Created in this page session (not loaded from history). */
  local?: boolean;
}

export interface TimelineEvent {
  key: string;
  type: RunEventType;
  agentName: string;
  runId: string;
  seq?: number;
  text: string;
  detail?: string;
  tone: Tone;
}

export interface ToolStatus {
  executionId: string;
  toolName: string;
  status: 'executing' | 'completed' | 'failed';
  durationMs?: number;
  error?: string;
}

export interface RunErrorInfo {
  code: string;
  message: string;
}

export interface ThreadView {
  load: 'idle' | 'loading' | 'loaded' | 'missing' | 'failed';
  messages: ChatMessage[];
  /** The run the timeline and tool list show (the latest one). */
  runId: string | null;
  /** The run in flight; null when the thread is idle. */
  activeRunId: string | null;
  /** A message was sent and its run has not started yet. */
  awaitingRun: boolean;
  reasoning: string | null;
  events: TimelineEvent[];
  tools: ToolStatus[];
  error: RunErrorInfo | null;
}

export interface RunTrack {
  threadId: string;
  /** Highest seq applied; frames at or below it are dropped. */
  lastSeq: number;
  /** Frames that arrived after a gap in seq, waiting for the missing ones (sorted by seq). */
  held: RunFrame[];
  /** The run's closing frame (`final_report` or `agent_error`) was applied. */
  done: boolean;
}

export interface ChatState {
  user: User | null;
  connection: ConnectionState;
  threads: Thread[];
  threadsLoaded: boolean;
  views: Record<string, ThreadView>;
  runs: Record<string, RunTrack>;
}

export const initialChatState = (): ChatState => ({
  user: null,
  connection: 'connecting',
  threads: [],
  threadsLoaded: false,
  views: {},
  runs: {},
});

export const emptyView = (): ThreadView => ({
  load: 'idle',
  messages: [],
  runId: null,
  activeRunId: null,
  awaitingRun: false,
  reasoning: null,
  events: [],
  tools: [],
  error: null,
});

let keyCounter = 0;
const nextKey = (prefix: string): string => `${prefix}-${++keyCounter}`;

export function viewOf(state: ChatState, threadId: string): ThreadView {
  return state.views[threadId] ?? emptyView();
}

export function updateView(state: ChatState, threadId: string, change: (view: ThreadView) => ThreadView): ChatState {
  return { ...state, views: { ...state.views, [threadId]: change(viewOf(state, threadId)) } };
}

function withRun(state: ChatState, runId: string, track: RunTrack): ChatState {
  return { ...state, runs: { ...state.runs, [runId]: track } };
}

export function isBusy(view: ThreadView | undefined): boolean {
  return Boolean(view && (view.activeRunId || view.awaitingRun));
}

// ---------------------------------------------------------------------------------------------
// Run frames

/** Apply one incoming run frame. Never applies the same seq twice. */
export function applyFrame(state: ChatState, frame: RunFrame): ChatState {
  const track = state.runs[frame.run_id] ?? { threadId: frame.thread_id, lastSeq: 0, held: [], done: false };
  const seq = frame.seq;
  if (seq !== undefined) {
    if (seq <= track.lastSeq || track.held.some((held) => held.seq === seq)) return state;
    if (seq > track.lastSeq + 1) {
      // A frame overtook ones we missed (they come back through `resume`): keep it in order.
      const held = [...track.held, frame].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
      return withRun(state, frame.run_id, { ...track, held });
    }
  }
  let next = withRun(state, frame.run_id, { ...track, lastSeq: seq ?? track.lastSeq });
  next = applyRunFrame(next, frame);

  const after = next.runs[frame.run_id];
  const following = after?.held[0];
  if (after && following && following.seq === after.lastSeq + 1) {
    next = withRun(next, frame.run_id, { ...after, held: after.held.slice(1) });
    return applyFrame(next, following);
  }
  return next;
}

/** Give up waiting for a gap to fill: apply the held frames in seq order anyway. */
export function releaseHeld(state: ChatState, runId: string): ChatState {
  const track = state.runs[runId];
  const first = track?.held[0];
  if (!track || !first) return state;
  const next = withRun(state, runId, { ...track, held: track.held.slice(1), lastSeq: (first.seq ?? 1) - 1 });
  return releaseHeld(applyFrame(next, first), runId);
}

function endsRun(frame: RunFrame): boolean {
  return (
    frame.type === 'final_report' ||
    frame.type === 'agent_error' ||
    (frame.type === 'agent_completed' && frame.agent_name === SUPERVISOR)
  );
}

/** What one frame means for its thread: timeline, tools, reasoning, answer text, errors. */
function applyRunFrame(state: ChatState, frame: RunFrame): ChatState {
  const closing = frame.type === 'final_report' || frame.type === 'agent_error';
  const track = state.runs[frame.run_id];
  if (track && closing) state = withRun(state, frame.run_id, { ...track, done: true });

  return updateView(state, frame.thread_id, (current) => {
    // The first frame of a new run starts a fresh timeline for the thread.
    let view: ThreadView =
      current.runId === frame.run_id
        ? { ...current }
        : { ...current, runId: frame.run_id, events: [], tools: [], reasoning: null, error: null };
    view.awaitingRun = false;
    view.activeRunId = endsRun(frame) ? null : frame.run_id;

    const described = describeFrame(frame);
    if (described) {
      view.events = [
        ...view.events,
        { key: nextKey('event'), type: frame.type, agentName: frame.agent_name, runId: frame.run_id, seq: frame.seq, ...described },
      ];
    }

    switch (frame.type) {
      case 'agent_thinking':
        view.reasoning = frame.payload.reasoning;
        break;
      case 'tool_executing':
        view.tools = upsertTool(view.tools, {
          executionId: frame.payload.execution_id,
          toolName: frame.payload.tool_name,
          status: 'executing',
        });
        break;
      case 'tool_completed':
        view.tools = upsertTool(view.tools, {
          executionId: frame.payload.execution_id,
          toolName: frame.payload.tool_name,
          status: frame.payload.status,
          durationMs: frame.payload.execution_time_ms,
          error: frame.payload.error,
        });
        break;
      case 'partial_result':
        view = withAnswer(view, frame.run_id, (text) => text + frame.payload.content, true);
        break;
      case 'agent_completed':
        if (frame.agent_name === SUPERVISOR && frame.payload.final_response !== undefined) {
          const finalResponse = frame.payload.final_response;
          view = withAnswer(view, frame.run_id, () => finalResponse, false);
        }
        break;
      case 'final_report':
        // Only when the supervisor gave no final_response: fall back to the summary.
        view = withAnswer(view, frame.run_id, (text) => text || frame.payload.executive_summary, false);
        break;
      case 'agent_error':
        view.error = { code: frame.payload.error_code, message: frame.payload.error_message };
        view = stopStreaming(view, frame.run_id);
        break;
      case 'agent_started':
        break;
    }
    return view;
  });
}

function upsertTool(tools: ToolStatus[], tool: ToolStatus): ToolStatus[] {
  const index = tools.findIndex((t) => t.executionId === tool.executionId);
  if (index === -1) return [...tools, tool];
  return tools.map((t, i) => (i === index ? tool : t));
}

/** Change the run's assistant message, creating it on first use. */
function withAnswer(view: ThreadView, runId: string, change: (text: string) => string, streaming: boolean): ThreadView {
  const index = view.messages.findIndex((m) => m.role === 'assistant' && m.runId === runId);
  if (index === -1) {
    const content = change('');
    if (!content && !streaming) return view;
    const message: ChatMessage = { key: nextKey('answer'), role: 'assistant', content, runId, streaming, local: true };
    return { ...view, messages: [...view.messages, message] };
  }
  const messages = view.messages.map((m, i) => (i === index ? { ...m, content: change(m.content), streaming } : m));
  return { ...view, messages };
}

function stopStreaming(view: ThreadView, runId: string): ThreadView {
  return {
    ...view,
    messages: view.messages.map((m) => (m.runId === runId && m.streaming ? { ...m, streaming: false } : m)),
  };
}

// ---------------------------------------------------------------------------------------------
// Everything else

/** A run we learnt about without seeing its frames (reload mid-run): frames come via `resume`. */
export function registerRun(state: ChatState, runId: string, threadId: string): ChatState {
  if (state.runs[runId]) return state;
  const next = withRun(state, runId, { threadId, lastSeq: 0, held: [], done: false });
  return updateView(next, threadId, (view) => ({
    ...view,
    runId,
    activeRunId: runId,
    events: [],
    tools: [],
    reasoning: null,
    error: null,
  }));
}

/** The run ended without us seeing its closing frame (e.g. it was interrupted while we were away). */
export function endRun(state: ChatState, runId: string): ChatState {
  const track = state.runs[runId];
  if (!track) return state;
  const next = withRun(state, runId, { ...track, done: true, held: [] });
  return updateView(next, track.threadId, (view) =>
    stopStreaming({ ...view, activeRunId: view.activeRunId === runId ? null : view.activeRunId }, runId),
  );
}

export function addUserMessage(state: ChatState, threadId: string, content: string): ChatState {
  return updateView(state, threadId, (view) => ({
    ...view,
    load: view.load === 'idle' ? 'loaded' : view.load,
    messages: [...view.messages, { key: nextKey('user'), role: 'user', content, local: true }],
    awaitingRun: true,
    error: null,
  }));
}

export function setRunError(state: ChatState, threadId: string, error: RunErrorInfo): ChatState {
  return updateView(state, threadId, (view) => ({ ...view, awaitingRun: false, error }));
}

export function setLoad(state: ChatState, threadId: string, load: ThreadView['load']): ChatState {
  return updateView(state, threadId, (view) => ({ ...view, load }));
}

/** History goes first; messages that arrived live before it loaded stay after it. */
export function loadHistory(state: ChatState, threadId: string, history: StoredMessage[]): ChatState {
  return updateView(state, threadId, (view) => {
    const stored: ChatMessage[] = history.map((m) => ({ key: `stored-${m.id}`, role: m.role, content: m.content }));
    const live = view.messages.filter(
      (m) => m.local && !(m.role === 'assistant' && !m.streaming && history.some((h) => h.role === m.role && h.content === m.content)),
    );
    return { ...view, load: 'loaded', messages: [...stored, ...live] };
  });
}

export function lastUserMessage(view: ThreadView): string | null {
  for (let i = view.messages.length - 1; i >= 0; i -= 1) {
    const message = view.messages[i];
    if (message?.role === 'user') return message.content;
  }
  return null;
}

export function setThreads(state: ChatState, threads: Thread[]): ChatState {
  return { ...state, threads, threadsLoaded: true };
}

export function upsertThread(state: ChatState, thread: Thread): ChatState {
  return { ...state, threads: [thread, ...state.threads.filter((t) => t.id !== thread.id)] };
}
