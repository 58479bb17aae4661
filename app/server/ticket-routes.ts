/** POST /api/websocket/ticket: a single-use ticket for opening /ws. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type TicketResponse, ticketRequest } from '../../contract/http';
import { authenticate } from './authenticate';
import type { AppContext } from './context';
import { parseWith } from './http-errors';

export function registerTicketRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/websocket/ticket', async (request): Promise<TicketResponse> => {
    const { user } = await authenticate(ctx.tokens, request);
    const body = parseWith(ticketRequest, request.body);
    const ticket = ctx.tickets.issue(user.id, body?.ttl_seconds);
    return {
      ticket_id: ticket.ticketId,
      expires_at: ticket.expiresAt,
      created_at: ticket.createdAt,
      ttl_seconds: ticket.ttlSeconds,
      single_use: true,
      websocket_url: `${websocketBase(request)}/ws?ticket=${encodeURIComponent(ticket.ticketId)}`,
    };
  });
}

function websocketBase(request: FastifyRequest): string {
  const scheme = request.protocol === 'https' ? 'wss' : 'ws';
  return `${scheme}://${request.host}`;
}
