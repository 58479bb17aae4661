/** /api/threads routes. Another user's thread is a 404, never a 403. */
import type { FastifyInstance } from 'fastify';
import { createThreadRequest, messageListQuery, threadListQuery, updateThreadRequest } from '../../contract/http';
import { authenticate } from './authenticate';
import type { AppContext } from './context';
import { notFound, parseWith } from './http-errors';
import { activeRunId } from './runs-store';
import { createThread, deleteThread, findThread, listMessages, listThreads, updateThread } from './threads';

type WithId = { Params: { id: string } };

export function registerThreadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/threads', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const { limit, offset } = parseWith(threadListQuery, request.query, 'query');
    return listThreads(ctx.db, user.id, limit, offset);
  });

  app.post('/api/threads', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const body = parseWith(createThreadRequest, request.body);
    return createThread(ctx.db, user.id, body ?? {});
  });

  app.get<WithId>('/api/threads/:id', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const thread = findThread(ctx.db, user.id, request.params.id);
    if (!thread) throw notFound('Thread');
    return { ...thread, active_run_id: activeRunId(ctx.db, user.id, thread.id) };
  });

  app.put<WithId>('/api/threads/:id', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const changes = parseWith(updateThreadRequest, request.body);
    const thread = updateThread(ctx.db, user.id, request.params.id, changes);
    if (!thread) throw notFound('Thread');
    return thread;
  });

  app.delete<WithId>('/api/threads/:id', async (request, reply) => {
    const { user } = await authenticate(ctx.tokens, request);
    if (!deleteThread(ctx.db, user.id, request.params.id)) throw notFound('Thread');
    ctx.engine.cancelThreadRuns(user.id, request.params.id);
    return reply.code(204).send();
  });

  app.get<WithId>('/api/threads/:id/messages', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const { limit, offset } = parseWith(messageListQuery, request.query, 'query');
    if (!findThread(ctx.db, user.id, request.params.id)) throw notFound('Thread');
    const page = listMessages(ctx.db, user.id, request.params.id, limit, offset);
    return { thread_id: request.params.id, messages: page.messages, total: page.total, limit, offset };
  });
}
