/** Serves the built UI (app/web/dist): files as they are, index.html for the SPA routes. */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../web/dist', import.meta.url));
const SPA_ROUTES = ['/', '/login', '/chat', '/chat/*'];

export async function registerUi(app: FastifyInstance, distDir: string, unavailableReason?: string): Promise<void> {
  await app.register(fastifyStatic, { root: distDir, prefix: '/', index: false, wildcard: true, suppressWarning: true });
  for (const route of SPA_ROUTES) {
    app.get(route, async (_request, reply) => sendIndex(reply, distDir, unavailableReason));
  }
}

function sendIndex(reply: FastifyReply, distDir: string, unavailableReason?: string): FastifyReply {
  if (unavailableReason) return uiUnavailable(reply, unavailableReason);
  if (!existsSync(join(distDir, 'index.html'))) {
    return uiUnavailable(reply, 'The reference app UI is not built yet (app/web/dist/index.html is missing). Start the app with `npm run app`, which builds it.');
  }
  return reply.header('cache-control', 'no-cache').sendFile('index.html');
}

function uiUnavailable(reply: FastifyReply, reason: string): FastifyReply {
  return reply.code(503).type('text/plain; charset=utf-8').send(`${reason}\n`);
}
