/**
 * The open sockets of each user. A run's frames go only to sockets of the run's user that
 * follow the run: those open when it started, plus those that `resume`d it. Each socket
 * keeps a cursor per run (the highest seq it has had), so live frames never repeat a replay.
 */
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../contract/frames';

export interface Client {
  connectionId: string;
  userId: string;
  socket: WebSocket;
  /** run_id → highest seq of that run sent to this socket; present = the socket follows the run. */
  runCursors: Map<string, number>;
  heartbeatTimer: NodeJS.Timeout | null;
}

export interface StoredFrame {
  seq: number;
  json: string;
}

export class SocketHub {
  private readonly byUser = new Map<string, Set<Client>>();

  constructor(private readonly heartbeatIdleMs: number) {}

  add(client: Client): void {
    const sockets = this.byUser.get(client.userId) ?? new Set<Client>();
    sockets.add(client);
    this.byUser.set(client.userId, sockets);
    this.touch(client);
  }

  remove(client: Client): void {
    if (client.heartbeatTimer) clearTimeout(client.heartbeatTimer);
    client.heartbeatTimer = null;
    const sockets = this.byUser.get(client.userId);
    sockets?.delete(client);
    if (sockets?.size === 0) this.byUser.delete(client.userId);
  }

  socketsOf(userId: string): Client[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  /** Every socket the user has open now follows the run from its first frame. */
  subscribeUser(userId: string, runId: string): void {
    for (const client of this.socketsOf(userId)) client.runCursors.set(runId, 0);
  }

  sendToClient(client: Client, frame: ServerFrame | string): void {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    client.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    this.touch(client);
  }

  /** A live run frame, to the user's sockets that follow the run and have not had it yet. */
  sendToUser(userId: string, runId: string, frame: StoredFrame): void {
    for (const client of this.socketsOf(userId)) {
      const cursor = client.runCursors.get(runId);
      if (cursor === undefined || frame.seq <= cursor) continue;
      client.runCursors.set(runId, frame.seq);
      this.sendToClient(client, frame.json);
    }
  }

  /**
   * Re-sends the stored frames (seq > after_seq, even ones this socket already had: the client
   * asked for them), then leaves the socket following the run from the last of them. This runs
   * synchronously and frames are stored before they are sent, so the live frames that follow
   * neither repeat nor skip one.
   */
  replay(client: Client, runId: string, afterSeq: number, frames: StoredFrame[]): void {
    let cursor = Math.max(client.runCursors.get(runId) ?? 0, afterSeq);
    for (const frame of frames) {
      this.sendToClient(client, frame.json);
      cursor = Math.max(cursor, frame.seq);
    }
    client.runCursors.set(runId, cursor);
  }

  closeUser(userId: string, code: number, reason: string): void {
    for (const client of this.socketsOf(userId)) client.socket.close(code, reason);
  }

  closeAll(code: number, reason: string): void {
    for (const sockets of this.byUser.values()) {
      for (const client of sockets) client.socket.close(code, reason);
    }
  }

  /** Activity in either direction postpones the idle heartbeat. */
  touch(client: Client): void {
    if (client.heartbeatTimer) clearTimeout(client.heartbeatTimer);
    client.heartbeatTimer = setTimeout(() => this.sendHeartbeat(client), this.heartbeatIdleMs);
    client.heartbeatTimer.unref();
  }

  private sendHeartbeat(client: Client): void {
    client.heartbeatTimer = null;
    if (client.socket.readyState !== WebSocket.OPEN) return;
    this.sendToClient(client, { type: 'heartbeat', timestamp: new Date().toISOString() });
  }
}
