/**
 * JSON bodies go through Fastify's own parser (which refuses __proto__/constructor poisoning),
 * except that an empty body is `undefined` (each route decides: e.g. logout needs none).
 * The error handler turns unparsable JSON into a 422.
 */
import type { FastifyInstance } from 'fastify';

export function installJsonParser(app: FastifyInstance): void {
  const defaultParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    defaultParser(request, text, done);
  });
}
