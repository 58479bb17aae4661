/** Contract §3 control frames: ping/pong, switch_thread, stop_agent (ext), heartbeat, several sockets per user. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, LIMITS } from '../../contract/events';
import { heartbeatFrame, pongFrame, threadSwitchedFrame, type RunFrame } from '../../contract/frames';
import { Http, createThread, login, messagesOf, threadOf, type Session } from './helpers/http';
import { expectRunValid, runEnd } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

const REQUEST = 'Analyse my usage costs and suggest how to reduce them';

let server: TestServer;
let http: Http;
let alice: Session;
const open: SocketClient[] = [];
/** A socket on a server with the default heartbeat idle time, left silent from the start. */
let defaultServer: TestServer | undefined;
let idleDefault: SocketClient | undefined;

beforeAll(async () => {
  // Paced so that a run is still in flight when stop_agent arrives; heartbeat after 300 ms idle.
  server = await startTestServer({ users: ['alice'], paceMs: 40, overrides: { heartbeatIdleMs: 300 } });
  http = new Http(server.url);
  alice = await login(http, server.user('alice'));
  defaultServer = await startTestServer({ users: ['alice'] });
  idleDefault = await connectSession(defaultServer, await login(new Http(defaultServer.url), defaultServer.user('alice')), 'default heartbeat');
  open.push(idleDefault);
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await server?.close();
  await defaultServer?.close();
});

async function socket(label: string): Promise<SocketClient> {
  const s = await connectSession(server, alice, label);
  open.push(s);
  return s;
}

describe('ping', () => {
  it.each([
    ['payload.timestamp', { type: 'ping', payload: { timestamp: 'ts-123' } }, 'ts-123'],
    ['a numeric payload.timestamp', { type: 'ping', payload: { timestamp: 1700000000123 } }, 1700000000123],
    ['top-level timestamp', { type: 'ping', timestamp: 'top-456' }, 'top-456'],
  ])('with %s answers pong echoing it', async (_name, frame, echoed) => {
    const s = await socket('ping');
    const from = s.received.length;
    s.send(frame);
    const pong = await s.waitFor((f) => f.type === 'pong', { from, what: 'pong' });
    expect(pongFrame.safeParse(pong).success, JSON.stringify(pong)).toBe(true);
    expect(pong.payload!.timestamp).toEqual(echoed);
  });

  it('without a timestamp still answers pong', async () => {
    const s = await socket('ping bare');
    const from = s.received.length;
    s.send({ type: 'ping' });
    const pong = await s.waitFor((f) => f.type === 'pong', { from, what: 'pong' });
    expect(pongFrame.safeParse(pong).success, JSON.stringify(pong)).toBe(true);
  });
});

describe('switch_thread', () => {
  it('is acknowledged with thread_switched and starts no run', async () => {
    const s = await socket('switch');
    const threadId = await createThread(http, alice.token, 'switch target');
    const from = s.received.length;
    s.send({ type: 'switch_thread', payload: { thread_id: threadId } });
    const ack = await s.waitFor((f) => f.type === 'thread_switched' || f.type === 'error_message', { from, what: 'thread_switched' });
    expect(threadSwitchedFrame.safeParse(ack).success, `ack: ${JSON.stringify(ack)}`).toBe(true);
    expect(ack.payload!.thread_id).toBe(threadId);
    await s.barrier();
    expect(s.frames.slice(from).filter((f) => f.run_id !== undefined)).toEqual([]);
    expect(await messagesOf(http, alice.token, threadId)).toEqual([]);
  });
});

describe('stop_agent', () => {
  it('cancels the run: exactly one agent_error CANCELLED, nothing of the run after it', async () => {
    const s = await socket('stop');
    const threadId = await createThread(http, alice.token, 'stop me');
    const runId = await s.sendUserMessage(threadId, REQUEST);
    await s.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= 3, { what: 'the run under way' });
    s.send({ type: 'stop_agent', payload: { run_id: runId } });
    const end = await s.waitForRunEnd(runId);
    expect(end.type, 'a stopped run ends with agent_error').toBe('agent_error');
    expect(end.payload!.error_code).toBe(ERROR_CODES.cancelled);

    // Observation window without sleeping: a whole second run in the same thread. A cancelled run
    // that kept going would send its next frame within one pace step (40 ms).
    const next = await s.sendUserMessage(threadId, 'Show usage');
    await s.waitForRunEnd(next);
    const frames: RunFrame[] = s.runFrames(runId);
    expectRunValid(frames, alice.userId, 'the cancelled run', { requireFinalReport: false });
    expect(runEnd(frames)?.type).toBe('agent_error');
    expect(frames.filter((f) => f.type === 'agent_error')).toHaveLength(1);
    expect(frames.at(-1)?.type, 'the agent_error is the last frame of the run').toBe('agent_error');
    expect((await threadOf(http, alice.token, threadId)).active_run_id ?? null).toBeNull();
    expectRunValid(s.runFrames(next), alice.userId, 'the run after the cancelled one');
  });

  it('stopping an unknown or finished run does not break the socket', async () => {
    const s = await socket('stop unknown');
    s.send({ type: 'stop_agent', payload: { run_id: 'no-such-run-00000000000000' } });
    await s.barrier();
    expect(s.isOpen).toBe(true);
  });
});

describe('deleting a thread', () => {
  it('mid-run ends the run with exactly one agent_error and nothing after it; the thread then refuses messages', async () => {
    const s = await socket('delete mid-run');
    const threadId = await createThread(http, alice.token, 'delete me');
    const runId = await s.sendUserMessage(threadId, REQUEST);
    await s.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= 3, { what: 'the run under way' });
    const del = await http.delete(`/api/threads/${threadId}`, alice.token);
    expect(del.status).toBe(204);
    await s.waitForRunEnd(runId);
    // Observation window: another whole run in another thread.
    const other = await createThread(http, alice.token, 'after delete');
    await s.waitForRunEnd(await s.sendUserMessage(other, 'Show usage'));
    const frames = s.runFrames(runId);
    expectRunValid(frames, alice.userId, 'the run whose thread was deleted', { requireFinalReport: false });
    expect(frames.at(-1)?.type, 'the run of a deleted thread ends in agent_error').toBe('agent_error');

    const from = s.received.length;
    s.send({ type: 'user_message', payload: { content: 'into the void', thread_id: threadId } });
    const answer = await s.waitFor((f) => f.type === 'error_message' || f.type === 'agent_started', { from, what: 'refusal' });
    expect(answer.type, 'user_message into a deleted thread must not start a run').toBe('error_message');
  });
});

describe('heartbeat', () => {
  it('an idle socket gets heartbeat frames and stays open; heartbeat_ack is accepted silently', async () => {
    const s = await socket('idle');
    const hb = await s.waitFor((f) => f.type === 'heartbeat', { what: 'a heartbeat after 300 ms idle', timeout: 5_000 });
    expect(heartbeatFrame.safeParse(hb).success, JSON.stringify(hb)).toBe(true);
    const from = s.received.length;
    s.send({ type: 'heartbeat_ack', timestamp: hb.timestamp });
    await s.barrier();
    expect(s.frames.slice(from).filter((f) => f.type === 'error_message'), 'heartbeat_ack must not be an error').toEqual([]);
    expect(s.isOpen).toBe(true);
  });
});

describe('several sockets of one user', () => {
  it('a tab opened mid-run recovers the run with resume; closing one tab does not disturb the others', async () => {
    const a = await socket('tab a');
    const b = await socket('tab b');
    const threadId = await createThread(http, alice.token, 'tabs');
    const runId = await a.sendUserMessage(threadId, REQUEST);
    await b.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= 2, { what: 'run on tab b' });
    const c = await socket('tab c (late)');
    await b.close();
    // A page opened mid-run finds the run through active_run_id and resumes it from the start.
    expect((await threadOf(http, alice.token, threadId)).active_run_id).toBe(runId);
    const resumedAt = c.received.length;
    c.send({ type: 'resume', payload: { run_id: runId, after_seq: 0 } });
    await a.waitForRunEnd(runId);
    await c.waitFor((f) => f.run_id === runId && (f.type === 'final_report' || f.type === 'agent_error'), { from: resumedAt, what: 'the end after resume' });
    await c.barrier();
    const all = a.rawRunFrames(runId);
    expectRunValid(a.runFrames(runId), alice.userId, 'tab a');
    // Whatever reached tab c live before it asked, from the resume on it gets replay then live: 1..N once, in order.
    const afterResume = c.frames.slice(resumedAt).filter((f) => f.run_id === runId);
    expect(afterResume, 'tab c after resume after_seq=0: every frame of the run, once, in seq order').toEqual(all);
  });
});

describe('heartbeat at the default idle time', () => {
  // The socket was opened in beforeAll, so the 25 s of silence overlap the tests above.
  it('comes after 25 s of silence, not before', async () => {
    const s = idleDefault!;
    const connectedAt = s.received[0]!.at;
    await s.waitFor((f) => f.type === 'heartbeat', { what: 'the 25 s heartbeat', timeout: 30_000 });
    const hb = s.received.find((r) => r.frame.type === 'heartbeat')!;
    const idle = hb.at - connectedAt;
    expect(idle, `heartbeat after ${idle.toFixed(0)} ms idle`).toBeGreaterThanOrEqual(LIMITS.heartbeatIdleMs - 1_000);
    expect(idle).toBeLessThan(LIMITS.heartbeatIdleMs + 3_000);
  }, 40_000);
});
