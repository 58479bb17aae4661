/**
 * Load benchmark of the reference app: N users, each on its own WebSocket, run golden-path runs
 * concurrently against an in-process server at AGENT_PACE_MS=0 on 127.0.0.1.
 *
 *   npx tsx app/bench/bench.ts --users 50 --runs-per-user 4 [--pace 0] [--timeout-s 120]
 *
 * Prints runs/s, time to first event (send → agent_started), run duration (send → final_report),
 * frames lost / duplicated / misrouted, connect time and RSS, as a markdown table. Exits 1 when a
 * target is missed (p95 first event < 50 ms, nothing lost or misrouted, every run completed).
 * Note: client and server share this process, so latencies include the client's own work.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startApp } from '../server/app';
import { optionsFromEnv } from '../server/options';
import { Http, createThread, login, type Session } from '../test/helpers/http';
import { appUsersEnv, seedUser, type SeedUser } from '../test/helpers/server';
import { connectSession, type SocketClient } from '../test/helpers/socket';
import { percentile, pool } from '../test/helpers/util';

const REQUEST = 'Analyse my LLM usage costs and suggest how to reduce them';
const TARGET_P95_FIRST_EVENT_MS = 50;

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    'runs-per-user': { type: 'string', default: '4' },
    pace: { type: 'string', default: '0' },
    'timeout-s': { type: 'string', default: '120' },
  },
});
const USERS = positiveInt('users', args.users);
const RUNS = positiveInt('runs-per-user', args['runs-per-user']);
const PACE = Number(args.pace);
const TIMEOUT_MS = positiveInt('timeout-s', args['timeout-s']) * 1000;
if (USERS > 500 || RUNS > 100) fail('bounded by design: at most 500 users and 100 runs per user');

function positiveInt(name: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number, got ${raw}`);
  return n;
}
function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

interface RunSample {
  user: number;
  runId: string;
  firstEventMs: number;
  /** send → the agent_started frame's own timestamp (server clock, ms resolution). */
  firstEventServerMs: number;
  durationMs: number;
  ended: 'final_report' | 'agent_error' | 'none';
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function main(): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  const watchdog = setTimeout(() => {
    console.error(`bench: gave up after ${TIMEOUT_MS / 1000} s (--timeout-s)`);
    process.exit(3);
  }, TIMEOUT_MS);
  watchdog.unref();

  const users: SeedUser[] = Array.from({ length: USERS }, (_, i) => seedUser(`bench${String(i + 1).padStart(3, '0')}`));
  const setupStart = performance.now();
  const app = await startApp({
    ...optionsFromEnv({
      HOST: '127.0.0.1',
      PORT: '0',
      APP_USERS: appUsersEnv(users),
      APP_DB: ':memory:',
      AGENT_PACE_MS: String(PACE),
      APP_LOG_LEVEL: 'error',
    }),
  });
  const url = app.url.replace(/\/$/, '');
  const http = new Http(url);
  const wsUrl = (ticket?: string) => `${url.replace(/^http/, 'ws')}/ws${ticket === undefined ? '' : `?ticket=${encodeURIComponent(ticket)}`}`;
  const server = { url, port: app.port, users, env: {}, user: () => users[0]!, wsUrl, close: () => app.close() };
  const sockets: SocketClient[] = [];
  try {
    // Sign in and make one thread per run, then connect: all before the clock starts.
    const signedIn = await pool(users, 8, async (u) => {
      const session = await login(http, u);
      const threads: string[] = [];
      for (let r = 0; r < RUNS; r++) threads.push(await createThread(http, session.token, `bench run ${r + 1}`));
      return { session, threads };
    });
    const connectMs: number[] = [];
    const clients = await pool(signedIn, 8, async ({ session, threads }) => {
      const t0 = performance.now();
      const socket = await connectSession(server, session, session.user.key);
      connectMs.push(performance.now() - t0);
      sockets.push(socket);
      return { session, socket, threads };
    });
    const setupMs = performance.now() - setupStart;

    // Warm-up run: learns how many frames the scripted model sends for this request.
    const warm = clients[0]!;
    const warmThread = await createThread(http, warm.session.token, 'warm-up');
    const warmRun = await warm.socket.sendUserMessage(warmThread, REQUEST);
    await warm.socket.waitForRunEnd(warmRun);
    await warm.socket.barrier();
    const expectedFrames = warm.socket.rawRunFrames(warmRun).length;

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const loadBefore = loadavg()[0]!;

    const samples: RunSample[] = [];
    const errors: string[] = [];
    const loadStart = performance.now();
    await Promise.all(
      clients.map(async ({ socket, threads }, user) => {
        for (const threadId of threads) {
          if (Date.now() > deadline) return;
          const t0 = performance.now();
          const wall0 = Date.now();
          try {
            const runId = await socket.sendUserMessage(threadId, REQUEST, 30_000);
            const end = await socket.waitForRunEnd(runId, 30_000);
            const at = (type: string) => socket.received.find((r) => r.frame.run_id === runId && r.frame.type === type)?.at ?? Number.NaN;
            const started = socket.received.find((r) => r.frame.run_id === runId && r.frame.type === 'agent_started')?.frame;
            samples.push({
              user,
              runId,
              firstEventMs: at('agent_started') - t0,
              firstEventServerMs: Date.parse(String(started?.timestamp)) - wall0,
              durationMs: at(end.type) - t0,
              ended: end.type as RunSample['ended'],
            });
          } catch (e) {
            errors.push(`${socket.label}: ${(e as Error).message.slice(0, 200)}`);
          }
        }
      }),
    );
    const loadMs = performance.now() - loadStart;
    await Promise.all(sockets.map((s) => s.barrier(10_000).catch(() => undefined)));
    const rssAfter = process.memoryUsage().rss;

    // Lost: frames a run should have had on its socket but did not (count, seq gaps, missing end).
    // Misrouted: a frame whose user_id is not the socket owner's, or a run of another user.
    let lost = 0;
    let duplicated = 0;
    let misrouted = 0;
    const runsOf = new Map<number, Set<string>>();
    for (const s of samples) runsOf.set(s.user, (runsOf.get(s.user) ?? new Set()).add(s.runId));
    clients.forEach(({ socket, session }: { socket: SocketClient; session: Session }, user) => {
      const own = runsOf.get(user) ?? new Set<string>();
      if (user === 0) own.add(warmRun);
      for (const f of socket.frames) {
        if (f.run_id === undefined) continue;
        if (f.user_id !== session.userId || !own.has(f.run_id)) misrouted++;
      }
      for (const runId of own) {
        if (runId === warmRun) continue;
        const seqs = socket.rawRunFrames(runId).map((f) => f.seq ?? 0);
        const distinct = new Set(seqs);
        duplicated += seqs.length - distinct.size;
        const max = Math.max(0, ...distinct);
        lost += Math.max(0, expectedFrames - distinct.size, max - distinct.size);
      }
    });

    const completed = samples.filter((s) => s.ended === 'final_report').length;
    const planned = USERS * RUNS;
    const first = sorted(samples.map((s) => s.firstEventMs));
    const dur = sorted(samples.map((s) => s.durationMs));
    const conn = sorted(connectMs);
    const p95First = percentile(first, 95);
    const ok = (cond: boolean) => (cond ? 'ok' : '**MISSED**');
    const rows: [string, string, string][] = [
      ['users (concurrent sockets)', String(USERS), ''],
      ['runs completed / planned', `${completed} / ${planned}`, ok(completed === planned)],
      ['runs/s', (samples.length / (loadMs / 1000)).toFixed(1), ''],
      ['time to first event p50', ms(percentile(first, 50)), ''],
      ['time to first event p95', ms(p95First), `${ok(p95First < TARGET_P95_FIRST_EVENT_MS)} (< ${TARGET_P95_FIRST_EVENT_MS} ms)`],
      ['  of which send → server stamps agent_started, p50 / p95', `${ms(percentile(sorted(samples.map((x) => x.firstEventServerMs)), 50))} / ${ms(percentile(sorted(samples.map((x) => x.firstEventServerMs)), 95))}`, ''],
      ['run duration p50', ms(percentile(dur, 50)), ''],
      ['run duration p95', ms(percentile(dur, 95)), ''],
      ['frames per run (expected)', String(expectedFrames), ''],
      ['frames lost', String(lost), ok(lost === 0)],
      ['frames duplicated', String(duplicated), ok(duplicated === 0)],
      ['frames misrouted', String(misrouted), ok(misrouted === 0)],
      ['connect (ticket → connection_established) p95', ms(percentile(conn, 95)), ''],
      ['RSS before / after load', `${mb(rssBefore)} / ${mb(rssAfter)}`, ''],
    ];
    const env = `node ${process.version}, ${cpus().length} CPUs, AGENT_PACE_MS=${PACE}, in-process server, loopback`;
    console.log(`\n### Reference app load (${USERS} users × ${RUNS} runs, ${env})\n`);
    console.log('| metric | value | target |');
    console.log('|---|---|---|');
    for (const [k, v, t] of rows) console.log(`| ${k} | ${v} | ${t} |`);
    console.log(`\nload phase ${(loadMs / 1000).toFixed(2)} s; setup (seed ${USERS} users, sign in, connect) ${(setupMs / 1000).toFixed(2)} s`);
    if (loadBefore > cpus().length) {
      console.log(`\nwarning: the machine was busy (1-min load average ${loadBefore.toFixed(1)} on ${cpus().length} CPUs); latencies are inflated, re-run when idle`);
    }
    if (errors.length > 0) console.log(`\n${errors.length} run error(s), first: ${errors.slice(0, 3).join(' | ')}`);

    const met = completed === planned && p95First < TARGET_P95_FIRST_EVENT_MS && lost === 0 && duplicated === 0 && misrouted === 0;
    process.exitCode = met ? 0 : 1;
  } finally {
    await Promise.all(sockets.map((s) => s.close().catch(() => undefined)));
    await app.close();
  }
}

await main();
