/** Error bodies `{detail, error_code}` (contract §2) and zod validation of request bodies. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    detail: string,
  ) {
    super(detail);
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'NOT_FOUND', `${what} not found`);

export function sendError(reply: FastifyReply, status: number, errorCode: string, detail: string): FastifyReply {
  return reply.code(status).type('application/json').send({ detail, error_code: errorCode });
}

/** Validates a body or query with a contract schema; a mismatch is a 422. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(value ?? undefined);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new HttpError(422, 'VALIDATION_ERROR', `Invalid ${what}: ${where}${issue?.message ?? 'malformed'}`);
  }
  return result.data;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError) return sendError(reply, error.statusCode, error.errorCode, error.message);
    if (error.code?.startsWith('FST_ERR_CTP_') && error.statusCode === 400) {
      return sendError(reply, 422, 'VALIDATION_ERROR', 'Request body is not valid JSON');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendError(reply, status, error.code ?? 'BAD_REQUEST', error.message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, 500, 'INTERNAL_ERROR', 'Internal server error');
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, 'NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`));
}
