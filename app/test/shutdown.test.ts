/**
 * Contract §1 graceful shutdown and §6 log hygiene, on the real entry point: `app/server/main.ts`
 * runs as a child process (PORT=0); SIGTERM with a run in flight marks it interrupted and closes the
 * DB; nothing it logged contains a password, a token or a ticket.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvents } from '../../contract/http';
import { Http, createThread, expectBody, login, ticket, type Session } from './helpers/http';
import { SocketClient } from './helpers/socket';
import { appUsersEnv, seedUser, startTestServer, tempDir } from './helpers/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const alice = seedUser('alice');
const tmp = tempDir('ref-app-shutdown-');
const dbFile = join(tmp.dir, 'app.sqlite');

let child: ChildProcess;
let logs = '';
let exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

/** Starts main.ts and resolves with the URL it logs (`reference app listening on <url>`). */
function startChild(): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      APP_USERS: appUsersEnv([alice]),
      APP_DB: dbFile,
      AGENT_PACE_MS: '100',
      APP_LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not log "reference app listening on" within 60 s; output:\n${logs.slice(-2000)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      logs += chunk.toString();
      const m = /reference app listening on (http:\/\/[^\s"']+)/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited (${code ?? signal}) before listening; output:\n${logs.slice(-2000)}`));
    });
  });
}

let session: Session;
let ticketId: string;
let runId: string;
let threadId: string;
let socket: SocketClient;
let exitInfo: { code: number | null; signal: NodeJS.Signals | null };

beforeAll(async () => {
  const url = await startChild();
  const http = new Http(url);
  session = await login(http, alice);
  const t = await ticket(http, session.token);
  ticketId = t.ticket_id;
  socket = await SocketClient.connect(`${url.replace(/^http/, 'ws')}/ws?ticket=${encodeURIComponent(ticketId)}`, 'alice', session);
  threadId = await createThread(http, session.token, 'in flight at SIGTERM');
  runId = await socket.sendUserMessage(threadId, 'Analyse my usage costs and suggest how to reduce them');
  await socket.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= 3, { what: 'the run under way' });
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const bounded = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`main.ts still running 10 s after SIGTERM; output:\n${logs.slice(-2000)}`)), 10_000);
  });
  try {
    exitInfo = await Promise.race([exit, bounded]);
  } finally {
    clearTimeout(timer);
  }
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await socket?.close();
  tmp.cleanup();
});

describe('SIGTERM with a run in flight', () => {
  it('exits cleanly and closes the sockets', async () => {
    expect(exitInfo, `exit after SIGTERM; output tail:\n${logs.slice(-1500)}`).toEqual({ code: 0, signal: null });
    await socket.waitForClose(2_000);
    expect(socket.runFrames(runId).some((f) => f.type === 'final_report'), 'the run must not have finished on its own').toBe(false);
  });

  it('marks the run interrupted in the database before closing it', () => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      // Read straight from the file: a restart would repair abandoned runs itself and hide a missing shutdown step.
      const row = db.prepare('SELECT status FROM runs WHERE id = ?').get(runId) as { status?: string } | undefined;
      expect(row?.status, 'runs.status of the run in flight at SIGTERM').toBe('interrupted');
    } finally {
      db.close();
    }
  });

  it('a restarted server reports the run interrupted and the thread idle', async () => {
    const server = await startTestServer({ users: [alice], db: dbFile });
    try {
      const http = new Http(server.url);
      const s = await login(http, alice);
      const events = expectBody(await http.get(`/api/runs/${runId}/events`, s.token), 200, runEvents, 'run events after restart');
      expect(events.status).toBe('interrupted');
      expect(events.events.length, 'the frames streamed before SIGTERM were stored').toBeGreaterThanOrEqual(3);
      const thread = await http.get(`/api/threads/${threadId}`, s.token);
      expect(thread.body?.active_run_id ?? null).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('logs (contract §6)', () => {
  it('never contain the password, the tokens or the ticket', () => {
    expect(logs.length, 'the child logged something at debug level').toBeGreaterThan(0);
    const secrets: [string, string][] = [
      ['password', alice.password],
      ['access token', session.token],
      ['refresh token', session.refreshToken],
      ['ticket', ticketId],
    ];
    for (const [what, secret] of secrets) {
      const at = logs.indexOf(secret);
      expect(at, `the logs contain the ${what}: …${logs.slice(Math.max(0, at - 120), at + 20)}…`).toBe(-1);
    }
  });
});
