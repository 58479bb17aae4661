/**
 * Load benchmark of the reference app: N users, each on its own WebSocket, run golden-path runs
 * concurrently against an in-process server at AGENT_PACE_MS=0 on 127.0.0.1.
 *
 *   npx tsx app/bench/bench.ts --users 50 --runs-per-user 4 [--pace 0] [--timeout-s 120] [--clients thread|inline]
 *
 * The server runs on this process's main thread; the clients run in a worker thread of the same
 * process (default) so that client work does not sit in the server's event loop, or inline
 * (`--clients inline`) on the same thread. Prints runs/s, time to first event (send →
 * agent_started), run duration (send → final_report), frames lost / duplicated / misrouted,
 * connect time and RSS as a markdown table. Exits 1 when a target is missed (every run completes,
 * p95 first event < 50 ms, nothing lost, duplicated or misrouted), 3 on timeout.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startApp } from '../server/app';
import { optionsFromEnv } from '../server/options';
import { appUsersEnv, seedUser } from '../test/helpers/server';
import { percentile } from '../test/helpers/util';
import { runLoad, type LoadConfig, type LoadResult } from './load';

const REQUEST = 'Analyse my LLM usage costs and suggest how to reduce them';
const TARGET_P95_FIRST_EVENT_MS = 50;

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    'runs-per-user': { type: 'string', default: '4' },
    pace: { type: 'string', default: '0' },
    'timeout-s': { type: 'string', default: '120' },
    clients: { type: 'string', default: 'thread' },
  },
});
const USERS = positiveInt('users', args.users);
const RUNS = positiveInt('runs-per-user', args['runs-per-user']);
const PACE = Number(args.pace);
const TIMEOUT_MS = positiveInt('timeout-s', args['timeout-s']) * 1000;
const CLIENTS = args.clients;
if (USERS > 500 || RUNS > 100) fail('bounded by design: at most 500 users and 100 runs per user');
if (!Number.isInteger(PACE) || PACE < 0 || PACE > 1000) fail('--pace must be a whole number of ms, 0–1000');
if (CLIENTS !== 'thread' && CLIENTS !== 'inline') fail('--clients must be thread or inline');

function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number, got ${raw}`);
  return n;
}
function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const pct = (xs: number[], p: number) => percentile([...xs].sort((a, b) => a - b), p);

/** Runs the clients in a worker thread; `ready` is called once they are connected and idle. */
function loadInWorker(cfg: LoadConfig, ready: () => void): { result: Promise<LoadResult>; stop: () => Promise<number> } {
  const entry = new URL('./load-worker.ts', import.meta.url).href;
  // Workers do not inherit tsx's loader: register it, then import the TypeScript entry.
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    workerData: cfg,
  });
  const result = new Promise<LoadResult>((resolve, reject) => {
    worker.on('message', (m: { kind: string; result?: LoadResult }) => {
      if (m.kind === 'ready') {
        ready();
        worker.postMessage('go');
      } else if (m.kind === 'result') resolve(m.result!);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`load worker exited (${code}) before reporting`)));
  });
  return { result, stop: () => worker.terminate() };
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`bench: gave up after ${TIMEOUT_MS / 1000} s (--timeout-s)`);
    process.exit(3);
  }, TIMEOUT_MS);
  watchdog.unref();

  const users = Array.from({ length: USERS }, (_, i) => seedUser(`bench${String(i + 1).padStart(3, '0')}`));
  const app = await startApp(
    optionsFromEnv({ HOST: '127.0.0.1', PORT: '0', APP_USERS: appUsersEnv(users), APP_DB: ':memory:', AGENT_PACE_MS: String(PACE), APP_LOG_LEVEL: 'error' }),
  );
  const cfg: LoadConfig = { url: app.url.replace(/\/$/, ''), users, runsPerUser: RUNS, request: REQUEST, deadline: Date.now() + TIMEOUT_MS - 5_000 };
  let rssBefore = 0;
  let loadBefore = 0;
  const onReady = () => {
    global.gc?.();
    rssBefore = process.memoryUsage().rss;
    loadBefore = loadavg()[0]!;
  };
  let stopWorker: (() => Promise<number>) | undefined;
  try {
    let r: LoadResult;
    if (CLIENTS === 'thread') {
      const run = loadInWorker(cfg, onReady);
      stopWorker = run.stop;
      r = await run.result;
    } else {
      r = await runLoad(cfg, async () => onReady());
    }
    const rssAfter = process.memoryUsage().rss;
    report(r, rssBefore, rssAfter, loadBefore);
  } finally {
    await stopWorker?.();
    await app.close();
  }
}

function report(r: LoadResult, rssBefore: number, rssAfter: number, loadBefore: number): void {
  const completed = r.samples.filter((s) => s.ended === 'final_report').length;
  const first = r.samples.map((s) => s.firstEventMs);
  const firstServer = r.samples.map((s) => s.firstEventServerMs);
  const dur = r.samples.map((s) => s.durationMs);
  const p95First = pct(first, 95);
  const ok = (cond: boolean) => (cond ? 'ok' : '**MISSED**');
  const rows: [string, string, string][] = [
    ['concurrent users (one socket each)', String(USERS), ''],
    ['runs completed / planned', `${completed} / ${r.planned}`, ok(completed === r.planned)],
    ['runs/s', (r.samples.length / (r.loadMs / 1000)).toFixed(1), ''],
    ['time to first event p50 / p95', `${ms(pct(first, 50))} / ${ms(p95First)}`, `${ok(p95First < TARGET_P95_FIRST_EVENT_MS)} (p95 < ${TARGET_P95_FIRST_EVENT_MS} ms)`],
    ['  send → server stamps agent_started, p50 / p95', `${ms(pct(firstServer, 50))} / ${ms(pct(firstServer, 95))}`, ''],
    ['run duration p50 / p95', `${ms(pct(dur, 50))} / ${ms(pct(dur, 95))}`, ''],
    ['frames per run', String(r.expectedFrames), ''],
    ['frames lost', String(r.lost), ok(r.lost === 0)],
    ['frames duplicated', String(r.duplicated), ok(r.duplicated === 0)],
    ['frames misrouted', String(r.misrouted), ok(r.misrouted === 0)],
    ['connect (ticket + upgrade → connection_established) p95', ms(pct(r.connectMs, 95)), ''],
    ['process RSS before / after load', `${mb(rssBefore)} / ${mb(rssAfter)}`, ''],
  ];
  const where = CLIENTS === 'thread' ? 'clients in a worker thread' : 'clients on the server thread';
  console.log(`\n### Reference app load: ${USERS} users × ${RUNS} runs`);
  console.log(`\nnode ${process.version}, ${cpus().length} CPUs, AGENT_PACE_MS=${PACE}, in-process server on 127.0.0.1, ${where}\n`);
  console.log('| metric | value | target |');
  console.log('|---|---|---|');
  for (const [k, v, t] of rows) console.log(`| ${k} | ${v} | ${t} |`);
  console.log(`\nload phase ${(r.loadMs / 1000).toFixed(2)} s; setup (sign in ${USERS} users, connect, warm-up run) ${(r.setupMs / 1000).toFixed(2)} s`);
  if (loadBefore > cpus().length) {
    console.log(`\nwarning: the machine was busy (1-min load average ${loadBefore.toFixed(1)} on ${cpus().length} CPUs); latencies are inflated, re-run when idle`);
  }
  if (r.errors.length > 0) console.log(`\n${r.errors.length} run error(s), first: ${r.errors.slice(0, 3).join(' | ')}`);
  const met = completed === r.planned && p95First < TARGET_P95_FIRST_EVENT_MS && r.lost === 0 && r.duplicated === 0 && r.misrouted === 0;
  process.exitCode = met ? 0 : 1;
}

await main();
