/**
 * Seeded fuzzing of the WebSocket handler and of every JSON body route, bounded in count and time.
 * Afterwards the server must still serve: /health/ready, login, a golden run, and the data stored
 * before the fuzzing is intact. Replay a failure with FUZZ_SEED=<seed>.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, LIMITS } from '../../contract/events';
import { serverFrame } from '../../contract/frames';
import { errorBody, executeResponse, healthReady, type StoredMessage, type Thread } from '../../contract/http';
import { hostileBody, hostileMessage } from './helpers/fuzz';
import { Http, createThread, describeRes, expectBody, login, messagesOf, threadsOf, type Session } from './helpers/http';
import { expectRunValid, finalResponse } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';
import { pool, prng } from './helpers/util';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2024);
const WS_CASES = 3_000;
const HTTP_CASES_PER_ROUTE = 150;
const BUDGET_MS = 25_000;

let server: TestServer;
let http: Http;
let alice: Session;
let fuzzer: Session;
let fuzzHttp: Session;
let observer: SocketClient;
let snapshot: { threads: Thread[]; messages: Map<string, StoredMessage[]> };

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'fuzzer', 'fuzzhttp'], faults: true, devLogin: true });
  http = new Http(server.url);
  alice = await login(http, server.user('alice'));
  fuzzer = await login(http, server.user('fuzzer'));
  fuzzHttp = await login(http, server.user('fuzzhttp'));
  // Data that must survive the fuzzing untouched.
  const ws = await connectSession(server, alice, 'alice setup');
  for (const text of ['Show usage for the fuzz baseline', 'Reduce my costs, baseline two']) {
    const threadId = await createThread(http, alice.token, text.slice(0, 20), { baseline: true });
    await ws.waitForRunEnd(await ws.sendUserMessage(threadId, text));
  }
  await ws.close();
  const threads = await threadsOf(http, alice.token);
  const messages = new Map<string, StoredMessage[]>();
  for (const t of threads) messages.set(t.id, await messagesOf(http, alice.token, t.id));
  snapshot = { threads, messages };
  // Sees every frame of every run the fuzzing happens to start, and is never fuzzed itself.
  observer = await connectSession(server, fuzzer, 'fuzzer observer');
}, 30_000);

afterAll(async () => {
  await observer?.close();
  await server?.close();
});

describe('WebSocket handler', () => {
  it(`survives ${WS_CASES} hostile messages (seed ${SEED}): no close but 1009 for > 64 KiB, always answers ping`, async () => {
    const r = prng(SEED);
    const fuzzThread = await createThread(http, fuzzer.token, 'fuzz target');
    const templates: Record<string, unknown>[] = [
      { type: 'start_agent', payload: { user_request: 'fuzz usage', thread_id: fuzzThread } },
      { type: 'user_message', payload: { content: 'fuzz hello', thread_id: fuzzThread, references: [] } },
      { type: 'ping', payload: { timestamp: 1 } },
      { type: 'switch_thread', payload: { thread_id: fuzzThread } },
      { type: 'stop_agent', payload: { run_id: 'r-unknown' } },
      { type: 'resume', payload: { run_id: 'r-unknown', after_seq: 0 } },
      { type: 'heartbeat_ack' },
    ];
    const problems: string[] = [];
    const used: SocketClient[] = [];
    const reconnect = async () => {
      const s = await connectSession(server, fuzzer, 'fuzz');
      used.push(s);
      return s;
    };
    let socket = await reconnect();
    const started = performance.now();
    let sent = 0;
    let oversized = 0;
    for (let i = 0; i < WS_CASES && performance.now() - started < BUDGET_MS; i++) {
      const isOversized = r.chance(0.003);
      const { data, what } = isOversized
        ? { data: { text: JSON.stringify({ type: 'user_message', payload: { content: 'o'.repeat(LIMITS.maxFrameBytes + r.int(1, 5_000)), thread_id: fuzzThread } }) }, what: 'oversized' }
        : hostileMessage(r, templates);
      if ('bytes' in data) socket.sendRaw(data.bytes, true);
      else socket.sendRaw(data.text);
      sent++;
      if (isOversized) {
        oversized++;
        const closed = await socket.waitForClose(5_000).catch(() => undefined);
        if (closed?.code !== CLOSE_CODES.messageTooBig) problems.push(`case ${i} (oversized): close ${closed?.code ?? 'none'} instead of 1009`);
        socket = await reconnect();
        continue;
      }
      if (i % 25 === 24 || socket.closeInfo) {
        try {
          await socket.barrier(5_000);
        } catch (e) {
          const preview = 'text' in data ? data.text.slice(0, 160) : `${data.bytes.length} bytes`;
          problems.push(`case ${i} (${what}: ${preview}): ${socket.closeInfo ? `socket closed ${socket.closeInfo.code}` : (e as Error).message}`);
          if (problems.length > 10) break;
          socket = await reconnect();
        }
      }
    }
    await socket.barrier();
    await socket.close();
    const frames = used.flatMap((s) => s.frames);
    const nonContract = frames.filter((f) => !serverFrame.safeParse(f).success);
    expect(nonContract.slice(0, 3).map((f) => JSON.stringify(f).slice(0, 200)), 'every frame the server sent matches the contract').toEqual([]);
    const errors = frames.filter((f) => f.type === 'error_message').length;
    expect(problems, `seed ${SEED}: ${problems.length} problem(s)`).toEqual([]);
    expect(sent, 'cases sent within the time budget').toBeGreaterThan(500);
    expect(used.flatMap((s) => s.unparsable), 'every server message is JSON').toEqual([]);
    console.info(`ws fuzz: ${sent} cases (${oversized} oversized), ${errors} error_message answers, ${observer.runIds().length} runs started, in ${(performance.now() - started).toFixed(0)} ms`);
  }, 60_000);

  it('every run the fuzzing started ran to a valid end', async () => {
    const runIds = observer.runIds();
    expect(runIds.length, 'the fuzzing started some runs (valid input amid the noise)').toBeGreaterThan(0);
    await Promise.all(runIds.map((id) => observer.waitForRunEnd(id, 15_000)));
    await observer.barrier();
    for (const id of runIds) expectRunValid(observer.runFrames(id), fuzzer.userId, `fuzz-started run ${id}`, { requireFinalReport: false });
  }, 30_000);
});

describe('JSON bodies of every POST/PUT route', () => {
  it(`answer 4xx {detail, error_code} or 2xx, never 5xx (seed ${SEED})`, async () => {
    const r = prng(SEED + 1);
    const thread = await createThread(http, fuzzHttp.token, 'http fuzz target');
    const routes: [string, string, Record<string, unknown>][] = [
      ['POST', '/auth/login', { email: server.user('fuzzhttp').email, password: 'wrong-password' }],
      ['POST', '/auth/dev/login', { email: 'nobody@example.test', password: 'x' }],
      ['POST', '/auth/refresh', { refresh_token: 'not-a-token' }],
      ['POST', '/auth/validate-token-and-get-user', { token: fuzzHttp.token }],
      ['POST', '/api/websocket/ticket', { ttl_seconds: 30 }],
      ['POST', '/api/threads', { title: 't', metadata: { a: 1 } }],
      ['PUT', `/api/threads/${thread}`, { title: 't2', metadata: { b: 2 } }],
      ['POST', '/api/agent/v2/execute', { request_id: 'r', message: 'fuzz hello', thread_id: thread, context: {}, settings: {} }],
      ['POST', '/__faults', { kind: 'slow', after_events: 1 }],
    ];
    const cases = routes.flatMap(([method, path, valid]) =>
      Array.from({ length: HTTP_CASES_PER_ROUTE }, () => ({ method, path, body: hostileBody(r, valid), noToken: r.chance(0.1), contentType: r.chance(0.05) ? 'text/plain' : 'application/json' })),
    );
    const problems: string[] = [];
    const started = performance.now();
    await pool(cases, 8, async (c) => {
      if (performance.now() - started > BUDGET_MS) return;
      const res = await http.request(c.method, c.path, { raw: c.body.text, token: c.noToken ? undefined : fuzzHttp.token, contentType: c.contentType });
      const label = `${c.method} ${c.path} (${c.body.what}: ${c.body.text.slice(0, 120)})`;
      if (res.status >= 500) problems.push(`${label} → ${describeRes(res)}`);
      else if (res.status >= 400 && !errorBody.safeParse(res.body).success) problems.push(`${label} → error without {detail, error_code}: ${describeRes(res)}`);
    });
    await http.delete('/__faults', fuzzHttp.token);
    console.info(`http fuzz: ${cases.length} cases in ${(performance.now() - started).toFixed(0)} ms`);
    expect(problems.slice(0, 15), `seed ${SEED + 1}: ${problems.length} problem(s)`).toEqual([]);
  }, 60_000);
});

describe('after the fuzzing', () => {
  it('/health/ready is 200 and login works', async () => {
    expectBody(await http.get('/health/ready'), 200, healthReady, '/health/ready after fuzzing');
    await login(http, server.user('alice'));
    await login(http, server.user('fuzzer'));
  });

  it('a golden run completes over the socket and over REST', async () => {
    const s = await login(http, server.user('alice'));
    const ws = await connectSession(server, s, 'alice after fuzz');
    try {
      const threadId = await createThread(http, s.token, 'after fuzz');
      const viaSocket = await ws.sendUserMessage(threadId, 'Analyse my usage costs and suggest how to reduce them');
      await ws.waitForRunEnd(viaSocket);
      const res = await http.post('/api/agent/v2/execute', { request_id: randomUUID(), message: 'And the latency?', thread_id: threadId }, s.token);
      const viaRest = expectBody(res, 200, executeResponse, 'execute after fuzzing').run_id;
      ws.claim(viaRest);
      await ws.waitForRunEnd(viaRest);
      await ws.barrier();
      for (const id of [viaSocket, viaRest]) expectRunValid(ws.runFrames(id), s.userId, `golden run ${id} after fuzzing`);
      const stored = await messagesOf(http, s.token, threadId);
      expect(stored.map((m) => m.content)).toEqual([
        'Analyse my usage costs and suggest how to reduce them',
        finalResponse(ws.runFrames(viaSocket)),
        'And the latency?',
        finalResponse(ws.runFrames(viaRest)),
      ]);
    } finally {
      await ws.close();
    }
  });

  it("alice's threads and messages stored before the fuzzing are intact", async () => {
    const threads = await threadsOf(http, alice.token);
    for (const before of snapshot.threads) {
      const now = threads.find((t) => t.id === before.id);
      expect(now, `thread ${before.id} still listed`).toBeDefined();
      expect({ ...now, updated_at: undefined }).toEqual({ ...before, updated_at: undefined });
      expect(await messagesOf(http, alice.token, before.id), `messages of ${before.id}`).toEqual(snapshot.messages.get(before.id));
    }
  });
});
