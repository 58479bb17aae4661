/** What each client frame does once it has been parsed (contract §3, client → server). */
import type { ClientFrame } from '../../contract/frames';
import type { AppContext } from './context';
import { eventsAfter, findRun } from './runs-store';
import type { Client } from './socket-hub';
import { createThread, findThread } from './threads';

export function handleClientFrame(ctx: AppContext, client: Client, frame: ClientFrame): void {
  switch (frame.type) {
    case 'start_agent': {
      const threadId = frame.payload.thread_id ?? createThread(ctx.db, client.userId).id;
      startRun(ctx, client, threadId, frame.payload.user_request);
      return;
    }
    case 'user_message':
      startRun(ctx, client, frame.payload.thread_id, frame.payload.content);
      return;
    case 'ping':
      ctx.hub.sendToClient(client, { type: 'pong', payload: { timestamp: frame.payload?.timestamp ?? frame.timestamp ?? new Date().toISOString() } });
      return;
    case 'switch_thread':
      if (!findThread(ctx.db, client.userId, frame.payload.thread_id)) return sendError(ctx, client, 'THREAD_NOT_FOUND', 'Thread not found');
      ctx.hub.sendToClient(client, { type: 'thread_switched', payload: { thread_id: frame.payload.thread_id } });
      return;
    case 'stop_agent':
      stopRun(ctx, client, frame.payload.run_id);
      return;
    case 'resume':
      resumeRun(ctx, client, frame.payload.run_id, frame.payload.after_seq);
      return;
    case 'heartbeat_ack':
      return;
  }
}

function startRun(ctx: AppContext, client: Client, threadId: string, content: string): void {
  if (!findThread(ctx.db, client.userId, threadId)) return sendError(ctx, client, 'THREAD_NOT_FOUND', 'Thread not found');
  ctx.engine.start({ userId: client.userId, threadId, content, source: 'websocket' });
}

function stopRun(ctx: AppContext, client: Client, runId: string): void {
  const result = ctx.engine.cancel(client.userId, runId);
  if (result === 'not_found') sendError(ctx, client, 'RUN_NOT_FOUND', 'Run not found');
  if (result === 'not_active') sendError(ctx, client, 'RUN_NOT_ACTIVE', 'The run has already finished');
}

/** Stored frames after `afterSeq`, then the live ones (the hub keeps the two from overlapping). */
function resumeRun(ctx: AppContext, client: Client, runId: string, afterSeq: number): void {
  if (!findRun(ctx.db, client.userId, runId)) return sendError(ctx, client, 'RUN_NOT_FOUND', 'Run not found');
  ctx.hub.replay(client, runId, afterSeq, eventsAfter(ctx.db, runId, afterSeq));
}

export function sendError(ctx: AppContext, client: Client, errorCode: string, message: string): void {
  ctx.hub.sendToClient(client, { type: 'error_message', error_code: errorCode, error_message: message });
}
