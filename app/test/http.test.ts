/** Contract §2 rows not covered elsewhere: health, auth config, threads CRUD and paging, messages paging, execute, CORS. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFrame } from '../../contract/frames';
import { authConfig, executeResponse, healthReady, messagePage, runEvents, thread as threadSchema, threadList } from '../../contract/http';
import { Http, createThread, describeRes, expectBody, expectError, login, messagesOf, threadOf, threadsOf, type Session } from './helpers/http';
import { finalResponse } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
let http: Http;
let alice: Session;
let socket: SocketClient;

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'bob'], env: { CORS_ORIGINS: 'http://allowed.test:5173,https://app.example.test' } });
  http = new Http(server.url);
  alice = await login(http, server.user('alice'));
  socket = await connectSession(server, alice);
});
afterAll(async () => {
  await socket?.close();
  await server?.close();
});

describe('health and config', () => {
  it('GET /health → {status:"healthy"}', async () => {
    const res = await http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'healthy' });
  });

  it('GET /health/ready → {status:"ready", version, started_at}', async () => {
    const ready = expectBody(await http.get('/health/ready'), 200, healthReady, '/health/ready');
    expect(Number.isNaN(Date.parse(ready.started_at)), `started_at ${ready.started_at} is a time`).toBe(false);
  });

  it('GET /auth/config answers the Netra shape without OAuth', async () => {
    const cfg = expectBody(await http.get('/auth/config'), 200, authConfig, '/auth/config');
    expect(cfg.google_client_id).toBe('');
    expect(cfg.oauth_enabled).toBe(false);
    expect(cfg.endpoints.login).toMatch(/\/auth\/login$/);
    expect(cfg.endpoints.refresh).toMatch(/\/auth\/refresh$/);
    expect(cfg.endpoints.logout).toMatch(/\/auth\/logout$/);
  });
});

describe('threads', () => {
  it('POST creates a thread with title and metadata; GET answers it with active_run_id null', async () => {
    const res = await http.post('/api/threads', { title: 'Costs Q3', metadata: { source: 'test', n: 1 } }, alice.token);
    const t = expectBody(res, [200, 201], threadSchema, 'POST /api/threads');
    expect(t).toMatchObject({ title: 'Costs Q3', metadata: { source: 'test', n: 1 }, message_count: 0, object: 'thread' });
    const got = await threadOf(http, alice.token, t.id);
    expect(got).toMatchObject({ id: t.id, title: 'Costs Q3' });
    expect(got.active_run_id, 'GET /api/threads/:id carries active_run_id (null when idle)').toBeNull();
  });

  it('POST without a body creates an untitled thread', async () => {
    const res = await http.request('POST', '/api/threads', { token: alice.token });
    expectBody(res, [200, 201], threadSchema, 'POST /api/threads without a body');
  });

  it('lists the caller\'s threads newest first, as a JSON array, with limit/offset', async () => {
    const bob = await login(http, server.user('bob'));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await createThread(http, bob.token, `bob ${i}`));
    const all = await threadsOf(http, bob.token);
    expect(all.map((t) => t.id), 'newest first').toEqual([...ids].reverse());
    const page = expectBody(await http.get('/api/threads?limit=2&offset=1', bob.token), 200, threadList, 'paged list');
    expect(page.map((t) => t.id)).toEqual([ids[2], ids[1]]);
    const dflt = await http.get('/api/threads', bob.token);
    expect(Array.isArray(dflt.body), 'the list is a bare JSON array').toBe(true);
    expect((await threadsOf(http, alice.token)).some((t) => ids.includes(t.id)), "bob's threads in alice's list").toBe(false);
  });

  it('pages 20 threads by default', async () => {
    const bob = await login(http, server.user('bob'));
    const before = (await threadsOf(http, bob.token)).length;
    for (let i = before; i < 25; i++) await createThread(http, bob.token, `filler ${i}`);
    const page = expectBody(await http.get('/api/threads', bob.token), 200, threadList, 'default page');
    expect(page.length, 'GET /api/threads without limit').toBe(20);
  });

  it('PUT updates title and metadata; DELETE answers 204 and the thread is gone everywhere', async () => {
    const id = await createThread(http, alice.token, 'old');
    const before = await threadOf(http, alice.token, id);
    const put = expectBody(await http.put(`/api/threads/${id}`, { title: 'new', metadata: { k: 'v' } }, alice.token), 200, threadSchema, 'PUT');
    expect(put).toMatchObject({ id, title: 'new', metadata: { k: 'v' } });
    expect(Date.parse(put.updated_at)).toBeGreaterThanOrEqual(Date.parse(before.updated_at));
    const del = await http.delete(`/api/threads/${id}`, alice.token);
    expect(del.status, describeRes(del)).toBe(204);
    expectError(await http.get(`/api/threads/${id}`, alice.token), 404, 'GET a deleted thread');
    expectError(await http.get(`/api/threads/${id}/messages`, alice.token), 404, 'messages of a deleted thread');
    expectError(await http.put(`/api/threads/${id}`, { title: 'x' }, alice.token), 404, 'PUT a deleted thread');
    expect((await threadsOf(http, alice.token)).map((t) => t.id)).not.toContain(id);
    const exec = await http.post('/api/agent/v2/execute', { request_id: randomUUID(), message: 'hi', thread_id: id }, alice.token);
    expectError(exec, 404, 'execute in a deleted thread');
  });
});

describe('messages and execute', () => {
  it('execute answers {request_id, success, run_id, thread_id}; messages page oldest first with total/limit/offset; message_count', async () => {
    const id = await createThread(http, alice.token, 'paging');
    const texts = ['one: usage', 'two: cost', 'three: hello'];
    for (const text of texts) {
      const requestId = randomUUID();
      const res = await http.post('/api/agent/v2/execute', { request_id: requestId, message: text, thread_id: id, agent_type: 'supervisor', context: { a: 1 }, settings: {} }, alice.token);
      const body = expectBody(res, 200, executeResponse, 'execute');
      expect(body).toMatchObject({ request_id: requestId, thread_id: id, success: true });
      socket.claim(body.run_id);
      await socket.waitForRunEnd(body.run_id);
    }
    const all = await messagesOf(http, alice.token, id);
    expect(all.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    expect(all.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(texts);
    const times = all.map((m) => Date.parse(m.created_at));
    expect(times, 'oldest first').toEqual([...times].sort((a, b) => a - b));

    const page = expectBody(await http.get(`/api/threads/${id}/messages?limit=2&offset=1`, alice.token), 200, messagePage, 'messages page');
    expect(page).toMatchObject({ thread_id: id, total: 6, limit: 2, offset: 1 });
    expect(page.messages.map((m) => m.id)).toEqual(all.slice(1, 3).map((m) => m.id));
    expect((await threadOf(http, alice.token, id)).message_count).toBe(6);
  });

  it('a run started over REST with no socket open still runs to its end and stores the answer', async () => {
    const bob = await login(http, server.user('bob'));
    const id = await createThread(http, bob.token, 'no socket');
    const res = await http.post('/api/agent/v2/execute', { request_id: randomUUID(), message: 'Show my usage', thread_id: id }, bob.token);
    const { run_id: runId } = expectBody(res, 200, executeResponse, 'execute without a socket');
    // Bounded poll of the run's status: there is no socket to be told on.
    const read = async () => expectBody(await http.get(`/api/runs/${runId}/events`, bob.token), 200, runEvents, 'run events');
    let events = await read();
    for (let i = 0; i < 100 && events.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      events = await read();
    }
    expect(events.status, 'status of a REST run with no socket').toBe('completed');
    const frames = events.events as RunFrame[];
    expect(frames.at(-1)?.type).toBe('final_report');
    const answer = finalResponse(frames);
    const stored = await messagesOf(http, bob.token, id);
    expect(stored.map((m) => m.content)).toEqual(['Show my usage', answer]);
  });

  it('execute answers at once, before the run ends', async () => {
    const paced = await startTestServer({ users: ['alice'], paceMs: 50 });
    try {
      const h = new Http(paced.url);
      const s = await login(h, paced.user('alice'));
      const ws = await connectSession(paced, s, 'paced');
      const id = await createThread(h, s.token, 'at once');
      const res = await h.post('/api/agent/v2/execute', { request_id: randomUUID(), message: 'Analyse usage costs and reduce them', thread_id: id }, s.token);
      const body = expectBody(res, 200, executeResponse, 'execute');
      expect(ws.rawRunFrames(body.run_id).some((f) => f.type === 'final_report'), 'the run had already ended when execute answered').toBe(false);
      expect((await threadOf(h, s.token, id)).active_run_id, 'active_run_id while the run is in flight').toBe(body.run_id);
      await ws.waitForRunEnd(body.run_id, 15_000);
      await ws.close();
    } finally {
      await paced.close();
    }
  });
});

describe('CORS_ORIGINS', () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/api/threads`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('answers a preflight from an allowed origin: exact origin, credentials, Authorization and Content-Type', async () => {
    const res = await preflight('http://allowed.test:5173');
    expect(res.status, 'preflight status').toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://allowed.test:5173');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(allowed).toContain('authorization');
    expect(allowed).toContain('content-type');
    expect((res.headers.get('access-control-allow-methods') ?? '').toUpperCase()).toContain('POST');
  });

  it('echoes the allowed origin on a real request, and only that origin', async () => {
    const ok = await fetch(`${server.url}/api/threads`, { headers: { origin: 'https://app.example.test', authorization: `Bearer ${alice.token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('does not allow an origin that is not listed', async () => {
    for (const origin of ['http://evil.test', 'http://allowed.test', 'http://allowed.test:5173.evil.test', 'null']) {
      const pre = await preflight(origin);
      const acao = pre.headers.get('access-control-allow-origin');
      expect(acao === origin || acao === '*', `preflight from ${origin} allowed (ACAO ${acao})`).toBe(false);
      const real = await fetch(`${server.url}/api/threads`, { headers: { origin, authorization: `Bearer ${alice.token}` } });
      const acao2 = real.headers.get('access-control-allow-origin');
      expect(acao2 === origin || acao2 === '*', `request from ${origin} allowed (ACAO ${acao2})`).toBe(false);
    }
  });
});
