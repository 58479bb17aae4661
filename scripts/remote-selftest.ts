/**
 * `npm run test:remote`: the @golden journey with its browser on a Playwright browser server
 * (`npx playwright run-server`, on 127.0.0.1 here) instead of one the runner launches. The
 * embedded app stays on the runner's loopback; the connection exposes it to the browser
 * (`exposeNetwork: '<loopback>'`, config/browser.ts). Passes when the journey passes.
 *
 * The server runs with --unsafe only so that it may launch the Chromium this machine has
 * (E2E_CHROMIUM_PATH); a server with Playwright's own Chromium installed needs neither.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { resolveChromium } from '../config/browser';
import { pickFreePort } from '../config/free-port';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const port = pickFreePort();
const server = spawn(npx, ['playwright', 'run-server', '--host', '127.0.0.1', '--port', String(port), '--unsafe'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
const stopServer = (): void => {
  if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
};

let output = '';
server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
const listening = new Promise<void>((resolve, reject) => {
  server.stdout.on('data', () => output.includes('Listening on') && resolve());
  server.once('exit', (code) => reject(new Error(`the browser server exited (${code}) before listening: ${output}`)));
});
await Promise.race([listening, once(server, 'error').then(([e]) => Promise.reject(e as Error))]);
const wsEndpoint = `ws://127.0.0.1:${port}/`;
console.log(`browser server listening on ${wsEndpoint}`);

let status: number;
try {
  const run = spawnSync(npx, ['playwright', 'test', '--grep', '@golden', '--workers=2'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      E2E_BROWSER_WS_ENDPOINT: wsEndpoint,
      E2E_CHROMIUM_PATH: process.env.E2E_CHROMIUM_PATH ?? resolveChromium().executablePath ?? '',
    },
  });
  const signoff = JSON.parse(fs.readFileSync('reports/signoff.json', 'utf8')) as { totals: { passed: number; failed: number; tests: number } };
  const ok = run.status === 0 && signoff.totals.failed === 0 && signoff.totals.passed === signoff.totals.tests && signoff.totals.tests > 0;
  console.log(`${ok ? '✓' : '✘'} @golden through the browser server: exit ${run.status}, ${signoff.totals.passed}/${signoff.totals.tests} tests passed`);
  status = ok ? 0 : 1;
} finally {
  stopServer();
}
process.exit(status);
