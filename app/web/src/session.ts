/**
 * One signed-in chat session: owns the store and the socket, and turns user actions and
 * server frames into store updates. Components only read the store and call these methods.
 */
import { flushSync } from 'react-dom';
import { ERROR_CODES, RUN_EVENT_TYPES } from '../../../contract/events';
import type { RunFrame } from '../../../contract/frames';
import { api, ApiError, endSession, logout, refreshTokens } from './api';
import { navigate, threadPath } from './router';
import {
  addUserMessage,
  applyFrame,
  endRun,
  initialChatState,
  lastUserMessage,
  loadHistory,
  registerRun,
  releaseHeld,
  setLoad,
  setRunError,
  setThreads,
  upsertThread,
  viewOf,
  type ChatState,
} from './runStore';
import { ChatSocket, type SocketFrame } from './socket';
import { createStore } from './store';

/** How long to wait for `resume` to fill a gap in seq before showing what we have. */
const RESUME_WAIT_MS = 3000;
/** A sent message whose run never starts is reported after this long (while connected). */
const START_TIMEOUT_MS = 20_000;

const RUN_TYPES = new Set<string>(RUN_EVENT_TYPES);
/** Error frames that answer a send; others (e.g. about a `resume`) are left to the start timeout. */
const SEND_ERRORS = new Set<string>([ERROR_CODES.invalidMessage, 'THREAD_NOT_FOUND']);

function isRunFrame(frame: unknown): frame is RunFrame {
  if (typeof frame !== 'object' || frame === null) return false;
  const { type, run_id, thread_id } = frame as Record<string, unknown>;
  return typeof type === 'string' && RUN_TYPES.has(type) && typeof run_id === 'string' && typeof thread_id === 'string';
}

export class ChatSession {
  readonly store = createStore<ChatState>(initialChatState());
  private readonly socket: ChatSocket;
  private readonly resumeTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly startTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private active = false;

  constructor() {
    this.socket = new ChatSocket({
      getTicket: async () => (await api.ticket()).ticket_id,
      onFrame: (frame) => this.onFrame(frame),
      onStateChange: (connection) => this.store.update((s) => ({ ...s, connection })),
      onConnected: (reconnected) => this.onConnected(reconnected),
      refreshAuth: refreshTokens,
      onAuthLost: endSession,
    });
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.socket.start();
    api.me().then(
      (user) => this.store.update((s) => ({ ...s, user })),
      () => undefined,
    );
    void this.refreshThreads();
  }

  stop(): void {
    this.active = false;
    this.socket.stop();
    for (const timer of [...this.resumeTimers.values(), ...this.startTimers.values()]) clearTimeout(timer);
    this.resumeTimers.clear();
    this.startTimers.clear();
  }

  async logout(): Promise<void> {
    this.stop();
    await logout();
    endSession();
  }

  reconnect(): void {
    this.socket.reconnectNow();
  }

  async refreshThreads(): Promise<void> {
    try {
      const threads = await api.listThreads();
      this.store.update((s) => setThreads(s, threads));
    } catch {
      // keep the list we have
    }
  }

  /** Load a thread's history once; pick up its run in flight after a reload. */
  async openThread(threadId: string): Promise<void> {
    const load = viewOf(this.store.get(), threadId).load;
    if (load === 'loading' || load === 'loaded') return;
    this.store.update((s) => setLoad(s, threadId, 'loading'));
    try {
      const [thread, messages] = await Promise.all([api.getThread(threadId), api.allMessages(threadId)]);
      this.store.update((s) => loadHistory(s, threadId, messages));
      if (thread.active_run_id) this.followRun(thread.active_run_id, threadId);
    } catch (error) {
      const missing = error instanceof ApiError && error.status === 404;
      this.store.update((s) => setLoad(s, threadId, missing ? 'missing' : 'failed'));
    }
  }

  /** First message of a new conversation: create the thread, go to it, then send. */
  async startThread(content: string): Promise<void> {
    const thread = await api.createThread(content.length > 60 ? `${content.slice(0, 57)}…` : content);
    this.store.update((s) => setLoad(upsertThread(s, thread), thread.id, 'loaded'));
    navigate(threadPath(thread.id));
    this.sendMessage(thread.id, content);
    void this.refreshThreads();
  }

  sendMessage(threadId: string, content: string): void {
    this.store.update((s) => addUserMessage(s, threadId, content));
    this.socket.send({ type: 'user_message', payload: { content, thread_id: threadId, references: [] } });
    this.watchStart(threadId);
  }

  /** Re-send the thread's last user message as a new run. */
  retry(threadId: string): void {
    const content = lastUserMessage(viewOf(this.store.get(), threadId));
    if (content) this.sendMessage(threadId, content);
  }

  // -------------------------------------------------------------------------------------------
  // Incoming frames

  private onFrame(frame: SocketFrame): void {
    if (isRunFrame(frame)) {
      this.onRunFrame(frame);
    } else if (frame.type === 'error_message' && SEND_ERRORS.has(String(frame.error_code))) {
      this.failAwaitingSends(String(frame.error_message ?? 'The server rejected the message.'), String(frame.error_code));
    }
  }

  private onRunFrame(frame: RunFrame): void {
    const before = this.store.get();
    const track = before.runs[frame.run_id];
    if (frame.seq !== undefined && frame.seq > (track?.lastSeq ?? 0) + 1) {
      this.resume(frame.run_id, track?.lastSeq ?? 0, false);
    }
    try {
      // Commit each frame as its own render, so the page shows it the moment it arrives.
      flushSync(() => this.store.update((s) => applyFrame(s, frame)));
    } catch (error) {
      console.error('Could not apply frame', frame.type, error);
      return;
    }
    const knownThread = before.threads.some((t) => t.id === frame.thread_id);
    if (frame.type === 'final_report' || frame.type === 'agent_error' || !knownThread) {
      if (frame.type !== 'partial_result') void this.refreshThreads();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Resuming runs after a reload or a dropped socket

  private onConnected(reconnected: boolean): void {
    const state = this.store.get();
    for (const [runId, track] of Object.entries(state.runs)) {
      if (!track.done) this.resume(runId, track.lastSeq, true);
    }
    if (!reconnected) return;
    // A message sent just before the drop may have started a run whose frames we missed.
    for (const [threadId, view] of Object.entries(state.views)) {
      if (view.awaitingRun) void this.findActiveRun(threadId);
    }
  }

  private followRun(runId: string, threadId: string): void {
    if (this.store.get().runs[runId]) return;
    this.store.update((s) => registerRun(s, runId, threadId));
    this.resume(runId, 0, true);
  }

  /** Ask the server to re-send the run's frames after `afterSeq`; duplicates are dropped by seq. */
  private resume(runId: string, afterSeq: number, force: boolean): void {
    if (this.resumeTimers.has(runId) && !force) return;
    clearTimeout(this.resumeTimers.get(runId));
    // If the socket is down this is a no-op: `onConnected` resumes every run in flight.
    this.socket.sendNow({ type: 'resume', payload: { run_id: runId, after_seq: afterSeq } });
    this.resumeTimers.set(
      runId,
      setTimeout(() => {
        this.resumeTimers.delete(runId);
        flushSync(() => this.store.update((s) => releaseHeld(s, runId)));
        const track = this.store.get().runs[runId];
        if (track && !track.done && track.lastSeq === afterSeq) void this.catchUp(runId);
      }, RESUME_WAIT_MS),
    );
  }

  /** Nothing came back after a resume: read the run's stored frames, and end it if it is over. */
  private async catchUp(runId: string): Promise<void> {
    const track = this.store.get().runs[runId];
    if (!track || track.done || !this.active) return;
    try {
      const stored = await api.runEvents(runId, track.lastSeq);
      const frames = stored.events.filter(isRunFrame);
      for (const frame of frames) flushSync(() => this.store.update((s) => applyFrame(s, frame)));
    } catch {
      // the events API is an extension; the thread tells us whether the run is still going
    }
    if (this.store.get().runs[runId]?.done) return;
    try {
      const thread = await api.getThread(track.threadId);
      if (thread.active_run_id === runId) return;
      this.store.update((s) => endRun(s, runId));
      const messages = await api.allMessages(track.threadId);
      this.store.update((s) => loadHistory(s, track.threadId, messages));
    } catch {
      // try again on the next reconnect
    }
  }

  private async findActiveRun(threadId: string): Promise<void> {
    try {
      const thread = await api.getThread(threadId);
      if (thread.active_run_id && viewOf(this.store.get(), threadId).awaitingRun) {
        this.followRun(thread.active_run_id, threadId);
      }
    } catch {
      // the start timeout reports it
    }
  }

  // -------------------------------------------------------------------------------------------
  // Sends that never start a run

  private watchStart(threadId: string): void {
    clearTimeout(this.startTimers.get(threadId));
    const check = (): void => {
      if (!viewOf(this.store.get(), threadId).awaitingRun) return this.clearStartTimer(threadId);
      if (this.socket.state !== 'connected') {
        this.startTimers.set(threadId, setTimeout(check, START_TIMEOUT_MS));
        return;
      }
      this.clearStartTimer(threadId);
      this.store.update((s) =>
        setRunError(s, threadId, { code: 'NO_RESPONSE', message: 'The agent did not respond to this message.' }),
      );
    };
    this.startTimers.set(threadId, setTimeout(check, START_TIMEOUT_MS));
  }

  private clearStartTimer(threadId: string): void {
    clearTimeout(this.startTimers.get(threadId));
    this.startTimers.delete(threadId);
  }

  private failAwaitingSends(message: string, code: string): void {
    for (const [threadId, view] of Object.entries(this.store.get().views)) {
      if (!view.awaitingRun) continue;
      this.clearStartTimer(threadId);
      this.store.update((s) => setRunError(s, threadId, { code, message }));
    }
  }
}
