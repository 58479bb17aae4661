/**
 * Contract §3 "each run's frames go to every socket of that user only" and §6: two users with three
 * sockets each run concurrently; a third user watches. Another user's ids are 404, never 403.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeResponse } from '../../contract/http';
import { Http, createThread, expectBody, expectError, login, messagesOf, threadOf, threadsOf, type Session } from './helpers/http';
import { expectRunValid } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

const SOCKETS_PER_USER = 3;
const RUNS_PER_USER = 6;

let server: TestServer;
let http: Http;
const sessions: Record<'alice' | 'bob' | 'carol', Session> = {} as never;
const sockets: Record<'alice' | 'bob' | 'carol', SocketClient[]> = { alice: [], bob: [], carol: [] };
const runs: Record<'alice' | 'bob', { runId: string; threadId: string }[]> = { alice: [], bob: [] };

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'bob', 'carol'] });
  http = new Http(server.url);
  for (const key of ['alice', 'bob', 'carol'] as const) {
    sessions[key] = await login(http, server.user(key));
    const count = key === 'carol' ? 1 : SOCKETS_PER_USER;
    for (let i = 0; i < count; i++) sockets[key].push(await connectSession(server, sessions[key], `${key}#${i}`));
  }
  // Both users start all their runs at once, from different sockets and over REST.
  const start = async (key: 'alice' | 'bob', i: number) => {
    const s = sessions[key];
    const threadId = await createThread(http, s.token, `${key} run ${i}`);
    const socket = sockets[key][i % SOCKETS_PER_USER]!;
    let runId: string;
    if (i % 3 === 2) {
      const res = await http.post('/api/agent/v2/execute', { request_id: randomUUID(), message: `${key} asks about cost ${i}`, thread_id: threadId }, s.token);
      runId = expectBody(res, 200, executeResponse, 'execute').run_id;
    } else {
      runId = await socket.sendUserMessage(threadId, `${key} asks to reduce usage ${i}`);
    }
    runs[key].push({ runId, threadId });
  };
  await Promise.all((['alice', 'bob'] as const).flatMap((key) => Array.from({ length: RUNS_PER_USER }, (_, i) => start(key, i))));
  // Every socket of the owner must see every run end; then a barrier on every socket flushes stragglers.
  await Promise.all(
    (['alice', 'bob'] as const).flatMap((key) => sockets[key].flatMap((socket) => runs[key].map((r) => socket.waitForRunEnd(r.runId, 15_000)))),
  );
  await Promise.all(Object.values(sockets).flat().map((s) => s.barrier()));
}, 60_000);

afterAll(async () => {
  await Promise.all(Object.values(sockets).flat().map((s) => s.close()));
  await server?.close();
});

describe('frame routing', () => {
  it.each(['alice', 'bob'] as const)("every socket of %s gets every frame of that user's runs, in the same order", (key) => {
    const [reference, ...others] = sockets[key];
    for (const { runId } of runs[key]) {
      const frames = reference!.runFrames(runId);
      expectRunValid(frames, sessions[key].userId, `${reference!.label} run ${runId}`);
      for (const other of others) {
        expect(
          other.rawRunFrames(runId),
          `${other.label} must receive the same frames of run ${runId} as ${reference!.label}`,
        ).toEqual(reference!.rawRunFrames(runId));
      }
    }
  });

  it.each(['alice', 'bob'] as const)("no socket of %s gets a frame of another user's run, and user_id is always the owner", (key) => {
    const other = key === 'alice' ? 'bob' : 'alice';
    const foreignRuns = new Set(runs[other].map((r) => r.runId));
    const foreignThreads = new Set(runs[other].map((r) => r.threadId));
    for (const socket of sockets[key]) {
      const leaked = socket.frames.filter(
        (f) =>
          (f.run_id !== undefined && foreignRuns.has(f.run_id)) ||
          (f.thread_id !== undefined && foreignThreads.has(f.thread_id)) ||
          (f.user_id !== undefined && f.user_id !== sessions[key].userId),
      );
      expect(leaked.map((f) => `${f.type} run ${f.run_id} user ${f.user_id}`), `${socket.label} received ${other}'s frames`).toEqual([]);
      expect(socket.runIds().sort(), `${socket.label}: exactly ${key}'s runs`).toEqual(runs[key].map((r) => r.runId).sort());
    }
  });

  it('a user with no runs receives no run frames at all', () => {
    const carol = sockets.carol[0]!;
    expect(carol.frames.filter((f) => f.run_id !== undefined).map((f) => `${f.type} ${f.run_id}`)).toEqual([]);
  });
});

describe("another user's ids are 404 (never 403)", () => {
  it('threads, messages, run events', async () => {
    const bob = sessions.bob.token;
    const { threadId, runId } = runs.alice[0]!;
    expectError(await http.get(`/api/threads/${threadId}`, bob), 404, "GET another user's thread");
    expectError(await http.put(`/api/threads/${threadId}`, { title: 'pwned' }, bob), 404, "PUT another user's thread");
    expectError(await http.get(`/api/threads/${threadId}/messages`, bob), 404, "GET another user's messages");
    expectError(await http.get(`/api/runs/${runId}/events`, bob), 404, "GET another user's run events");
    expectError(await http.get(`/api/runs/${runId}/events?after_seq=0`, bob), 404, "GET another user's run events after_seq");
    expectError(await http.delete(`/api/threads/${threadId}`, bob), 404, "DELETE another user's thread");
    const exec = await http.post('/api/agent/v2/execute', { request_id: randomUUID(), message: 'hijack', thread_id: threadId }, bob);
    expectError(exec, 404, "execute in another user's thread");

    // Nothing changed for alice.
    const alice = sessions.alice.token;
    const t = await threadOf(http, alice, threadId); // 200, or this throws: the thread survived bob's DELETE
    expect(t.title, "bob's PUT did not rename it").not.toBe('pwned');
    expect((await messagesOf(http, alice, threadId)).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect((await threadsOf(http, bob)).map((x) => x.id), "alice's threads are not in bob's list").not.toContain(threadId);
  });

  it('over the socket: user_message/start_agent into, resume and stop_agent of another user\'s run start nothing and leak nothing', async () => {
    const { threadId, runId } = runs.alice[1]!;
    const bob = sockets.bob[0]!;
    const aliceSocket = sockets.alice[0]!;
    const bobFrom = bob.received.length;
    const aliceFrom = aliceSocket.received.length;
    bob.send({ type: 'user_message', payload: { content: 'hijack via socket', thread_id: threadId } });
    bob.send({ type: 'start_agent', payload: { user_request: 'hijack via start_agent', thread_id: threadId } });
    bob.send({ type: 'resume', payload: { run_id: runId, after_seq: 0 } });
    bob.send({ type: 'stop_agent', payload: { run_id: runId } });
    await bob.barrier();
    await aliceSocket.barrier();
    const bobGot = bob.frames.slice(bobFrom);
    expect(bobGot.filter((f) => f.run_id === runId), "bob got alice's run frames via resume").toEqual([]);
    expect(bobGot.filter((f) => f.thread_id === threadId), "bob got frames in alice's thread").toEqual([]);
    expect(bobGot.filter((f) => f.type === 'error_message').length, 'bob is told each request failed').toBeGreaterThanOrEqual(1);
    expect(aliceSocket.frames.slice(aliceFrom).filter((f) => f.run_id !== undefined), 'no new run reached alice').toEqual([]);
    expect((await messagesOf(http, sessions.alice.token, threadId)).map((m) => m.content)).not.toContain('hijack via socket');
    expect(bob.isOpen).toBe(true);
  });

  it('thread and run ids are not guessable', () => {
    for (const { runId, threadId } of [...runs.alice, ...runs.bob]) {
      expect(runId.length, `run id ${runId}`).toBeGreaterThanOrEqual(16);
      expect(threadId.length, `thread id ${threadId}`).toBeGreaterThanOrEqual(16);
      expect(/^\d+$/.test(runId) || /^\d+$/.test(threadId), 'ids must not be sequential numbers').toBe(false);
    }
  });
});
