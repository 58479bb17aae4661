/** POST /api/agent/v2/execute and GET /api/runs/:run_id/events (ext). */
import type { FastifyInstance } from 'fastify';
import { executeRequest, runEventsQuery } from '../../contract/http';
import { authenticate } from './authenticate';
import type { AppContext } from './context';
import { HttpError, notFound, parseWith } from './http-errors';
import { messageProblem } from './message-rules';
import { eventsAfter, findRun } from './runs-store';
import { findThread } from './threads';

export function registerRunRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/agent/v2/execute', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const body = parseWith(executeRequest, request.body);
    const problem = messageProblem(body.message);
    if (problem) throw new HttpError(422, 'INVALID_MESSAGE', problem);
    if (!findThread(ctx.db, user.id, body.thread_id)) throw notFound('Thread');
    const { runId } = ctx.engine.start({
      userId: user.id,
      threadId: body.thread_id,
      content: body.message,
      source: 'rest',
      agentType: body.agent_type ?? null,
    });
    return { request_id: body.request_id, success: true, run_id: runId, thread_id: body.thread_id };
  });

  app.get<{ Params: { run_id: string } }>('/api/runs/:run_id/events', async (request) => {
    const { user } = await authenticate(ctx.tokens, request);
    const { after_seq } = parseWith(runEventsQuery, request.query, 'query');
    const run = findRun(ctx.db, user.id, request.params.run_id);
    if (!run) throw notFound('Run');
    const events = eventsAfter(ctx.db, run.id, after_seq).map((e) => JSON.parse(e.json) as unknown);
    return { run_id: run.id, status: run.status, events };
  });
}
