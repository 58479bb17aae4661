/**
 * The chat WebSocket (contract §3): ticket auth, heartbeat answers, an outgoing queue while down,
 * and all reconnect behaviour in one place (`handleClose` / `scheduleReconnect`).
 */
import { CLOSE_CODES } from '../../../contract/events';
import type { ClientFrame } from '../../../contract/frames';
import { AuthLostError } from './api';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface SocketFrame {
  type: string;
  [key: string]: unknown;
}

export interface SocketHandlers {
  /** A fresh single-use ticket id (a new one for every connection attempt). */
  getTicket(): Promise<string>;
  onFrame(frame: SocketFrame): void;
  onStateChange(state: ConnectionState): void;
  /** `connection_established` arrived; `reconnected` is false for the first connection only. */
  onConnected(reconnected: boolean): void;
  /** Called once after a 1008 close; resolve true when the tokens were refreshed. */
  refreshAuth(): Promise<boolean>;
  /** Authentication cannot be recovered: leave the session. */
  onAuthLost(): void;
}

export const RECONNECT = { firstDelayMs: 100, maxDelayMs: 3000, maxTries: 10 };
const MAX_QUEUED = 100;

/** Exponential backoff with ±25 % jitter: ~100 ms, 200, 400 … capped at 3 s. */
export function backoffDelay(attempt: number): number {
  const base = Math.min(RECONNECT.maxDelayMs, RECONNECT.firstDelayMs * 2 ** (attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function socketUrl(ticket: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/ws?ticket=${encodeURIComponent(ticket)}`;
}

export class ChatSocket {
  state: ConnectionState = 'disconnected';
  private ws: WebSocket | null = null;
  /** Bumped whenever a socket or pending attempt is abandoned, so its late events are ignored. */
  private generation = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private running = false;
  private offline = false;
  private everConnected = false;
  private authRetried = false;
  private queue: string[] = [];

  constructor(private readonly handlers: SocketHandlers) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offline = !navigator.onLine;
    window.addEventListener('offline', this.handleOffline);
    window.addEventListener('online', this.handleOnline);
    if (this.offline) {
      this.setState('disconnected');
      return;
    }
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    void this.connect();
  }

  /** Deliberate close (logout, leaving the page): no reconnect. */
  stop(): void {
    this.running = false;
    window.removeEventListener('offline', this.handleOffline);
    window.removeEventListener('online', this.handleOnline);
    this.abandonSocket();
    this.setState('disconnected');
  }

  /** Start over with a fresh retry budget (user action, or the browser came back online). */
  reconnectNow(): void {
    if (!this.running || this.offline) return;
    this.abandonSocket();
    this.attempts = 0;
    this.setState('reconnecting');
    void this.connect();
  }

  /** Sends now, or queues until the socket is connected again. */
  send(frame: ClientFrame): void {
    const data = JSON.stringify(frame);
    if (this.state === 'connected' && this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(data);
      return;
    }
    this.queue.push(data);
    if (this.queue.length > MAX_QUEUED) this.queue.shift();
    if (this.state === 'disconnected') this.reconnectNow();
  }

  /** Sends only if connected right now (for frames that are re-sent on every connect anyway). */
  sendNow(frame: ClientFrame): boolean {
    if (this.state !== 'connected' || this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.handlers.onStateChange(state);
  }

  private abandonSocket(): void {
    this.generation += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'client closing');
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    let ticket: string;
    try {
      ticket = await this.handlers.getTicket();
    } catch (error) {
      if (generation !== this.generation || !this.running) return;
      if (error instanceof AuthLostError) {
        this.stop();
        return;
      }
      this.scheduleReconnect();
      return;
    }
    if (generation !== this.generation || !this.running) return;

    const ws = new WebSocket(socketUrl(ticket));
    this.ws = ws;
    ws.onmessage = (event) => {
      if (generation !== this.generation) return;
      this.receive(event.data);
    };
    ws.onclose = (event) => {
      if (generation !== this.generation) return;
      this.ws = null;
      this.handleClose(event.code);
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: SocketFrame;
    try {
      frame = JSON.parse(data) as SocketFrame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.type !== 'string') return;
    if (frame.type === 'connection_established') this.established();
    else if (frame.type === 'heartbeat') this.sendNow({ type: 'heartbeat_ack' });
    this.handlers.onFrame(frame);
  }

  private established(): void {
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.attempts = 0;
    this.authRetried = false;
    this.setState('connected');
    this.handlers.onConnected(reconnected);
    const queued = this.queue;
    this.queue = [];
    for (const data of queued) this.ws?.send(data);
  }

  /** Every close that the client did not ask for ends up here. */
  private handleClose(code: number): void {
    if (!this.running || this.offline) return;
    if (code === CLOSE_CODES.policyViolation) {
      void this.recoverAuth();
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.attempts += 1;
    if (this.attempts > RECONNECT.maxTries) {
      this.setState('disconnected');
      return;
    }
    this.setState('reconnecting');
    const generation = this.generation;
    this.retryTimer = setTimeout(() => {
      if (generation === this.generation && this.running) void this.connect();
    }, backoffDelay(this.attempts));
  }

  private async recoverAuth(): Promise<void> {
    this.setState('reconnecting');
    if (!this.authRetried) {
      this.authRetried = true;
      if (await this.handlers.refreshAuth()) {
        if (this.running) this.scheduleReconnect();
        return;
      }
    }
    this.stop();
    this.handlers.onAuthLost();
  }

  private readonly handleOffline = (): void => {
    this.offline = true;
    this.abandonSocket();
    this.setState('disconnected');
  };

  private readonly handleOnline = (): void => {
    this.offline = false;
    this.reconnectNow();
  };
}
