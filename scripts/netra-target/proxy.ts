/**
 * The routing a Netra deployment puts in front of its frontend: `/api/*` and `/health/*` of the
 * frontend's origin go to the backend (a production build asks for its WebSocket ticket at a
 * relative URL), everything else to `next start`. `/auth/*` is not routed, as in a deployment.
 */
import Fastify from 'fastify';
import httpProxy from '@fastify/http-proxy';

export interface FrontendRouting {
  host: string;
  port: number;
  /** Where `next start` listens. */
  nextUrl: string;
  /** The backend origin. */
  backendUrl: string;
}

export const BACKEND_PREFIXES = ['/api', '/health'] as const;

export async function startFrontendRouting({ host, port, nextUrl, backendUrl }: FrontendRouting) {
  const app = Fastify({ logger: false });
  for (const prefix of BACKEND_PREFIXES) {
    await app.register(httpProxy, { upstream: backendUrl, prefix, rewritePrefix: prefix, websocket: false });
  }
  await app.register(httpProxy, { upstream: nextUrl, prefix: '/', websocket: false });
  await app.listen({ host, port });
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
