/**
 * Contract §1 graceful shutdown and §6 log hygiene, on the real entry point: `app/server/main.ts`
 * runs as a child process (PORT=0); SIGTERM or SIGINT with a run in flight marks it interrupted and
 * closes the DB; nothing it logged contains a password, a token or a ticket.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvents } from '../../contract/http';
import { Http, createThread, expectBody, login, threadOf, ticket, type Session } from './helpers/http';
import { SocketClient } from './helpers/socket';
import { appUsersEnv, seedUser, startTestServer, tempDir } from './helpers/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const alice = seedUser('alice');
const tmp = tempDir('ref-app-shutdown-');

interface Scenario {
  child: ChildProcess;
  logs: string;
  dbFile: string;
  session: Session;
  ticketId: string;
  runId: string;
  threadId: string;
  socket: SocketClient;
  exitInfo: { code: number | null; signal: NodeJS.Signals | null };
}

/** Starts main.ts, resolves with the URL it logs (`reference app listening on <url>`) and its exit. */
function startChild(dbFile: string, out: { logs: string }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/server/main.ts'], {
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
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not log "reference app listening on" within 60 s; output:\n${out.logs.slice(-2000)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out.logs += chunk.toString();
      const m = /reference app listening on (http:\/\/[^\s"']+)/.exec(out.logs);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited (${code ?? signal}) before listening; output:\n${out.logs.slice(-2000)}`));
    });
  });
  return { child, url, exit };
}

/** A run in flight, then `signal`; resolves once the child has exited (bounded). */
async function scenario(signal: NodeJS.Signals): Promise<Scenario> {
  const dbFile = join(tmp.dir, `${signal}.sqlite`);
  const out = { logs: '' };
  const { child, url: urlPromise, exit } = startChild(dbFile, out);
  children.push(child);
  const url = await urlPromise;
  const http = new Http(url);
  const session = await login(http, alice);
  const t = await ticket(http, session.token);
  const socket = await SocketClient.connect(`${url.replace(/^http/, 'ws')}/ws?ticket=${encodeURIComponent(t.ticket_id)}`, `alice (${signal})`, session);
  sockets.push(socket);
  const threadId = await createThread(http, session.token, `in flight at ${signal}`);
  const runId = await socket.sendUserMessage(threadId, 'Analyse my usage costs and suggest how to reduce them');
  await socket.waitFor((f) => f.run_id === runId && (f.seq ?? 0) >= 3, { what: 'the run under way' });
  child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const bounded = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`main.ts still running 10 s after ${signal}; output:\n${out.logs.slice(-2000)}`)), 10_000);
  });
  try {
    const exitInfo = await Promise.race([exit, bounded]);
    return { child, logs: out.logs, dbFile, session, ticketId: t.ticket_id, runId, threadId, socket, exitInfo };
  } finally {
    clearTimeout(timer);
  }
}

const children: ChildProcess[] = [];
const sockets: SocketClient[] = [];

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(sockets.map((s) => s.close()));
  tmp.cleanup();
});

describe.each(['SIGTERM', 'SIGINT'] as const)('%s with a run in flight', (signal) => {
  let sc: Scenario;
  beforeAll(async () => {
    sc = await scenario(signal);
  }, 90_000);

  it('exits cleanly and closes the sockets', async () => {
    expect(sc.exitInfo, `exit after ${signal}; output tail:\n${sc.logs.slice(-1500)}`).toEqual({ code: 0, signal: null });
    await sc.socket.waitForClose(2_000);
    expect(sc.socket.runFrames(sc.runId).some((f) => f.type === 'final_report'), 'the run must not have finished on its own').toBe(false);
  });

  it('marks the run interrupted in the database before closing it', () => {
    const db = new Database(sc.dbFile, { readonly: true, fileMustExist: true });
    try {
      // Read straight from the file: a restart would repair abandoned runs itself and hide a missing shutdown step.
      const row = db.prepare('SELECT status FROM runs WHERE id = ?').get(sc.runId) as { status?: string } | undefined;
      expect(row?.status, `runs.status of the run in flight at ${signal}`).toBe('interrupted');
    } finally {
      db.close();
    }
  });

  it('a restarted server reports the run interrupted and the thread idle', async () => {
    const server = await startTestServer({ users: [alice], db: sc.dbFile });
    try {
      const http = new Http(server.url);
      const s = await login(http, alice);
      const events = expectBody(await http.get(`/api/runs/${sc.runId}/events`, s.token), 200, runEvents, 'run events after restart');
      expect(events.status).toBe('interrupted');
      expect(events.events.length, 'the frames streamed before SIGTERM were stored').toBeGreaterThanOrEqual(3);
      expect((await threadOf(http, s.token, sc.threadId)).active_run_id ?? null).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('its logs never contain the password, the tokens or the ticket (contract §6)', () => {
    expect(sc.logs.length, 'the child logged something at debug level').toBeGreaterThan(0);
    const secrets: [string, string][] = [
      ['password', alice.password],
      ['access token', sc.session.token],
      ['refresh token', sc.session.refreshToken],
      ['ticket', sc.ticketId],
    ];
    for (const [what, secret] of secrets) {
      const at = sc.logs.indexOf(secret);
      expect(at, `the logs contain the ${what}: …${sc.logs.slice(Math.max(0, at - 120), at + 20)}…`).toBe(-1);
    }
  });
});
