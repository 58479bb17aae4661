/**
 * Contract §3 bad-input rows (socket) and §2 error rows (HTTP): each bad input gets its error,
 * none closes the socket (except a frame > 64 KiB → 1009) and none starts a run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, ERROR_CODES, LIMITS } from '../../contract/events';
import { errorMessageFrame } from '../../contract/frames';
import { Http, createThread, describeRes, expectError, login, messagesOf, type Session } from './helpers/http';
import { connectSession, type SocketClient, type WsFrame } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
let http: Http;
let alice: Session;
let bob: Session;
let threadId: string;
const sockets: SocketClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'bob'], faults: true });
  http = new Http(server.url);
  alice = await login(http, server.user('alice'));
  bob = await login(http, server.user('bob'));
  threadId = await createThread(http, alice.token, 'bad input target');
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()));
});
afterAll(() => server?.close());

async function socket(label: string): Promise<SocketClient> {
  const s = await connectSession(server, alice, label);
  sockets.push(s);
  return s;
}

const tooLong = 'x'.repeat(LIMITS.maxMessageChars + 1);

/** [name, raw text sent, expected error_code or undefined for "any error_message"] */
const SOCKET_CASES: [string, string, string | undefined][] = [
  ['invalid JSON', '{"type": "user_message", "payload": {', ERROR_CODES.jsonParse],
  ['not JSON at all', 'hello server', ERROR_CODES.jsonParse],
  ['an empty frame', '', ERROR_CODES.jsonParse],
  ['an unknown type', JSON.stringify({ type: 'launch_missiles', payload: {} }), ERROR_CODES.unknownType],
  ['a prototype key as type', JSON.stringify({ type: '__proto__', payload: {} }), ERROR_CODES.unknownType],
  ['a server frame type', JSON.stringify({ type: 'agent_started', payload: {} }), ERROR_CODES.unknownType],
  ['no type', JSON.stringify({ payload: { content: 'hi', thread_id: 'x' } }), undefined],
  ['a numeric type', JSON.stringify({ type: 7 }), undefined],
  ['a JSON number', '42', undefined],
  ['JSON null', 'null', undefined],
  ['a JSON array', '[{"type":"ping"}]', undefined],
  ['a JSON string', '"user_message"', undefined],
  ['user_message with empty content', JSON.stringify({ type: 'user_message', payload: { content: '', thread_id: 'THREAD' } }), ERROR_CODES.invalidMessage],
  ['user_message with 10 001 characters', JSON.stringify({ type: 'user_message', payload: { content: tooLong, thread_id: 'THREAD' } }), ERROR_CODES.invalidMessage],
  ['user_message with numeric content', JSON.stringify({ type: 'user_message', payload: { content: 12, thread_id: 'THREAD' } }), ERROR_CODES.invalidMessage],
  ['user_message without thread_id', JSON.stringify({ type: 'user_message', payload: { content: 'hi' } }), undefined],
  ['user_message without payload', JSON.stringify({ type: 'user_message' }), undefined],
  ['start_agent with empty user_request', JSON.stringify({ type: 'start_agent', payload: { user_request: '' } }), ERROR_CODES.invalidMessage],
  ['start_agent with 10 001 characters', JSON.stringify({ type: 'start_agent', payload: { user_request: tooLong } }), ERROR_CODES.invalidMessage],
  ['start_agent with an object request', JSON.stringify({ type: 'start_agent', payload: { user_request: { text: 'hi' } } }), undefined],
  ['start_agent with a payload string', JSON.stringify({ type: 'start_agent', payload: 'show usage' }), undefined],
  ['resume without run_id', JSON.stringify({ type: 'resume', payload: { after_seq: 0 } }), undefined],
  ['resume with a negative after_seq', JSON.stringify({ type: 'resume', payload: { run_id: 'r', after_seq: -1 } }), undefined],
  ['stop_agent without run_id', JSON.stringify({ type: 'stop_agent', payload: {} }), undefined],
  ['switch_thread without thread_id', JSON.stringify({ type: 'switch_thread', payload: {} }), undefined],
];

describe('socket bad input', () => {
  it.each(SOCKET_CASES)('%s → error_message, socket open, no run', async (name, raw, code) => {
    const s = await socket(name);
    const from = s.received.length;
    s.sendRaw(raw.replace('THREAD', threadId));
    const err = await s.waitFor((f) => f.type === 'error_message' || f.type === 'agent_started', { from, what: `the answer to ${name}` });
    expect(err.type, `${name} must not start a run`).toBe('error_message');
    expect(errorMessageFrame.safeParse(err).success, `error_message shape: ${JSON.stringify(err)}`).toBe(true);
    if (code) expect(err.error_code, name).toBe(code);
    await s.barrier(); // the socket still answers…
    expect(s.isOpen, `${name} closed the socket (${s.closeInfo?.code})`).toBe(true);
    expect(s.frames.slice(from).filter((f: WsFrame) => f.run_id !== undefined), `${name} started a run`).toEqual([]);
  });

  it('a binary frame is refused without closing the socket or starting a run', async () => {
    const s = await socket('binary');
    const from = s.received.length;
    s.sendRaw(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b]), true);
    await s.barrier();
    expect(s.isOpen).toBe(true);
    expect(s.frames.slice(from).filter((f) => f.run_id !== undefined)).toEqual([]);
  });

  it('exactly 10 000 characters is accepted (the limit is inclusive)', async () => {
    const s = await socket('limit');
    const runId = await s.sendUserMessage(threadId, 'y'.repeat(LIMITS.maxMessageChars));
    await s.waitForRunEnd(runId);
  });

  it('a frame over 64 KiB closes the socket with 1009 and starts no run', async () => {
    const s = await socket('oversized');
    const watcher = await socket('watcher');
    const before = (await messagesOf(http, alice.token, threadId)).length;
    s.sendRaw(JSON.stringify({ type: 'user_message', payload: { content: 'z'.repeat(LIMITS.maxFrameBytes), thread_id: threadId } }));
    const closed = await s.waitForClose(5_000);
    expect(closed.code, 'close code for a frame > 64 KiB').toBe(CLOSE_CODES.messageTooBig);
    await watcher.barrier();
    expect(watcher.frames.filter((f) => f.run_id !== undefined), 'the oversized frame started a run').toEqual([]);
    expect((await messagesOf(http, alice.token, threadId)).length, 'the oversized frame stored a message').toBe(before);
  });

  it('a frame just under 64 KiB is read (INVALID_MESSAGE for its length), not closed', async () => {
    const s = await socket('big');
    const frame = JSON.stringify({ type: 'user_message', payload: { content: 'q'.repeat(60_000), thread_id: threadId } });
    expect(Buffer.byteLength(frame)).toBeLessThan(LIMITS.maxFrameBytes);
    s.sendRaw(frame);
    const err = await s.waitFor((f) => f.type === 'error_message', { what: 'INVALID_MESSAGE' });
    expect(err.error_code).toBe(ERROR_CODES.invalidMessage);
    await s.barrier();
    expect(s.isOpen).toBe(true);
  });

  it('after all of the above, the thread has only the one accepted message and its answer', async () => {
    const messages = await messagesOf(http, alice.token, threadId);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });
});

/** Every route that takes a JSON body, with a body the contract calls malformed ('THREAD' = a real thread id). */
const BODY_CASES: [string, string, string, unknown][] = [
  ['POST', '/auth/login', 'email as number', { email: 1, password: 'x' }],
  ['POST', '/auth/refresh', 'refresh_token missing', {}],
  ['POST', '/auth/validate-token-and-get-user', 'token as number', { token: 5 }],
  ['POST', '/api/websocket/ticket', 'ttl_seconds as string', { ttl_seconds: '10' }],
  ['POST', '/api/threads', 'title as object', { title: { a: 1 } }],
  ['POST', '/api/threads', 'metadata as string', { metadata: 'meta' }],
  ['PUT', '/api/threads/THREAD', 'title as number', { title: 5 }],
  ['PUT', '/api/threads/THREAD', 'metadata as array', { metadata: [1, 2] }],
  ['POST', '/api/agent/v2/execute', 'thread_id missing', { request_id: 'r1', message: 'hi' }],
  ['POST', '/api/agent/v2/execute', 'request_id missing', { message: 'hi', thread_id: 'THREAD' }],
  ['POST', '/api/agent/v2/execute', 'message as number', { request_id: 'r1', message: 3, thread_id: 'THREAD' }],
  ['POST', '/api/agent/v2/execute', 'empty message', { request_id: 'r1', message: '', thread_id: 'THREAD' }],
  ['POST', '/api/agent/v2/execute', 'message over 10 000 characters', { request_id: 'r1', message: tooLong, thread_id: 'THREAD' }],
  ['POST', '/__faults', 'unknown kind', { kind: 'meteor' }],
  ['POST', '/__faults', 'negative after_events', { kind: 'ws_drop', after_events: -1 }],
];
const BODY_ROUTES = [...new Set(BODY_CASES.map(([m, p]) => `${m} ${p}`))];
const fill = (text: string) => text.replaceAll('THREAD', threadId);

describe('HTTP malformed bodies → 422 {detail, error_code}', () => {
  it.each(BODY_CASES)('%s %s with %s', async (method, path, what, body) => {
    const res = await http.request(method, fill(path), { raw: fill(JSON.stringify(body)), token: alice.token });
    expectError(res, 422, `${method} ${path} with ${what}`);
  });

  it.each(BODY_ROUTES)('%s with truncated JSON', async (route) => {
    const [method, path] = route.split(' ') as [string, string];
    const res = await http.request(method, fill(path), { raw: '{"title": "unterminated', token: alice.token });
    expectError(res, 422, `${route} with truncated JSON`);
  });

  it('no malformed execute started a run or stored a message', async () => {
    const messages = await messagesOf(http, alice.token, threadId);
    expect(messages.map((m) => m.content)).not.toContain('hi');
  });

  it('a huge body is refused with an error body, not a crash', async () => {
    const res = await http.request('POST', '/api/threads', { raw: JSON.stringify({ title: 'x', metadata: { blob: 'b'.repeat(3_000_000) } }), token: alice.token });
    expect(res.status, describeRes(res)).toBeGreaterThanOrEqual(400);
    expect(res.status, describeRes(res)).toBeLessThan(500);
    expectError(res, res.status, 'a 3 MB body');
    expect((await http.get('/health')).status).toBe(200);
  });

  it('a wrong content type is refused with an error body', async () => {
    const res = await http.request('POST', '/auth/login', { raw: 'email=a&password=b', contentType: 'application/x-www-form-urlencoded' });
    expect([415, 422], describeRes(res)).toContain(res.status);
    expectError(res, res.status, 'login as a form post');
  });
});

describe('HTTP auth and ownership errors', () => {
  const bearerRoutes: [string, string][] = [
    ['GET', '/auth/me'],
    ['POST', '/auth/logout'],
    ['POST', '/auth/validate-token-and-get-user'],
    ['POST', '/api/websocket/ticket'],
    ['GET', '/api/threads'],
    ['POST', '/api/threads'],
    ['GET', '/api/threads/THREAD'],
    ['PUT', '/api/threads/THREAD'],
    ['DELETE', '/api/threads/THREAD'],
    ['GET', '/api/threads/THREAD/messages'],
    ['POST', '/api/agent/v2/execute'],
    ['GET', '/api/runs/RUN/events'],
    ['POST', '/__faults'],
    ['DELETE', '/__faults'],
  ];

  it.each(bearerRoutes)('%s %s → 401 without a token, with garbage, and with an empty Bearer', async (method, path) => {
    const p = path.replace('THREAD', threadId).replace('RUN', 'some-run');
    const json = method === 'POST' || method === 'PUT' ? { title: 't', token: 'x', kind: 'slow', request_id: 'r', message: 'm', thread_id: threadId } : undefined;
    expectError(await http.request(method, p, { json }), 401, `${method} ${path} without a token`);
    expectError(await http.request(method, p, { json, token: 'garbage.garbage.garbage' }), 401, `${method} ${path} with a garbage token`);
    expectError(await http.request(method, p, { json, headers: { authorization: 'Bearer ' } }), 401, `${method} ${path} with an empty Bearer`);
  });

  it("another user's and unknown ids are 404", async () => {
    for (const id of [threadId, randomUUID(), '..%2F..%2Fetc', "1' OR '1'='1"]) {
      const enc = id.includes('%') ? id : encodeURIComponent(id);
      expectError(await http.get(`/api/threads/${enc}`, bob.token), 404, `GET thread ${id} as bob`);
      expectError(await http.get(`/api/threads/${enc}/messages`, bob.token), 404, `GET messages ${id} as bob`);
      expectError(await http.get(`/api/runs/${enc}/events`, bob.token), 404, `GET run ${id} as bob`);
    }
  });

  it('an unknown API route is a JSON 404', async () => {
    expectError(await http.get('/api/no-such-route', alice.token), 404, 'unknown API route');
  });

  it.each([
    ['limit=abc', '/api/threads?limit=abc'],
    ['limit=-1', '/api/threads?limit=-1'],
    ['offset=-5', '/api/threads?offset=-5'],
    ['messages limit=0', '/api/threads/THREAD/messages?limit=0'],
    ['after_seq=x', '/api/runs/RUN/events?after_seq=x'],
  ])('a bad query (%s) is a 4xx error body, not a 5xx', async (_name, path) => {
    const res = await http.get(path.replace('THREAD', threadId).replace('RUN', randomUUID()), alice.token);
    expect(res.status, describeRes(res)).toBeGreaterThanOrEqual(400);
    expect(res.status, describeRes(res)).toBeLessThan(500);
    expectError(res, res.status, path);
  });
});
