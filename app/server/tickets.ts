/** WebSocket tickets: random, single-use, short-lived, kept in memory only. */
import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../contract/events';

export const DEFAULT_TICKET_TTL_SECONDS = 60;

interface Ticket {
  userId: string;
  expiresAtMs: number;
}

export interface IssuedTicket {
  ticketId: string;
  createdAt: number;
  expiresAt: number;
  ttlSeconds: number;
}

export class TicketStore {
  private readonly tickets = new Map<string, Ticket>();

  issue(userId: string, requestedTtl?: number): IssuedTicket {
    this.dropExpired();
    const ttlSeconds = Math.min(Math.max(requestedTtl ?? DEFAULT_TICKET_TTL_SECONDS, 1), LIMITS.maxTicketTtlSeconds);
    const ticketId = randomBytes(32).toString('base64url');
    const nowMs = Date.now();
    this.tickets.set(ticketId, { userId, expiresAtMs: nowMs + ttlSeconds * 1000 });
    const createdAt = Math.floor(nowMs / 1000);
    return { ticketId, createdAt, expiresAt: createdAt + ttlSeconds, ttlSeconds };
  }

  /** The ticket's user id, spending the ticket; null if unknown, used or expired. */
  consume(ticketId: string | undefined): string | null {
    if (!ticketId) return null;
    const ticket = this.tickets.get(ticketId);
    this.tickets.delete(ticketId);
    if (!ticket || ticket.expiresAtMs <= Date.now()) return null;
    return ticket.userId;
  }

  private dropExpired(): void {
    const now = Date.now();
    for (const [id, ticket] of this.tickets) {
      if (ticket.expiresAtMs <= now) this.tickets.delete(id);
    }
  }
}
