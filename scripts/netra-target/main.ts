/**
 * `npm run target:netra`: the real Netra Apex frontend (a checkout at NETRA_FRONTEND_DIR, built
 * offline as a development build in a scratch copy) with this project's reference app as its
 * backend, behind the `/api` and `/health` routing a deployment provides. Prints the variables
 * that point the suite at it, then runs until Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { startApp } from '../../app/server/app';
import { optionsFromEnv } from '../../app/server/options';
import { buildNetraFrontend } from './build';
import { startFrontendRouting } from './proxy';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HOST = '127.0.0.1';
/** The account a development build signs every visitor in as, with the password it sends. */
const NETRA_DEV_USER = { email: 'dev@example.com', password: 'dev' };
/**
 * Pace of the stand-in backend's scripted run, ms between events. A real Netra run takes seconds to
 * minutes; at the reference app's 150 ms a whole run fits inside the few seconds Netra's chat
 * spends remounting after the first send, and its final_report is lost (docs/netra.md).
 */
const DEFAULT_AGENT_PACE_MS = '500';

const port = z.coerce.number().int().min(1024).max(65535);
const settingsSchema = z.object({
  NETRA_FRONTEND_DIR: z.string({ error: 'is required: the path of a Netra frontend checkout (its frontend/ folder)' }).trim().min(1),
  NETRA_SCRATCH_DIR: z.string().trim().min(1).default(path.join(tmpdir(), 'golden-path-netra')),
  NETRA_BACKEND_PORT: port.default(4320),
  NETRA_FRONTEND_PORT: port.default(4321),
  NETRA_NEXT_PORT: port.default(4322),
});

function readSettings() {
  const result = settingsSchema.safeParse(process.env);
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('\n'));
  }
  const settings = result.data;
  const scratch = path.resolve(settings.NETRA_SCRATCH_DIR);
  if (!path.relative(PROJECT_ROOT, scratch).startsWith('..')) {
    throw new Error(`NETRA_SCRATCH_DIR=${scratch} is inside this project: Netra's code must stay outside it`);
  }
  return { ...settings, NETRA_SCRATCH_DIR: scratch, NETRA_FRONTEND_DIR: path.resolve(settings.NETRA_FRONTEND_DIR) };
}

const log = (line: string) => console.log(`[target:netra] ${line}`);

async function main(): Promise<void> {
  const settings = readSettings();
  const backendUrl = `http://${HOST}:${settings.NETRA_BACKEND_PORT}`;
  const frontendUrl = `http://${HOST}:${settings.NETRA_FRONTEND_PORT}`;
  const nextUrl = `http://${HOST}:${settings.NETRA_NEXT_PORT}`;

  const appDir = await buildNetraFrontend({
    checkoutDir: settings.NETRA_FRONTEND_DIR,
    scratchDir: settings.NETRA_SCRATCH_DIR,
    publicEnv: {
      NEXT_PUBLIC_ENVIRONMENT: 'development',
      NEXT_PUBLIC_API_URL: backendUrl,
      NEXT_PUBLIC_WS_URL: backendUrl.replace(/^http/, 'ws'),
      NEXT_PUBLIC_AUTH_URL: backendUrl,
      NEXT_PUBLIC_FRONTEND_URL: frontendUrl,
      NEXT_PUBLIC_GTM_ENABLED: 'false',
    },
    log,
  });

  const users = testUsers();
  const backend = await startApp({
    ...optionsFromEnv({ AGENT_PACE_MS: process.env.AGENT_PACE_MS ?? DEFAULT_AGENT_PACE_MS }),
    host: HOST,
    port: settings.NETRA_BACKEND_PORT,
    users: [NETRA_DEV_USER, ...users],
    dbPath: ':memory:',
    corsOrigins: [frontendUrl],
    enableDevLogin: true,
    uiUnavailableReason: `This backend serves the Netra frontend at ${frontendUrl}`,
  });
  log(`backend (reference app, dev login on) at ${backend.url}`);

  const next = startNext(appDir, settings.NETRA_NEXT_PORT);
  const started: { routing?: Awaited<ReturnType<typeof startFrontendRouting>> } = {};
  const stopAll = async () => {
    next.kill('SIGTERM');
    await Promise.allSettled([started.routing?.close(), backend.close()]);
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(0)));
  next.once('exit', (code) => {
    console.error(`next start exited (${code}); stopping`);
    void stopAll().then(() => process.exit(1));
  });

  await waitUntilServing(nextUrl, 120_000);
  started.routing = await startFrontendRouting({ host: HOST, port: settings.NETRA_FRONTEND_PORT, nextUrl, backendUrl });
  log(`frontend (next start, /api and /health routed to the backend) at ${started.routing.url}`);
  printSuiteEnv(frontendUrl, backendUrl, users);
}

/** Three users: enough for the two-user and isolation journeys. New passwords each start. */
function testUsers() {
  return [1, 2, 3].map((n) => ({ email: `netra-qa${n}@example.test`, password: `pw-${randomBytes(9).toString('base64url')}` }));
}

function startNext(appDir: string, nextPort: number): ChildProcess {
  const child = spawn('node', ['node_modules/next/dist/bin/next', 'start', '-H', HOST, '-p', String(nextPort)], {
    cwd: appDir,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  log(`next start (pid ${child.pid}) on ${HOST}:${nextPort}`);
  return child;
}

async function waitUntilServing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/login`, { redirect: 'manual' }).then((r) => r.status < 500, () => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`next start did not serve ${url}/login within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function printSuiteEnv(frontendUrl: string, backendUrl: string, users: { email: string; password: string }[]): void {
  const [first, second, ...extra] = users;
  const lines = [
    'E2E_TARGET=netra-apex',
    `E2E_BASE_URL=${frontendUrl}`,
    `E2E_API_URL=${backendUrl}`,
    'NETRA_SIGNIN_MODE=dev-form',
    // One worker: /chat reopens a user's latest thread, so parallel tests of one user meet (docs/netra.md).
    'E2E_WORKERS=1',
    `E2E_USER_EMAIL=${first!.email}`,
    `E2E_USER_PASSWORD=${first!.password}`,
    `E2E_USER2_EMAIL=${second!.email}`,
    `E2E_USER2_PASSWORD=${second!.password}`,
    `E2E_EXTRA_USERS=${extra.map((u) => `${u.email}:${u.password}`).join(',')}`,
  ];
  console.log(['', 'Run the suite against it (in another shell, from the project root):', '', ...lines.map((l) => `export ${l}`), 'npm run e2e', ''].join('\n'));
}

main().catch((error: unknown) => {
  console.error(`target:netra failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
