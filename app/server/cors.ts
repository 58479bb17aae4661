/** CORS for the origins in CORS_ORIGINS: exact origin echoed, credentials allowed, preflights answered. */
import type { FastifyInstance } from 'fastify';

export function installCors(app: FastifyInstance, origins: string[]): void {
  const allowed = new Set(origins);
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    reply.header('access-control-allow-credentials', 'true');
    reply.header('vary', 'Origin');
    if (request.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS');
      reply.header('access-control-allow-headers', 'Authorization, Content-Type');
      reply.header('access-control-max-age', '600');
    }
  });
  // Preflights from other origins get no CORS headers, so the browser blocks the real request.
  app.options('/*', async (_request, reply) => reply.code(204).send());
}
