/**
 * Contract §3 ordering rules 1–6 over 40 runs at AGENT_PACE_MS=0: 10 varied requests × 4 send
 * paths (socket start_agent into a thread, start_agent without a thread, user_message, REST execute),
 * split over two users running concurrently. Plus connection_established and the scripted run shape.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITICAL_EVENTS, SUPERVISOR } from '../../contract/events';
import { connectionEstablishedFrame, serverFrame, type RunFrame } from '../../contract/frames';
import { executeResponse } from '../../contract/http';
import { Http, createThread, expectBody, login, messagesOf, threadsOf, type Session } from './helpers/http';
import { expectRunValid, finalResponse, runShape, streamedText, subAgents, toolsRun } from './helpers/runs';
import { connectSession, type SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';
import { pool } from './helpers/util';

/** `data`/`opt`: whether data_agent / optimization_agent must run (undefined: not asserted). */
const REQUESTS: { text: string; data?: boolean; opt?: boolean }[] = [
  { text: 'Show my LLM usage metrics for last week', data: true },
  { text: 'How can I reduce my model costs?', data: true, opt: true },
  { text: 'Hello there, who are you?', data: false, opt: false },
  { text: 'What is my p95 latency this month?', data: true },
  { text: 'Please optimise our spend on embeddings', data: true, opt: true },
  { text: 'Improve the prompt quality', opt: true },
  { text: 'Résumé des coûts 数据 💸 — how do we save money on usage?', data: true, opt: true },
  { text: '<script>alert("x")</script> usage & cost "quoted" \'single\'', data: true },
  { text: `${'lorem ipsum '.repeat(830)}what did the cost look like?`, data: true },
  { text: 'line one\nline two\ttabbed', data: false, opt: false },
];
const PATHS = ['start_agent', 'start_agent_new_thread', 'user_message', 'rest_execute'] as const;
type SendPath = (typeof PATHS)[number];

interface Case {
  key: string;
  request: (typeof REQUESTS)[number];
  requestIndex: number;
  path: SendPath;
  userKey: 'alice' | 'bob';
}
interface Outcome {
  runId: string;
  threadId: string;
  frames: RunFrame[];
}

const CASES: Case[] = REQUESTS.flatMap((request, requestIndex) =>
  PATHS.map((path, p) => ({
    key: `request #${requestIndex} via ${path}`,
    request,
    requestIndex,
    path,
    userKey: (requestIndex + p) % 2 === 0 ? ('alice' as const) : ('bob' as const),
  })),
);

let server: TestServer;
let http: Http;
const sessions = new Map<string, Session>();
const sockets = new Map<string, SocketClient>();
const outcomes = new Map<string, Outcome>();
const failures = new Map<string, Error>();

async function runCase(c: Case): Promise<Outcome> {
  const s = sessions.get(c.userKey)!;
  const socket = sockets.get(c.userKey)!;
  let runId: string;
  let threadId: string;
  switch (c.path) {
    case 'start_agent':
      threadId = await createThread(http, s.token, `ordering ${c.key}`);
      runId = await socket.startAgent(c.request.text, threadId);
      break;
    case 'start_agent_new_thread':
      runId = await socket.startAgent(c.request.text);
      threadId = socket.rawRunFrames(runId)[0]!.thread_id!;
      break;
    case 'user_message':
      threadId = await createThread(http, s.token, `ordering ${c.key}`);
      runId = await socket.sendUserMessage(threadId, c.request.text);
      break;
    case 'rest_execute': {
      threadId = await createThread(http, s.token, `ordering ${c.key}`);
      const requestId = randomUUID();
      const res = await http.post('/api/agent/v2/execute', { request_id: requestId, message: c.request.text, thread_id: threadId }, s.token);
      const body = expectBody(res, 200, executeResponse, 'POST /api/agent/v2/execute');
      expect(body.request_id, 'execute echoes request_id').toBe(requestId);
      expect(body.thread_id, 'execute answers the thread it ran in').toBe(threadId);
      runId = body.run_id;
      socket.claim(runId);
      break;
    }
  }
  await socket.waitForRunEnd(runId);
  return { runId, threadId, frames: [] };
}

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'bob'] });
  http = new Http(server.url);
  for (const key of ['alice', 'bob'] as const) {
    const s = await login(http, server.user(key));
    sessions.set(key, s);
    sockets.set(key, await connectSession(server, s, key));
  }
  const record = async (c: Case) => {
    try {
      outcomes.set(c.key, await runCase(c));
    } catch (e) {
      failures.set(c.key, e as Error);
    }
  };
  // Runs whose thread is known up front go concurrently (4 in flight per user, both users at once);
  // start_agent without a thread is told apart only by "the next new run", so those go one by one.
  const byThread = CASES.filter((c) => c.path !== 'start_agent_new_thread');
  await Promise.all((['alice', 'bob'] as const).map((u) => pool(byThread.filter((c) => c.userKey === u), 4, record)));
  for (const c of CASES.filter((x) => x.path === 'start_agent_new_thread')) await record(c);
  // Anything a run sends after its end has arrived once the pong does.
  for (const socket of sockets.values()) await socket.barrier();
  for (const c of CASES) {
    const o = outcomes.get(c.key);
    if (o) o.frames = sockets.get(c.userKey)!.runFrames(o.runId);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([...sockets.values()].map((s) => s.close()));
  await server?.close();
});

function outcomeOf(c: Case): Outcome {
  const failure = failures.get(c.key);
  if (failure) throw new Error(`${c.key} could not run: ${failure.message}`);
  return outcomes.get(c.key)!;
}

describe('connection_established', () => {
  it('is the first frame, names the socket owner and the five critical events', () => {
    const ids = new Set<string>();
    for (const [key, socket] of sockets) {
      const parsed = connectionEstablishedFrame.safeParse(socket.frames[0]);
      if (!parsed.success) throw new Error(`${key}: the first frame is not connection_established: ${JSON.stringify(socket.frames[0])}`);
      const { payload } = parsed.data;
      expect(payload.user_id, `${key}: user_id`).toBe(sessions.get(key)!.userId);
      expect([...payload.golden_path_events].sort(), `${key}: golden_path_events`).toEqual([...CRITICAL_EVENTS].sort());
      ids.add(payload.connection_id);
      expect(socket.frames.filter((f) => f.type === 'connection_established')).toHaveLength(1);
    }
    expect(ids.size, 'connection ids are distinct').toBe(sockets.size);
  });
});

describe.each(CASES)('$key ($userKey)', (c) => {
  it('follows ordering rules 1–5 and carries the owner and the thread on every frame', () => {
    const o = outcomeOf(c);
    const owner = sessions.get(c.userKey)!.userId;
    expectRunValid(o.frames, owner, c.key);
    expect(o.frames.every((f) => f.thread_id === o.threadId), `${c.key}: every frame carries thread ${o.threadId}`).toBe(true);
  });

  it('has the scripted shape: triage first, report last, data/optimisation agents as the request asks', () => {
    const o = outcomeOf(c);
    const agents = subAgents(o.frames);
    expect(agents[0], `${c.key}: sub-agents ${agents.join(' → ')}`).toBe('triage_agent');
    expect(agents.at(-1), `${c.key}: sub-agents ${agents.join(' → ')}`).toBe('report_agent');
    if (c.request.data !== undefined) expect(agents.includes('data_agent'), `${c.key}: data_agent in ${agents.join(', ')}`).toBe(c.request.data);
    if (c.request.opt !== undefined) {
      expect(agents.includes('optimization_agent'), `${c.key}: optimization_agent in ${agents.join(', ')}`).toBe(c.request.opt);
    }
    const tools = toolsRun(o.frames);
    expect(tools, `${c.key}: tools`).toContain('classify_request');
    if (agents.includes('data_agent')) expect(tools).toContain('query_usage_metrics');
    if (agents.includes('optimization_agent')) expect(tools).toContain('cost_model');
    for (const type of CRITICAL_EVENTS) expect(o.frames.some((f) => f.type === type), `${c.key}: has ${type}`).toBe(true);
    expect(o.frames.some((f) => f.type === 'partial_result'), `${c.key}: the answer is streamed as partial_result`).toBe(true);
  });

  it('streams exactly the final answer, and stores the user message and the answer (rule 6)', async () => {
    const o = outcomeOf(c);
    const answer = finalResponse(o.frames);
    expect(answer, `${c.key}: final_response`).toBeTruthy();
    expect(streamedText(o.frames), `${c.key}: partial_result pieces joined = final_response`).toBe(answer);
    const messages = await messagesOf(http, sessions.get(c.userKey)!.token, o.threadId);
    expect(
      messages.map((m) => m.role),
      `${c.key}: stored messages of thread ${o.threadId}`,
    ).toEqual(['user', 'assistant']);
    expect(messages[0]!.content, 'the stored user message is the request, verbatim').toBe(c.request.text);
    expect(messages[1]!.content, "the stored answer's content equals final_response").toBe(answer);
  });
});

describe('across runs', () => {
  it('every run has its own run id; a new thread from start_agent belongs to its user', async () => {
    const all = CASES.map((c) => outcomeOf(c).runId);
    expect(new Set(all).size, 'run ids are unique').toBe(all.length);
    for (const c of CASES.filter((x) => x.path === 'start_agent_new_thread')) {
      const threads = await threadsOf(http, sessions.get(c.userKey)!.token);
      expect(threads.map((t) => t.id), `${c.key}: the created thread is listed for ${c.userKey}`).toContain(outcomeOf(c).threadId);
    }
  });

  it.each(REQUESTS.map((r, i) => [i, r.text.slice(0, 40)] as const))('request #%i (%s) gives the same frames on every path', (i) => {
    const runs = CASES.filter((c) => c.requestIndex === i).map((c) => ({ c, o: outcomeOf(c) }));
    const [first, ...rest] = runs;
    for (const { c, o } of rest) {
      expect(runShape(o.frames), `${c.key} vs ${first!.c.key}`).toEqual(runShape(first!.o.frames));
      expect(finalResponse(o.frames), `${c.key}: final_response vs ${first!.c.key}`).toBe(finalResponse(first!.o.frames));
    }
  });

  it('two messages in one thread are stored in order, each answer equal to its final_response', async () => {
    const s = sessions.get('alice')!;
    const socket = sockets.get('alice')!;
    const threadId = await createThread(http, s.token, 'two turns');
    const texts = ['First: show usage', 'Second: reduce cost'];
    const answers: string[] = [];
    for (const text of texts) {
      const runId = await socket.sendUserMessage(threadId, text);
      await socket.waitForRunEnd(runId);
      const frames = socket.runFrames(runId);
      expectRunValid(frames, s.userId, `turn "${text}"`);
      answers.push(finalResponse(frames)!);
    }
    const messages = await messagesOf(http, s.token, threadId);
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', texts[0]],
      ['assistant', answers[0]],
      ['user', texts[1]],
      ['assistant', answers[1]],
    ]);
  });

  it('every frame on every socket matches the contract; tool frames name the tool at top level too', () => {
    for (const [key, socket] of sockets) {
      const bad = socket.frames.filter((f) => !serverFrame.safeParse(f).success);
      expect(bad.slice(0, 3).map((f) => JSON.stringify(f).slice(0, 300)), `${key}: frames outside the contract`).toEqual([]);
      const tools = socket.frames.filter((f) => f.type === 'tool_executing' || f.type === 'tool_completed');
      expect(tools.filter((f) => f.tool_name !== f.payload?.tool_name).length, `${key}: top-level tool_name = payload.tool_name`).toBe(0);
    }
  });

  it('the supervisor opens and closes every run', () => {
    for (const c of CASES) {
      const frames = outcomeOf(c).frames;
      expect(frames[0]?.agent_name, c.key).toBe(SUPERVISOR);
      const done = frames.filter((f) => f.type === 'agent_completed' && f.agent_name === SUPERVISOR);
      expect(done, `${c.key}: one supervisor agent_completed`).toHaveLength(1);
    }
  });
});
