/** /health and /health/ready. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './context';
import { sendError } from './http-errors';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', async () => ({ status: 'healthy' }));

  app.get('/health/ready', async (_request, reply) => {
    if (!ctx.ready) return sendError(reply, 503, 'NOT_READY', 'The reference app is starting');
    return { status: 'ready', version: ctx.version, started_at: ctx.startedAt };
  });
}
