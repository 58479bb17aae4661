import { EventEmitter } from 'node:events';
import type WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { ProtocolSocket } from '../harness/api/protocol-socket';

/** A `ws` client stand-in: the test plays the server's frames and close. */
function fakeSocket() {
  const ws = Object.assign(new EventEmitter(), { send: () => undefined, close: () => undefined });
  const socket = new ProtocolSocket(ws as unknown as WebSocket);
  return {
    socket,
    receive: (frame: unknown) => ws.emit('message', Buffer.from(JSON.stringify(frame))),
    serverCloses: (code: number, reason: string) => ws.emit('close', code, Buffer.from(reason)),
  };
}

describe('ProtocolSocket', () => {
  it('settles a wait with the frame that matches', async () => {
    const { socket, receive } = fakeSocket();
    const wait = socket.waitFor((f) => f.type === 'pong', 5000, 'pong');
    receive({ type: 'pong', payload: { timestamp: 't' } });
    await expect(wait).resolves.toMatchObject({ type: 'pong' });
  });

  it('fails a wait at once when the server closes the socket, naming the close', async () => {
    const { socket, receive, serverCloses } = fakeSocket();
    const wait = socket.waitFor((f) => f.type === 'pong', 60_000, 'C3.16: pong after a bad frame');
    receive({ type: 'error_message', error_code: 'JSON_PARSE_ERROR' });
    serverCloses(1003, 'bad frame');
    await expect(wait).rejects.toThrow('no C3.16: pong after a bad frame: the server closed the socket first (close 1003 "bad frame"); last frames: error_message');
    await expect(socket.waitFor(() => true, 60_000, 'anything new', 1)).rejects.toThrow(/^no anything new: the server closed the socket first/);
  });
});
