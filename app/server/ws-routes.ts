/** GET /ws?ticket=…: authenticates the socket with a ticket, then dispatches its frames. */
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { CLOSE_CODES, CRITICAL_EVENTS, ERROR_CODES } from '../../contract/events';
import type { AppContext } from './context';
import type { Client } from './socket-hub';
import { findActiveUser } from './users';
import { handleClientFrame, sendError } from './ws-handlers';
import { parseClientFrame } from './ws-messages';

export function registerWebSocketRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { ticket?: unknown } }>('/ws', { websocket: true }, (socket, request) => {
    const ticket = typeof request.query.ticket === 'string' ? request.query.ticket : undefined;
    const userId = ctx.tickets.consume(ticket);
    if (!userId || !findActiveUser(ctx.db, userId)) return rejectSocket(socket);

    const client: Client = { connectionId: randomUUID(), userId, socket, runCursors: new Map(), heartbeatTimer: null };
    ctx.hub.add(client);
    socket.on('close', () => ctx.hub.remove(client));
    socket.on('message', (data) => onMessage(ctx, client, data));
    const now = new Date().toISOString();
    ctx.hub.sendToClient(client, {
      type: 'connection_established',
      payload: { connection_id: client.connectionId, user_id: userId, server_time: now, golden_path_events: [...CRITICAL_EVENTS] },
      timestamp: now,
    });
  });
}

function rejectSocket(socket: WebSocket): void {
  socket.send(JSON.stringify({ type: 'error_message', error_code: ERROR_CODES.authFailed, error_message: 'WebSocket ticket is missing, unknown, expired or already used' }));
  socket.close(CLOSE_CODES.policyViolation, 'Authentication failed');
}

function onMessage(ctx: AppContext, client: Client, data: RawData): void {
  ctx.hub.touch(client);
  try {
    const parsed = parseClientFrame(rawText(data));
    if (!parsed.ok) return sendError(ctx, client, parsed.errorCode, parsed.message);
    handleClientFrame(ctx, client, parsed.frame);
  } catch (err) {
    // Bad input must not end the connection, let alone the process.
    ctx.log.error({ err }, 'websocket frame handling failed');
    sendError(ctx, client, 'INTERNAL_ERROR', 'The frame could not be handled');
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
