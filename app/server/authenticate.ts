/** Bearer authentication for HTTP routes. */
import type { FastifyRequest } from 'fastify';
import { HttpError } from './http-errors';
import type { Authenticated, Tokens } from './tokens';

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

/** The signed-in caller, or a 401. */
export async function authenticate(tokens: Tokens, request: FastifyRequest): Promise<Authenticated> {
  const token = bearerToken(request);
  if (!token) throw new HttpError(401, 'UNAUTHORIZED', 'Missing bearer token');
  const auth = await tokens.verifyAccessToken(token);
  if (!auth) throw new HttpError(401, 'INVALID_TOKEN', 'Invalid or expired token');
  return auth;
}
