/** JSON body parser: an empty body is `undefined` (each route decides), bad JSON is a 422. */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-errors';

export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new HttpError(422, 'VALIDATION_ERROR', 'Request body is not valid JSON'), undefined);
    }
  });
}
