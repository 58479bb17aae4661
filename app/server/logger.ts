/** Fastify logger settings: never log passwords, tokens or tickets. */
import type { FastifyServerOptions } from 'fastify';
import type { LogLevel } from './options';

/** Replaces the value of secret query parameters (`ticket`, `token`, …) in a URL path. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:ticket|token|access_token|refresh_token|refresh)=)[^&#]*/gi, '$1[REDACTED]');
}

interface RawRequestLike {
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
}

export function loggerOptions(level: LogLevel): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req(request: RawRequestLike) {
        return {
          method: request.method,
          url: redactUrl(request.url ?? ''),
          remoteAddress: request.ip,
          authorization: request.headers?.authorization ? '[REDACTED]' : undefined,
        };
      },
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.password', '*.refresh_token', '*.access_token', '*.token', '*.ticket'],
      censor: '[REDACTED]',
    },
  };
}
