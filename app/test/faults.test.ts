/**
 * Contract §7 and docs/architecture.md "Faults": each fault kind does what it says to the user's
 * next run only, the ordering rules still hold, DELETE clears, and the API is 404 when disabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, SUPERVISOR, type FaultKind } from '../../contract/events';
import type { RunFrame } from '../../contract/frames';
import { Http, createThread, describeRes, expectError, login, messagesOf, type Session } from './helpers/http';
import { expectRunValid, finalResponse, runEnd } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

const REQUEST = 'Analyse my usage costs and suggest how to reduce them';
const USERS = ['llm', 'tool', 'timeout', 'db', 'drop', 'clear', 'other', 'slow'];

let server: TestServer;
let http: Http;
const sessions = new Map<string, Session>();
const open: SocketClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ users: USERS, faults: true });
  http = new Http(server.url);
  for (const key of USERS) sessions.set(key, await login(http, server.user(key)));
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await server?.close();
});

async function socketOf(key: string, label = key, target = server): Promise<SocketClient> {
  const s = await connectSession(target, sessions.get(key)!, label);
  open.push(s);
  return s;
}

async function arm(key: string, kind: FaultKind, afterEvents?: number, h = http): Promise<void> {
  const body = afterEvents === undefined ? { kind } : { kind, after_events: afterEvents };
  const res = await h.post('/__faults', body, sessions.get(key)!.token);
  expect(res.status, `arming ${kind}: ${describeRes(res)}`).toBe(200);
}

/** Runs one request to its end on a fresh thread; returns the validated frames. */
async function run(key: string, socket: SocketClient): Promise<{ frames: RunFrame[]; threadId: string; runId: string }> {
  const threadId = await createThread(http, sessions.get(key)!.token, `fault ${key}`);
  const runId = await socket.sendUserMessage(threadId, REQUEST);
  await socket.waitForRunEnd(runId);
  await socket.barrier();
  return { frames: socket.runFrames(runId), threadId, runId };
}

function expectSucceeded(frames: RunFrame[], owner: string, label: string): void {
  expectRunValid(frames, owner, label);
  expect(runEnd(frames)?.type, `${label}: the run should succeed`).toBe('final_report');
}

function expectFailedWith(frames: RunFrame[], owner: string, label: string, code: string): RunFrame & { type: 'agent_error' } {
  expectRunValid(frames, owner, label, { requireFinalReport: false });
  const end = runEnd(frames);
  expect(end?.type, `${label}: the run should end in agent_error`).toBe('agent_error');
  const errors = frames.filter((f) => f.type === 'agent_error');
  expect(errors, `${label}: exactly one agent_error`).toHaveLength(1);
  const err = errors[0] as RunFrame & { type: 'agent_error' };
  expect(err.payload.error_code, `${label}: error_code`).toBe(code);
  expect(frames.some((f) => f.type === 'final_report'), `${label}: a failed run has no final_report`).toBe(false);
  return err;
}

describe('fault kinds', () => {
  it('covers every kind the contract names', () => {
    expect([...FAULT_KINDS].sort()).toEqual(['db_error', 'llm_error', 'slow', 'tool_error', 'tool_timeout', 'ws_drop']);
  });

  it('llm_error: the next run ends with one agent_error LLM_ERROR (recoverable); only that run; only that user', async () => {
    const owner = sessions.get('llm')!.userId;
    const socket = await socketOf('llm');
    const bystander = await socketOf('other');
    await arm('llm', 'llm_error');

    const other = await run('other', bystander);
    expectSucceeded(other.frames, sessions.get('other')!.userId, "another user's run while llm_error is armed");

    const failed = await run('llm', socket);
    const err = expectFailedWith(failed.frames, owner, 'llm_error run', 'LLM_ERROR');
    expect(err.payload.recoverable, 'LLM_ERROR is recoverable').toBe(true);
    const stored = await messagesOf(http, sessions.get('llm')!.token, failed.threadId);
    expect(stored[0]?.content, 'the user message is stored even though the run failed').toBe(REQUEST);

    const next = await run('llm', socket);
    expectSucceeded(next.frames, owner, 'the run after an llm_error run (the fault is spent)');
  });

  it('tool_error: a tool completes failed, the run goes on and its answer says so', async () => {
    const owner = sessions.get('tool')!.userId;
    const socket = await socketOf('tool');
    await arm('tool', 'tool_error');
    const { frames, threadId } = await run('tool', socket);
    expectSucceeded(frames, owner, 'tool_error run');
    const failedTools = frames.filter((f) => f.type === 'tool_completed' && f.payload.status === 'failed');
    expect(failedTools.length, 'exactly one tool completes failed').toBe(1);
    const failed = failedTools[0] as RunFrame & { type: 'tool_completed' };
    expect(failed.payload.error, 'a failed tool_completed carries error').toBeTruthy();
    const answer = finalResponse(frames)!;
    expect(answer, `the answer must say a tool failed: "${answer.slice(0, 300)}"`).toMatch(/fail|error|unavailable|could not|couldn't/i);
    const stored = await messagesOf(http, sessions.get('tool')!.token, threadId);
    expect(stored.at(-1)?.content, 'the stored answer is the final_response').toBe(answer);
  });

  it('tool_timeout: a tool completes failed with a timeout error; the run still follows the rules and ends', async () => {
    const owner = sessions.get('timeout')!.userId;
    const socket = await socketOf('timeout');
    await arm('timeout', 'tool_timeout');
    const { frames } = await run('timeout', socket);
    expectRunValid(frames, owner, 'tool_timeout run', { requireFinalReport: runEnd(frames)?.type === 'final_report' });
    const failed = frames.filter((f) => f.type === 'tool_completed' && f.payload.status === 'failed') as (RunFrame & { type: 'tool_completed' })[];
    expect(failed.length, 'one tool completes failed').toBe(1);
    expect(failed[0]!.payload.error, 'the error names the timeout').toMatch(/time(d)?[\s_-]?out/i);
  });

  it('db_error: storing the answer fails, the run ends with agent_error DB_ERROR and no answer is stored', async () => {
    const owner = sessions.get('db')!.userId;
    const socket = await socketOf('db');
    await arm('db', 'db_error');
    const { frames, threadId } = await run('db', socket);
    expectFailedWith(frames, owner, 'db_error run', 'DB_ERROR');
    const stored = await messagesOf(http, sessions.get('db')!.token, threadId);
    expect(stored.map((m) => m.role), 'only the user message is stored').toEqual(['user']);
    const next = await run('db', socket);
    expectSucceeded(next.frames, owner, 'the run after a db_error run');
  });

  it('ws_drop: every socket of the user closes (4000) after after_events frames; the run goes on and resumes', async () => {
    const AFTER = 3;
    const owner = sessions.get('drop')!.userId;
    const [a, b] = [await socketOf('drop', 'drop#a'), await socketOf('drop', 'drop#b')];
    const bystander = await socketOf('other', 'other (ws_drop bystander)');
    await arm('drop', 'ws_drop', AFTER);
    const threadId = await createThread(http, sessions.get('drop')!.token, 'ws_drop');
    const runId = await a.sendUserMessage(threadId, REQUEST);
    for (const s of [a, b]) {
      const closed = await s.waitForClose(5_000);
      expect(closed.code, `${s.label}: close code of a ws_drop`).toBe(4000);
      expect(s.rawRunFrames(runId).map((f) => f.seq), `${s.label}: frames before the drop`).toEqual([1, 2, 3]);
    }
    await bystander.barrier();
    expect(bystander.isOpen, "ws_drop must not close another user's socket").toBe(true);

    // Reconnect with a new ticket and resume from the last seq seen.
    const c = await socketOf('drop', 'drop#c');
    c.claim(runId);
    c.send({ type: 'resume', payload: { run_id: runId, after_seq: AFTER } });
    await c.waitForRunEnd(runId);
    await c.barrier();
    const rest = c.runFrames(runId);
    expect(rest[0]?.seq, 'resume starts right after after_seq').toBe(AFTER + 1);
    const whole = [...a.runFrames(runId), ...rest];
    expectSucceeded(whole, owner, 'ws_drop run joined across the reconnect');
    const stored = await messagesOf(http, sessions.get('drop')!.token, threadId);
    expect(stored.at(-1)?.content, 'the run went on and stored its answer').toBe(finalResponse(whole));

    const next = await run('drop', c);
    expectSucceeded(next.frames, owner, 'the run after a ws_drop run');
    expect(c.isOpen, 'the fault is spent: the next run does not drop').toBe(true);
  });

  it('DELETE /__faults clears armed faults', async () => {
    const owner = sessions.get('clear')!.userId;
    const socket = await socketOf('clear');
    await arm('clear', 'llm_error');
    await arm('clear', 'db_error');
    const del = await http.delete('/__faults', sessions.get('clear')!.token);
    expect([200, 204], describeRes(del)).toContain(del.status);
    const { frames } = await run('clear', socket);
    expectSucceeded(frames, owner, 'a run after DELETE /__faults');
  });

  it('slow: events come about 10× slower', async () => {
    const paced = await startTestServer({ users: ['slow'], faults: true, paceMs: 15 });
    try {
      const h = new Http(paced.url);
      const s = await login(h, paced.user('slow'));
      const socket = await connectSession(paced, s, 'slow');
      open.push(socket);
      const timeRun = async () => {
        const threadId = await createThread(h, s.token, 'slow');
        const t0 = performance.now();
        const runId = await socket.sendUserMessage(threadId, REQUEST, 20_000);
        await socket.waitForRunEnd(runId, 30_000);
        const frames = socket.runFrames(runId);
        expectSucceeded(frames, s.userId, 'slow run');
        return { ms: performance.now() - t0, frames: frames.length };
      };
      const base = await timeRun();
      const res = await h.post('/__faults', { kind: 'slow' }, s.token);
      expect(res.status, describeRes(res)).toBe(200);
      const slow = await timeRun();
      expect(slow.frames, 'the same request streams the same number of frames').toBe(base.frames);
      expect(slow.ms / base.ms, `slow run ${slow.ms.toFixed(0)} ms vs normal ${base.ms.toFixed(0)} ms`).toBeGreaterThan(5);
      const after = await timeRun();
      expect(after.ms, 'slow applies to one run only').toBeLessThan(slow.ms / 3);
    } finally {
      await paced.close();
    }
  }, 60_000);

  it('the supervisor still opens every fault run', () => {
    for (const s of open) {
      for (const runId of s.runIds()) {
        const first = s.rawRunFrames(runId)[0];
        if (first && first.seq === 1) expect(first.agent_name, `${s.label} run ${runId}`).toBe(SUPERVISOR);
      }
    }
  });
});

describe('fault API', () => {
  it('refuses bad bodies and missing tokens', async () => {
    const token = sessions.get('clear')!.token;
    expectError(await http.post('/__faults', { kind: 'nope' }, token), 422, 'unknown fault kind');
    expectError(await http.post('/__faults', {}, token), 422, 'no kind');
    expectError(await http.post('/__faults', { kind: 'llm_error' }), 401, 'no token');
    expectError(await http.delete('/__faults'), 401, 'DELETE without token');
    await http.delete('/__faults', token);
  });

  it('is 404 when ENABLE_FAULT_INJECTION is not true', async () => {
    const off = await startTestServer({ users: ['alice'] });
    try {
      const h = new Http(off.url);
      const s = await login(h, off.user('alice'));
      expectError(await h.post('/__faults', { kind: 'llm_error' }, s.token), 404, 'POST /__faults when disabled');
      expectError(await h.delete('/__faults', s.token), 404, 'DELETE /__faults when disabled');
      expectError(await h.post('/__faults', { kind: 'llm_error' }), 404, 'POST /__faults when disabled, no token');
      // …and a run is unaffected.
      const socket = await connectSession(off, s, 'alice (faults off)');
      open.push(socket);
      const threadId = await createThread(h, s.token, 'faults off');
      const runId = await socket.sendUserMessage(threadId, REQUEST);
      await socket.waitForRunEnd(runId);
      expectSucceeded(socket.runFrames(runId), s.userId, 'a run with faults disabled');
    } finally {
      await off.close();
    }
  });
});
