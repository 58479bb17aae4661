/** A raw chat socket below the browser (the `ws` client): it keeps every frame and lets a test wait for one. */
import type WebSocket from 'ws';
import { describeWait, waitTimer } from '../runner-load/runner-load';

export class ProtocolSocket {
  readonly frames: Record<string, unknown>[] = [];
  closeCode?: number;
  closeReason?: string;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;
  private waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void; onClose: () => void }[] = [];

  constructor(private readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        this.closeCode = code;
        this.closeReason = String(reason);
        resolve(code);
        // No frame comes on a closed socket: what still waits fails now, saying so.
        for (const waiter of this.waiters.splice(0)) waiter.onClose();
      }),
    );
    ws.on('message', (data) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        frame = { type: '(not JSON)', raw: String(data) };
      }
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Sends `text` as it is: for frames that are not JSON. */
  sendText(text: string): void {
    this.ws.send(text);
  }

  /**
   * The first frame, already received (from index `since` on) or still to come, that matches;
   * rejects after `timeoutMs`.
   */
  waitFor(match: (frame: Record<string, unknown>) => boolean, timeoutMs: number, description: string, since = 0): Promise<Record<string, unknown>> {
    const seen = this.frames.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    const last = () => this.frames.slice(-5).map((f) => String(f.type)).join(', ') || 'none';
    const closed = () => new Error(`no ${description}: the server closed the socket first (${this.describeClose()}); last frames: ${last()}`);
    if (this.closeCode !== undefined) return Promise.reject(closed());
    return new Promise((resolve, reject) => {
      const timer = waitTimer(timeoutMs, (ranOut) => {
        this.waiters = this.waiters.filter((w) => w.match !== match);
        reject(new Error(`no ${description} ${describeWait(timeoutMs, ranOut)}; last frames: ${last()}`));
      });
      this.waiters.push({ match, resolve: (f) => (timer.cancel(), resolve(f)), onClose: () => (timer.cancel(), reject(closed())) });
    });
  }

  /** "close 1003 \"bad frame\"". */
  describeClose(): string {
    return `close ${this.closeCode}${this.closeReason ? ` ${JSON.stringify(this.closeReason)}` : ''}`;
  }

  /**
   * Sends `frame`, then a ping, and returns what the server sent in between: its whole answer to
   * `frame`, since the server handles one socket's frames in order (a run it starts sends
   * agent_started before the pong). Needs ping → pong (contract §3).
   */
  async exchange(frame: unknown, timeoutMs: number, description: string): Promise<Record<string, unknown>[]> {
    const from = this.frames.length;
    const marker = `exchange-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    this.send(frame);
    this.send({ type: 'ping', payload: { timestamp: marker } });
    const isPong = (f: Record<string, unknown>) => f.type === 'pong' && (f.payload as { timestamp?: unknown } | undefined)?.timestamp === marker;
    const pong = await this.waitFor(isPong, timeoutMs, `pong after ${description}`);
    return this.frames.slice(from, this.frames.indexOf(pong));
  }

  close(): void {
    this.ws.close();
  }
}
