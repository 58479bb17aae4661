/**
 * Contract §3 `resume {run_id, after_seq}` (ext) and GET /api/runs/:id/events: stored frames with
 * seq > after_seq, then live ones; no duplicate, no gap, including a reconnect mid-run with a new ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFrame } from '../../contract/frames';
import { runEvents } from '../../contract/http';
import { Http, createThread, expectBody, login, threadOf, type Session } from './helpers/http';
import { describeFrames, expectRunValid } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

const REQUEST = 'Analyse my usage costs and suggest how to reduce them';
const PACE_MS = 40;
const CUT_AT = [1, 2, 4, 7, 10];

let server: TestServer;
let http: Http;
const sessions = new Map<string, Session>();
const open: SocketClient[] = [];

beforeAll(async () => {
  const users = ['alice', ...CUT_AT.map((n) => `cut${n}`)];
  server = await startTestServer({ users, paceMs: PACE_MS });
  http = new Http(server.url);
  for (const key of users) sessions.set(key, await login(http, server.user(key)));
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await server?.close();
});

async function socketOf(key: string, label: string): Promise<SocketClient> {
  const s = await connectSession(server, sessions.get(key)!, label);
  open.push(s);
  return s;
}

async function storedEvents(token: string, runId: string, afterSeq?: number) {
  const q = afterSeq === undefined ? '' : `?after_seq=${afterSeq}`;
  return expectBody(await http.get(`/api/runs/${runId}/events${q}`, token), 200, runEvents, `GET /api/runs/${runId}/events${q}`);
}

describe('a completed run', () => {
  let live: RunFrame[];
  let runId: string;
  let alice: Session;

  beforeAll(async () => {
    alice = sessions.get('alice')!;
    const socket = await socketOf('alice', 'alice live');
    const threadId = await createThread(http, alice.token, 'resume completed');
    runId = await socket.sendUserMessage(threadId, REQUEST);
    await socket.waitForRunEnd(runId);
    live = socket.runFrames(runId);
    expectRunValid(live, alice.userId, 'the live run');
  });

  it('GET /api/runs/:id/events returns exactly the frames that were streamed', async () => {
    const all = await storedEvents(alice.token, runId);
    expect(all.run_id).toBe(runId);
    expect(all.events, 'stored frames = live frames').toEqual(live);
    const tail = await storedEvents(alice.token, runId, 5);
    expect(tail.events, 'after_seq=5').toEqual(live.filter((f) => f.seq! > 5));
    const none = await storedEvents(alice.token, runId, live.length);
    expect(none.events, 'after_seq = last seq').toEqual([]);
  });

  it.each([0, 1, 5, 'last-1', 'last', 'last+10'] as const)('resume after_seq=%s on a new socket replays exactly seq > after_seq', async (which) => {
    const last = live.length;
    const afterSeq = typeof which === 'number' ? which : which === 'last-1' ? last - 1 : which === 'last' ? last : last + 10;
    const socket = await socketOf('alice', `alice resume ${which}`);
    socket.send({ type: 'resume', payload: { run_id: runId, after_seq: afterSeq } });
    await socket.barrier();
    const replayed = socket.rawRunFrames(runId);
    expect(replayed, `resume after_seq=${afterSeq}`).toEqual(live.filter((f) => f.seq! > afterSeq));
    expect(socket.frames.filter((f) => f.type === 'error_message'), 'resume of a completed run is not an error').toEqual([]);
  });

  it('the socket that streamed the run can still ask for it again (a page re-opening the thread rebuilds its timeline)', async () => {
    // The SPA shows thread X, switches to Y (dropping X's frames), comes back to X and asks for the whole run
    // on the same socket. The contract: resume re-sends the stored frames with seq > after_seq.
    const socket = await socketOf('alice', 'alice re-open');
    const threadId = await createThread(http, alice.token, 're-open');
    const id = await socket.sendUserMessage(threadId, REQUEST);
    await socket.waitForRunEnd(id);
    const streamed = socket.rawRunFrames(id);
    socket.send({ type: 'resume', payload: { run_id: id, after_seq: 0 } });
    await socket.barrier();
    expect(socket.rawRunFrames(id).slice(streamed.length), 'frames re-sent for resume after_seq=0 on the same socket').toEqual(streamed);
  });

  it('resume of an unknown run is an error_message; the socket stays open', async () => {
    const socket = await socketOf('alice', 'alice resume unknown');
    socket.send({ type: 'resume', payload: { run_id: 'no-such-run-000000000000', after_seq: 0 } });
    const err = await socket.waitFor((f) => f.type === 'error_message', { what: 'error for an unknown run' });
    expect(err.error_code).toBeTruthy();
    await socket.barrier();
    expect(socket.isOpen).toBe(true);
  });
});

describe('a reconnect mid-run with a new ticket', () => {
  it.each(CUT_AT)('socket dropped after seq %i: replay + live frames join without duplicate or gap', async (cut) => {
    const key = `cut${cut}`;
    const s = sessions.get(key)!;
    const first = await socketOf(key, `${key} first`);
    const threadId = await createThread(http, s.token, `cut at ${cut}`);
    const runId = await first.sendUserMessage(threadId, REQUEST);
    await first.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= cut, { what: `seq ${cut}` });
    await first.close();
    const seen = first.runFrames(runId);
    const lastSeen = Math.max(...seen.map((f) => f.seq!));

    // While no socket is open the run goes on; the reloaded page finds it through active_run_id.
    const during = await threadOf(http, s.token, threadId);
    const statusDuring = (await storedEvents(s.token, runId)).status;
    expect(during.active_run_id, 'GET /api/threads/:id names the run in flight').toBe(runId);

    const second = await socketOf(key, `${key} second`);
    second.claim(runId);
    second.send({ type: 'resume', payload: { run_id: runId, after_seq: lastSeen } });
    await second.waitForRunEnd(runId, 15_000);
    await second.barrier();
    const rest = second.runFrames(runId);

    const seqs = rest.map((f) => f.seq!);
    const dupes = seqs.filter((q, i) => seqs.indexOf(q) !== i);
    expect(dupes, `${key}: seqs the second socket received twice (arrival order ${seqs.join(',')})`).toEqual([]);
    expect(seqs.filter((q) => q <= lastSeen), `${key}: seqs at or before after_seq=${lastSeen} re-sent`).toEqual([]);
    const joined = [...seen, ...rest].sort((x, y) => x.seq! - y.seq!);
    expect(joined.map((f) => f.seq), `${key}: seq 1..N with no gap\n${describeFrames(joined)}`).toEqual(joined.map((_, i) => i + 1));
    expectRunValid(joined, s.userId, `${key}: the run joined across the reconnect`);

    const stored = await storedEvents(s.token, runId);
    expect(joined, `${key}: what the user saw = what was stored`).toEqual(stored.events);
    expect(stored.status, 'the stored status changes when the run ends').not.toBe(statusDuring);
    expect((await threadOf(http, s.token, threadId)).active_run_id ?? null, 'no active run after the end').toBeNull();
  });
});
