/**
 * A WebSocket test client: signs in (or takes a session), gets a ticket, connects, keeps every
 * frame it receives, and resolves `waitFor` from the message handler itself (no sleeps).
 */
import WebSocket from 'ws';
import { runFrame, type RunFrame } from '../../../contract/frames';
import { SUPERVISOR } from '../../../contract/events';
import { Http, ticket, type Session } from './http';
import type { TestServer } from './server';

/** A server frame as received (loose: the tests validate shapes with the contract schemas). */
export interface WsFrame {
  type: string;
  run_id?: string;
  thread_id?: string;
  user_id?: string;
  agent_name?: string;
  seq?: number;
  timestamp?: string | number;
  error_code?: string;
  error_message?: string;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Received {
  frame: WsFrame;
  /** performance.now() when the message handler saw it. */
  at: number;
}

export interface CloseInfo {
  code: number;
  reason: string;
}

type Waiter = { pred: (f: WsFrame) => boolean; from: number; resolve: (f: WsFrame) => void };

const DEFAULT_WAIT_MS = 10_000;

export class SocketClient {
  readonly received: Received[] = [];
  /** Text messages that were not JSON (should never happen). */
  readonly unparsable: string[] = [];
  closeInfo: CloseInfo | undefined;
  readonly closed: Promise<CloseInfo>;
  /** Set when the HTTP upgrade itself was refused (the contract wants error_message + 1008 instead). */
  upgradeError: string | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly closeWaiters = new Set<() => void>();
  private readonly claimedRuns = new Set<string>();
  private pingCounter = 0;

  constructor(
    readonly ws: WebSocket,
    readonly label: string,
    readonly session?: Session,
  ) {
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
        for (const w of this.closeWaiters) w();
      });
    });
    ws.on('error', (err) => {
      // e.g. 'Unexpected server response: 401' when the upgrade is refused; 'close' (1006) follows.
      this.upgradeError ??= err.message;
    });
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      let frame: WsFrame;
      try {
        frame = JSON.parse(text) as WsFrame;
      } catch {
        this.unparsable.push(text.slice(0, 200));
        return;
      }
      const index = this.received.length;
      this.received.push({ frame, at: performance.now() });
      for (const w of this.waiters) {
        if (index >= w.from && w.pred(frame)) {
          this.waiters.delete(w);
          w.resolve(frame);
        }
      }
    });
  }

  /** Connects with a ticket and waits for `connection_established` (unless `expectEstablished` is false). */
  static async connect(url: string, label: string, session?: Session, expectEstablished = true): Promise<SocketClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const client = new SocketClient(ws, label, session);
    if (expectEstablished) {
      await client.waitFor((f) => f.type === 'connection_established', { what: 'connection_established', timeout: 5_000 });
    }
    return client;
  }

  get frames(): WsFrame[] {
    return this.received.map((r) => r.frame);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Resolves with the first frame (at index ≥ `from`) matching `pred`, already received or yet to come.
   * Rejects after `timeout` ms or when the socket closes first, with a message saying what was awaited.
   */
  waitFor(pred: (f: WsFrame) => boolean, opts: { timeout?: number; what?: string; from?: number } = {}): Promise<WsFrame> {
    const from = opts.from ?? 0;
    for (let i = from; i < this.received.length; i++) {
      const f = this.received[i]!.frame;
      if (pred(f)) return Promise.resolve(f);
    }
    const timeout = opts.timeout ?? DEFAULT_WAIT_MS;
    const what = opts.what ?? 'a matching frame';
    return new Promise<WsFrame>((resolve, reject) => {
      const fail = (why: string) => {
        this.waiters.delete(waiter);
        this.closeWaiters.delete(onClose);
        clearTimeout(timer);
        reject(new Error(`[${this.label}] ${why} while waiting for ${what}; last frames: ${this.tail()}`));
      };
      const onClose = () => fail(`socket closed (${this.closeInfo?.code} ${this.closeInfo?.reason ?? ''})`);
      const waiter: Waiter = {
        pred,
        from,
        resolve: (f) => {
          clearTimeout(timer);
          this.closeWaiters.delete(onClose);
          resolve(f);
        },
      };
      const timer = setTimeout(() => fail(`timed out after ${timeout} ms`), timeout);
      this.waiters.add(waiter);
      if (this.closeInfo) onClose();
      else this.closeWaiters.add(onClose);
    });
  }

  /** Resolves with the close code/reason, or rejects after `timeout` ms. */
  waitForClose(timeout = 5_000): Promise<CloseInfo> {
    if (this.closeInfo) return Promise.resolve(this.closeInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`[${this.label}] socket not closed after ${timeout} ms; last frames: ${this.tail()}`)), timeout);
      const done = () => {
        clearTimeout(timer);
        this.closeWaiters.delete(done);
        resolve(this.closeInfo!);
      };
      this.closeWaiters.add(done);
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /**
   * Round trip barrier: a ping with a unique timestamp, resolved by its pong. Frames the server
   * queued before handling the ping have arrived when this resolves.
   */
  async barrier(timeout = 5_000): Promise<void> {
    const stamp = `barrier-${this.label}-${++this.pingCounter}-${Date.now()}`;
    const from = this.received.length;
    this.send({ type: 'ping', payload: { timestamp: stamp } });
    await this.waitFor((f) => f.type === 'pong' && f.payload?.timestamp === stamp, { timeout, from, what: `pong ${stamp}` });
  }

  /** The frames of one run, in arrival order, each validated against the contract's run-frame schema. */
  runFrames(runId: string): RunFrame[] {
    return this.frames
      .filter((f) => f.run_id === runId)
      .map((f, i) => {
        const parsed = runFrame.safeParse(f);
        if (!parsed.success) {
          throw new Error(`[${this.label}] frame #${i} of run ${runId} breaks the contract schema: ${parsed.error.message}\n${JSON.stringify(f).slice(0, 400)}`);
        }
        return parsed.data;
      });
  }

  /** Raw (unvalidated) frames of one run, in arrival order. */
  rawRunFrames(runId: string): WsFrame[] {
    return this.frames.filter((f) => f.run_id === runId);
  }

  runIds(): string[] {
    return [...new Set(this.frames.filter((f) => typeof f.run_id === 'string').map((f) => f.run_id!))];
  }

  /**
   * Sends a frame that should start a run and resolves with the run id: the first supervisor
   * `agent_started` after the send whose run this client has not claimed yet (and whose thread is
   * `threadId` when given). Rejects early if an `error_message` comes back instead.
   */
  async startRun(frame: unknown, threadId?: string, timeout = DEFAULT_WAIT_MS): Promise<string> {
    const from = this.received.length;
    this.send(frame);
    const got = await this.waitFor(
      (f) =>
        (f.type === 'agent_started' &&
          f.agent_name === SUPERVISOR &&
          typeof f.run_id === 'string' &&
          !this.claimedRuns.has(f.run_id) &&
          (threadId === undefined || f.thread_id === threadId)) ||
        f.type === 'error_message',
      { from, timeout, what: `agent_started for ${JSON.stringify(frame).slice(0, 120)}` },
    );
    if (got.type === 'error_message') {
      throw new Error(`[${this.label}] the send answered error_message ${got.error_code}: ${got.error_message}`);
    }
    this.claimedRuns.add(got.run_id!);
    return got.run_id!;
  }

  /** `user_message` in an existing thread; resolves with the run id. */
  sendUserMessage(threadId: string, content: string, timeout?: number): Promise<string> {
    return this.startRun({ type: 'user_message', payload: { content, thread_id: threadId } }, threadId, timeout);
  }

  /** `start_agent`, with or without a thread; resolves with the run id. */
  startAgent(userRequest: string, threadId?: string, timeout?: number): Promise<string> {
    const payload: Record<string, unknown> = { user_request: userRequest };
    if (threadId !== undefined) payload.thread_id = threadId;
    return this.startRun({ type: 'start_agent', payload }, threadId, timeout);
  }

  /** Marks a run (e.g. started over REST) as claimed so `startRun` never mistakes it for a new one. */
  claim(runId: string): void {
    this.claimedRuns.add(runId);
  }

  /** Resolves with the closing frame of a run: `final_report` or `agent_error`. */
  waitForRunEnd(runId: string, timeout = DEFAULT_WAIT_MS): Promise<WsFrame> {
    return this.waitFor((f) => f.run_id === runId && (f.type === 'final_report' || f.type === 'agent_error'), {
      timeout,
      what: `end of run ${runId}`,
    });
  }

  /** The last few frames, compact, for failure messages. */
  tail(n = 6): string {
    return (
      this.frames
        .slice(-n)
        .map((f) => `${f.type}${f.agent_name ? `/${f.agent_name}` : ''}${f.seq !== undefined ? `#${f.seq}` : ''}${f.error_code ? `(${f.error_code})` : ''}`)
        .join(', ') || '(none)'
    );
  }

  async close(): Promise<void> {
    if (this.closeInfo) return;
    if (this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.terminate();
      return;
    }
    this.ws.close(1000, 'test done');
    await this.waitForClose(2_000).catch(() => this.ws.terminate());
  }
}

/** Gets a ticket for the session and connects. */
export async function connectSession(server: TestServer, session: Session, label?: string): Promise<SocketClient> {
  const http = new Http(server.url);
  const t = await ticket(http, session.token);
  return SocketClient.connect(server.wsUrl(t.ticket_id), label ?? session.user.key, session);
}
