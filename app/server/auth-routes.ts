/** /auth/* routes (contract §2). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES } from '../../contract/events';
import { loginRequest, type LoginResponse, refreshRequest, validateTokenRequest } from '../../contract/http';
import { authenticate } from './authenticate';
import type { AppContext } from './context';
import { HttpError, parseWith, sendError } from './http-errors';
import { checkCredentials } from './users';

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/auth/config', async () => ({
    development_mode: ctx.options.enableDevLogin,
    google_client_id: '',
    oauth_enabled: false,
    endpoints: { login: '/auth/login', refresh: '/auth/refresh', logout: '/auth/logout' },
  }));

  app.post('/auth/login', (request, reply) => login(ctx, request, reply));
  if (ctx.options.enableDevLogin) {
    app.post('/auth/dev/login', (request, reply) => login(ctx, request, reply));
  }

  // Contract §2: the caller authenticates with Bearer; the body's token (if any) is the one checked.
  app.post('/auth/validate-token-and-get-user', async (request) => {
    const caller = await authenticate(ctx.tokens, request);
    const body = parseWith(validateTokenRequest, request.body);
    const auth = body?.token ? await ctx.tokens.verifyAccessToken(body.token) : caller;
    if (!auth) throw new HttpError(401, 'INVALID_TOKEN', 'Invalid or expired token');
    return { valid: true, user: auth.user };
  });

  app.post('/auth/refresh', async (request) => {
    const { refresh_token } = parseWith(refreshRequest, request.body);
    const pair = await ctx.tokens.rotate(refresh_token);
    if (!pair) throw new HttpError(401, 'INVALID_REFRESH_TOKEN', 'Refresh token is invalid, expired or already used');
    return pair;
  });

  app.post('/auth/logout', async (request, reply) => {
    const { sessionId } = await authenticate(ctx.tokens, request);
    ctx.tokens.revokeSession(sessionId);
    return reply.code(204).send();
  });

  app.get('/auth/me', async (request) => (await authenticate(ctx.tokens, request)).user);
}

async function login(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<LoginResponse | FastifyReply> {
  const { email, password } = parseWith(loginRequest, request.body);
  const wait = ctx.throttle.retryAfterSeconds(email, request.ip);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    return sendError(reply, 429, 'TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts; try again later');
  }
  const user = await checkCredentials(ctx.db, email, password);
  if (!user) {
    ctx.throttle.recordFailure(email, request.ip);
    throw new HttpError(401, ERROR_CODES.invalidCredentials, 'Invalid email or password');
  }
  ctx.throttle.recordSuccess(email, request.ip);
  const pair = await ctx.tokens.openSession(user.id);
  return { ...pair, token_type: 'Bearer', user };
}
