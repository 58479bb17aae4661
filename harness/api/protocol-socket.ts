/** A raw chat socket below the browser (the `ws` client): it keeps every frame and lets a test wait for one. */
import type WebSocket from 'ws';
import { describeWait, waitTimer } from '../runner-load/runner-load';

export class ProtocolSocket {
  readonly frames: Record<string, unknown>[] = [];
  closeCode?: number;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;
  private waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];

  constructor(private readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.closeCode = code;
        resolve(code);
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

  /** The first frame, already received or still to come, that matches; rejects after `timeoutMs`. */
  waitFor(match: (frame: Record<string, unknown>) => boolean, timeoutMs: number, description: string): Promise<Record<string, unknown>> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = waitTimer(timeoutMs, (ranOut) => {
        const last = this.frames.slice(-5).map((f) => String(f.type)).join(', ') || 'none';
        reject(new Error(`no ${description} ${describeWait(timeoutMs, ranOut)}; last frames: ${last}`));
      });
      this.waiters.push({ match, resolve: (f) => (timer.cancel(), resolve(f)) });
    });
  }

  close(): void {
    this.ws.close();
  }
}
