/**
 * Contract §1 data rows: SQLite at APP_DB survives a restart; passwords are stored hashed; only the
 * accounts APP_USERS names can sign in; a run in flight when the server stops is marked interrupted.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvents } from '../../contract/http';
import { Http, createThread, expectBody, expectError, login, messagesOf, threadOf, threadsOf, type Session } from './helpers/http';
import { finalResponse } from './helpers/runs';
import { connectSession } from './helpers/socket';
import { seedUser, startTestServer, tempDir, type TestServer } from './helpers/server';
import type { StoredMessage, Thread } from '../../contract/http';

const tmp = tempDir('ref-app-persist-');
const dbFile = join(tmp.dir, 'app.sqlite');
const alice = seedUser('alice');
const bob = seedUser('bob');

let before: { threads: Thread[]; messages: Map<string, StoredMessage[]>; runIds: string[]; events: Map<string, unknown[]> };
let interruptedRun: { runId: string; threadId: string };
let secret: string;
let aliceId: string;
let bobFirstLife: Session;

beforeAll(async () => {
  // First life: alice has two threads, one with two turns; bob has one thread.
  const first = await startTestServer({ users: [alice, bob], db: dbFile, paceMs: 0 });
  secret = first.env.APP_JWT_SECRET!;
  try {
    const http = new Http(first.url);
    const a = await login(http, alice);
    const b = await login(http, bob);
    aliceId = a.userId;
    bobFirstLife = b;
    const socket = await connectSession(first, a);
    const bobSocket = await connectSession(first, b);
    const t1 = await createThread(http, a.token, 'first thread', { topic: 'usage' });
    const t2 = await createThread(http, a.token, 'second thread');
    const runIds: string[] = [];
    for (const [thread, text] of [
      [t1, 'Show my usage'],
      [t1, 'And how to reduce the cost?'],
      [t2, 'Hello ✓ ünïcode'],
    ] as const) {
      const runId = await socket.sendUserMessage(thread, text);
      await socket.waitForRunEnd(runId);
      runIds.push(runId);
    }
    const bobThread = await createThread(http, b.token, 'bob thread');
    await bobSocket.waitForRunEnd(await bobSocket.sendUserMessage(bobThread, 'bob usage'));
    const threads = await threadsOf(http, a.token);
    const messages = new Map<string, StoredMessage[]>();
    for (const t of threads) messages.set(t.id, await messagesOf(http, a.token, t.id));
    const events = new Map<string, unknown[]>();
    for (const id of runIds) {
      events.set(id, expectBody(await http.get(`/api/runs/${id}/events`, a.token), 200, runEvents, 'run events').events);
    }
    before = { threads, messages, runIds, events };
    await Promise.all([socket.close(), bobSocket.close()]);
  } finally {
    await first.close();
  }

  // Second life with a slow pace: a run is in flight when the server is closed.
  const second = await startTestServer({ users: [alice, bob], db: dbFile, paceMs: 200, env: { APP_JWT_SECRET: secret } });
  try {
    const http = new Http(second.url);
    const a = await login(http, alice);
    const socket = await connectSession(second, a);
    const threadId = await createThread(http, a.token, 'interrupted thread');
    const runId = await socket.sendUserMessage(threadId, 'Show my usage and reduce cost');
    await socket.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= 2, { what: 'the run under way' });
    interruptedRun = { runId, threadId };
    await socket.close();
  } finally {
    await second.close();
  }
}, 60_000);

afterAll(() => tmp.cleanup());

describe('after a restart on the same APP_DB file', () => {
  let server: TestServer;
  let http: Http;
  let a: Session;
  beforeAll(async () => {
    // bob is no longer named in APP_USERS.
    server = await startTestServer({ users: [alice], db: dbFile, env: { APP_JWT_SECRET: secret } });
    http = new Http(server.url);
    a = await login(http, alice);
  });
  afterAll(() => server?.close());

  it("keeps the user's id, so the data stays that user's", () => {
    expect(a.userId, 'alice signs in as the same user id after the restart').toBe(aliceId);
    expect(before.threads.length).toBe(2);
  });

  it('keeps every thread with its title, metadata and message count', async () => {
    const threads = (await threadsOf(http, a.token)).filter((t) => t.title !== 'interrupted thread');
    const strip = (t: Thread) => ({ id: t.id, title: t.title, metadata: t.metadata, message_count: t.message_count, created_at: t.created_at });
    expect(threads.map(strip)).toEqual(before.threads.map(strip));
  });

  it('keeps every message, byte for byte and in order', async () => {
    for (const [threadId, messages] of before.messages) {
      expect(await messagesOf(http, a.token, threadId), `messages of thread ${threadId}`).toEqual(messages);
    }
    const all = [...before.messages.values()].flat();
    expect(all.filter((m) => m.role === 'assistant')).toHaveLength(3);
    expect(all.map((m) => m.content)).toContain('Hello ✓ ünïcode');
  });

  it('keeps the stored run frames for replay', async () => {
    for (const runId of before.runIds) {
      const res = expectBody(await http.get(`/api/runs/${runId}/events`, a.token), 200, runEvents, 'run events after restart');
      expect(res.events, `events of run ${runId}`).toEqual(before.events.get(runId));
      expect(finalResponse(res.events as never)).toBeTruthy();
    }
  });

  it('marks the run that was in flight at shutdown interrupted, and the thread has no active run', async () => {
    const res = expectBody(await http.get(`/api/runs/${interruptedRun.runId}/events`, a.token), 200, runEvents, 'interrupted run');
    expect(res.status, 'status of a run in flight when the server closed').toBe('interrupted');
    const thread = await threadOf(http, a.token, interruptedRun.threadId);
    expect(thread.active_run_id ?? null, 'active_run_id of the interrupted run\'s thread').toBeNull();
    const messages = await messagesOf(http, a.token, interruptedRun.threadId);
    expect(messages[0]?.content, 'the user message of the interrupted run is kept').toBe('Show my usage and reduce cost');
  });

  it('signs in only the accounts APP_USERS still names (bob was removed)', async () => {
    expectError(await http.post('/auth/login', { email: bob.email, password: bob.password }), 401, 'login of a removed account', 'INVALID_CREDENTIALS');
    // Tokens issued to bob before (same APP_JWT_SECRET) no longer open anything.
    expectError(await http.get('/auth/me', bobFirstLife.token), 401, "a removed account's access token");
    expectError(await http.post('/auth/refresh', { refresh_token: bobFirstLife.refreshToken }), 401, "a removed account's refresh token");
    expectError(await http.post('/api/websocket/ticket', {}, bobFirstLife.token), 401, "a ticket for a removed account");
  });
});

describe('password storage', () => {
  it('no table cell and no byte of the database files holds a plaintext password', () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[];
      let cells = 0;
      let sawEmail = false;
      for (const { name } of tables) {
        for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
          for (const [column, value] of Object.entries(row)) {
            const text = Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
            cells++;
            if (text.includes(alice.email)) sawEmail = true;
            for (const u of [alice, bob]) {
              expect(text.includes(u.password), `${name}.${column} holds ${u.key}'s plaintext password`).toBe(false);
            }
          }
        }
      }
      expect(sawEmail, 'the scan found the users at all').toBe(true);
      expect(cells).toBeGreaterThan(10);
    } finally {
      db.close();
    }
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-journal`]) {
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file).toString('latin1');
      for (const u of [alice, bob]) expect(bytes.includes(u.password), `${file} contains ${u.key}'s password`).toBe(false);
    }
  });
});
