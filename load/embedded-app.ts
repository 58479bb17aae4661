/**
 * The embedded reference app for a load run, started the way `npm run e2e` starts it
 * (playwright.config.ts, `webServer`): same entry, loopback only, in-memory database, the users
 * given. Faults stay off: a load run never arms one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { UserCredentials } from '../profiles/types';

export interface EmbeddedApp {
  pid: number;
  stop(): Promise<void>;
}

const READY_POLL_MS = 250;

export async function startEmbeddedApp(options: { appDir: string; port: number; users: readonly UserCredentials[]; agentPaceMs?: number; readyTimeoutMs: number }): Promise<EmbeddedApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(options.appDir, 'server', 'main.ts')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      APP_USERS: options.users.map((u) => `${u.email}:${u.password}`).join(','),
      APP_DB: ':memory:',
      ENABLE_FAULT_INJECTION: 'false',
      AGENT_PACE_MS: String(options.agentPaceMs ?? 150),
      APP_LOG_LEVEL: 'warn',
    },
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  await waitReady(`http://127.0.0.1:${options.port}/health/ready`, options.readyTimeoutMs, exited);
  return { pid: child.pid!, stop: () => stop(child, exited) };
}

/** Polls the readiness endpoint: the app has no other way to say it is up. */
async function waitReady(url: string, timeoutMs: number, exited: Promise<number>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the embedded app exited with code ${exitCode} before it was ready`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`the embedded app was not ready at ${url} within ${timeoutMs} ms`);
}

async function stop(child: ChildProcess, exited: Promise<number>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await exited;
}
