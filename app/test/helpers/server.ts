/**
 * Starts the reference app in-process for a test file: 127.0.0.1, port 0, seeded users,
 * AGENT_PACE_MS=0 unless a test asks otherwise. Options are built through the server's own
 * `optionsFromEnv`, so the tests speak the documented environment names only.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../server/app';
import { optionsFromEnv, type AppOptions } from '../../server/options';

export interface SeedUser {
  /** Short label used in test names and messages ('alice', 'bob', …). */
  key: string;
  email: string;
  password: string;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  users: SeedUser[];
  /** The env the options were built from (APP_DB, APP_JWT_SECRET, … for a restart on the same data). */
  env: Record<string, string>;
  user(key: string): SeedUser;
  /** `ws://127.0.0.1:<port>/ws?ticket=<ticket>`; `ticket === undefined` leaves the query out. */
  wsUrl(ticket?: string): string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Seeded users: labels (password derived) or full records. Default alice, bob, carol. */
  users?: Array<string | SeedUser>;
  /** APP_DB: ':memory:' (default) or a file path. */
  db?: string;
  /** AGENT_PACE_MS (default 0). */
  paceMs?: number;
  faults?: boolean;
  devLogin?: boolean;
  /** Any further environment entries (CORS_ORIGINS, APP_JWT_SECRET, …). */
  env?: Record<string, string>;
  /** AppOptions that have no environment name (e.g. heartbeatIdleMs). */
  overrides?: Partial<AppOptions>;
}

export function seedUser(key: string): SeedUser {
  return { key, email: `${key}@example.test`, password: `pw-${key}-S3cret!` };
}

export function appUsersEnv(users: SeedUser[]): string {
  return users.map((u) => `${u.email}:${u.password}`).join(',');
}

export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  const users = (opts.users ?? ['alice', 'bob', 'carol']).map((u) => (typeof u === 'string' ? seedUser(u) : u));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    APP_USERS: appUsersEnv(users),
    APP_DB: opts.db ?? ':memory:',
    AGENT_PACE_MS: String(opts.paceMs ?? 0),
    ENABLE_FAULT_INJECTION: opts.faults ? 'true' : 'false',
    ENABLE_DEV_LOGIN: opts.devLogin ? 'true' : 'false',
    APP_JWT_SECRET: randomBytes(32).toString('hex'),
    APP_LOG_LEVEL: process.env.APP_LOG_LEVEL ?? 'error',
    ...opts.env,
  };
  const app = await startApp({ ...optionsFromEnv(env), ...opts.overrides });
  const url = app.url.replace(/\/$/, '');
  if (!url.startsWith('http://127.0.0.1:')) {
    await app.close();
    throw new Error(`startApp returned url ${app.url}; the tests expect http://127.0.0.1:<port>`);
  }
  let closed = false;
  return {
    url,
    port: app.port,
    users,
    env,
    user(key) {
      const u = users.find((x) => x.key === key);
      if (!u) throw new Error(`no seeded user '${key}'`);
      return u;
    },
    wsUrl(ticket) {
      const base = `${url.replace(/^http/, 'ws')}/ws`;
      return ticket === undefined ? base : `${base}?ticket=${encodeURIComponent(ticket)}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}

/** A fresh temp directory (removed by the returned cleanup). */
export function tempDir(prefix = 'ref-app-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
