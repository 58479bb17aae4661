import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { clientFrame, controlFrame, runFrame, serverFrame } from '../contract/frames';
import {
  errorBody,
  executeRequest,
  executeResponse,
  loginResponse,
  messagePage,
  thread,
  threadList,
  ticketResponse,
} from '../contract/http';
import { referenceRun } from './helpers/run-builder';

/** The paths of every issue, e.g. [['payload', 'execution_id']]. */
function issuePaths(schema: z.ZodType, value: unknown): PropertyKey[][] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the schema to reject the value');
  return result.error.issues.map((issue) => issue.path);
}

function frameOf(type: string): Record<string, unknown> {
  const frame = referenceRun().find((f) => f.type === type);
  if (!frame) throw new Error(`reference run has no ${type}`);
  return structuredClone(frame) as Record<string, unknown>;
}

function without(value: Record<string, unknown>, path: string[]): Record<string, unknown> {
  const copy = structuredClone(value);
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  delete node[path.at(-1) as string];
  return copy;
}

const TIME = '2025-09-01T10:00:00.000Z';

describe('run frames', () => {
  it('accepts every frame of a reference run, as run and as server frames', () => {
    for (const frame of referenceRun()) {
      expect(runFrame.safeParse(frame).success).toBe(true);
      expect(serverFrame.safeParse(frame).success).toBe(true);
    }
  });

  it('accepts frames without seq (an extension)', () => {
    expect(runFrame.safeParse(without(frameOf('agent_thinking'), ['seq'])).success).toBe(true);
  });

  it.each([
    ['tool_executing', ['payload', 'execution_id']],
    ['tool_completed', ['payload', 'execution_id']],
    ['tool_executing', ['tool_name']],
    ['agent_thinking', ['payload', 'reasoning']],
    ['agent_started', ['run_id']],
    ['final_report', ['payload', 'recommendations']],
    ['agent_completed', ['payload', 'execution_time_ms']],
  ])('rejects %s without %j, naming the field', (type, path) => {
    expect(issuePaths(runFrame, without(frameOf(type), path))).toEqual([path]);
  });

  it.each([
    ['timestamp', 'yesterday', ['timestamp']],
    ['seq', 0, ['seq']],
    ['thread_id', '', ['thread_id']],
  ])('rejects a bad %s', (field, value, path) => {
    expect(issuePaths(runFrame, { ...frameOf('agent_started'), [field]: value })).toEqual([path]);
  });

  it('rejects payload values out of range', () => {
    const thinking = frameOf('agent_thinking');
    expect(issuePaths(runFrame, { ...thinking, payload: { ...(thinking.payload as object), progress_percentage: 101 } })).toEqual([
      ['payload', 'progress_percentage'],
    ]);
    const partial = frameOf('partial_result');
    expect(issuePaths(runFrame, { ...partial, payload: { content: 'x', is_complete: true } })).toEqual([['payload', 'is_complete']]);
    const tool = frameOf('tool_completed');
    expect(issuePaths(runFrame, { ...tool, payload: { ...(tool.payload as object), status: 'done' } })).toEqual([['payload', 'status']]);
  });

  it('rejects an unknown type at path type', () => {
    expect(issuePaths(runFrame, { ...frameOf('agent_started'), type: 'agent_dancing' })).toEqual([['type']]);
  });

  it('serverFrame keeps the field path inside its union error', () => {
    const result = serverFrame.safeParse(without(frameOf('tool_executing'), ['payload', 'execution_id']));
    expect(result.success).toBe(false);
    const union = result.error?.issues[0] as { code: string; errors?: Array<Array<{ path: PropertyKey[] }>> };
    expect(union.code).toBe('invalid_union');
    expect(union.errors?.[0]?.map((i) => i.path)).toEqual([['payload', 'execution_id']]);
  });
});

describe('control frames', () => {
  it('accepts connection_established with ISO or numeric times, heartbeat, pong and error_message', () => {
    const established = {
      type: 'connection_established',
      payload: { connection_id: 'c-1', user_id: 'u-1', server_time: TIME, golden_path_events: ['agent_started'] },
      timestamp: 1_756_720_800,
    };
    for (const frame of [
      established,
      { type: 'heartbeat', timestamp: TIME },
      { type: 'pong', payload: { timestamp: 1 } },
      { type: 'error_message', error_code: 'AUTH_FAILED', error_message: 'Ticket expired' },
    ]) {
      expect(controlFrame.safeParse(frame).success).toBe(true);
      expect(serverFrame.safeParse(frame).success).toBe(true);
    }
    expect(issuePaths(controlFrame, { ...established, payload: { ...established.payload, user_id: undefined } })).toEqual([
      ['payload', 'user_id'],
    ]);
  });

  it('rejects an error_message without a code', () => {
    expect(issuePaths(controlFrame, { type: 'error_message', error_message: 'x' })).toEqual([['error_code']]);
  });
});

describe('client frames', () => {
  it('accepts the frames a client may send', () => {
    for (const frame of [
      { type: 'start_agent', payload: { user_request: 'What did I spend?', context: { source: 'message_input' }, settings: {} } },
      { type: 'user_message', payload: { content: 'And last month?', thread_id: 't-1', references: [] } },
      { type: 'ping', timestamp: 1 },
      { type: 'ping', payload: { timestamp: 1 } },
      { type: 'resume', payload: { run_id: 'r-1', after_seq: 0 } },
      { type: 'stop_agent', payload: { run_id: 'r-1' } },
      { type: 'heartbeat_ack', connection_id: 'c-1' },
    ]) {
      expect(clientFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
    }
  });

  it.each([
    [{ type: 'user_message', payload: { content: 'hi' } }, ['payload', 'thread_id']],
    [{ type: 'start_agent', payload: {} }, ['payload', 'user_request']],
    [{ type: 'resume', payload: { run_id: 'r-1', after_seq: -1 } }, ['payload', 'after_seq']],
    [{ type: 'chat_message', payload: { content: 'hi' } }, ['type']],
  ])('rejects %j at %j', (frame, path) => {
    expect(issuePaths(clientFrame, frame)).toEqual([path]);
  });
});

describe('HTTP bodies', () => {
  const login = {
    access_token: 'a',
    refresh_token: 'r',
    token_type: 'Bearer',
    expires_in: 900,
    user: { id: 'u-1', email: 'alice@example.test', full_name: 'Alice' },
  };
  const aThread = { id: 't-1', object: 'thread', title: null, created_at: TIME, updated_at: TIME, metadata: null, message_count: 0 };

  it('accepts good bodies', () => {
    expect(loginResponse.safeParse(login).success).toBe(true);
    expect(threadList.safeParse([aThread]).success).toBe(true);
    expect(
      ticketResponse.safeParse({
        ticket_id: 'tk',
        expires_at: 1_756_721_100,
        created_at: 1_756_720_800,
        ttl_seconds: 300,
        single_use: true,
        websocket_url: 'ws://127.0.0.1:4310/ws',
      }).success,
    ).toBe(true);
    expect(executeRequest.safeParse({ request_id: 'q-1', message: 'hi', thread_id: 't-1' }).success).toBe(true);
    expect(errorBody.safeParse({ detail: 'Invalid email or password', error_code: 'INVALID_CREDENTIALS' }).success).toBe(true);
  });

  it('names the failing field', () => {
    expect(issuePaths(loginResponse, { ...login, token_type: 'bearer' })).toEqual([['token_type']]);
    expect(issuePaths(loginResponse, { ...login, user: { ...login.user, email: 'not-an-email' } })).toEqual([['user', 'email']]);
    expect(issuePaths(thread, { ...aThread, created_at: '1 Sept' })).toEqual([['created_at']]);
    expect(issuePaths(threadList, [aThread, { ...aThread, object: 'message' }])).toEqual([[1, 'object']]);
    expect(
      issuePaths(messagePage, {
        thread_id: 't-1',
        messages: [{ id: 'm-1', role: 'system', content: 'x', created_at: TIME, metadata: null }],
        total: 1,
        limit: 50,
        offset: 0,
      }),
    ).toEqual([['messages', 0, 'role']]);
    expect(issuePaths(executeResponse, { request_id: 'q-1', success: false, run_id: 'r-1', thread_id: 't-1' })).toEqual([['success']]);
    expect(issuePaths(errorBody, { detail: 'x' })).toEqual([['error_code']]);
  });

  const aTicket = { ticket_id: 'tk', expires_at: 1_756_721_100, created_at: 1_756_720_800, ttl_seconds: 300, single_use: true, websocket_url: '/ws' };

  it('rejects a ticket TTL over 300 s', () => {
    expect(issuePaths(ticketResponse, { ...aTicket, expires_at: aTicket.created_at + 301, ttl_seconds: 301 })).toEqual([['ttl_seconds']]);
  });

  it('rejects ticket times in milliseconds, and an expiry that is not created_at + ttl_seconds', () => {
    const inMs = { ...aTicket, created_at: aTicket.created_at * 1000, expires_at: aTicket.expires_at * 1000 };
    expect(issuePaths(ticketResponse, inMs)).toContainEqual(['created_at']);
    expect(issuePaths(ticketResponse, inMs)).toContainEqual(['expires_at']);
    expect(issuePaths(ticketResponse, { ...aTicket, expires_at: aTicket.created_at + 60 })).toEqual([['expires_at']]);
  });
});
