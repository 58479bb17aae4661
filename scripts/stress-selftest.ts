/**
 * `npm run stress:selftest`: proves that a starved runner is never taken for a product defect,
 * and that starvation does not hide one. While CPU-burning child processes load the machine
 * (started and stopped here, by pid), it runs the whole suite, as a release run would (the
 * config's reporters, retries and workers), twice:
 *
 *   1. against the healthy embedded app: the sign-off must be GO or INCONCLUSIVE, never NO-GO;
 *   2. against a copy with the planted defect `slow-first-event`: it must be NO-GO, with a
 *      blocker that names the first-event SLA.
 *
 * Each run's sign-off is kept in .tmp/stress/<run>/ and a summary in .tmp/stress/summary.md.
 *
 *   npm run stress:selftest                       both runs, 2 burners
 *   npm run stress:selftest -- --burners 3        more load
 *   npm run stress:selftest -- --only healthy     one run (healthy | slow-first-event)
 *   npm run stress:selftest -- -- --workers=2     after a second `--`: extra playwright args
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFECTS } from './verify/defects';
import { plant } from './verify/plant';
import type { SignoffModel } from '../reporters/signoff/types';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_ROOT = path.join(REPO_ROOT, '.tmp', 'stress');
const RUN_TIMEOUT_MS = Number(process.env.STRESS_RUN_TIMEOUT_MS) || 40 * 60_000;
const DEFECT_ID = 'slow-first-event';
/** A blocker that names the first-event SLA. */
const NAMES_FIRST_EVENT = /first-event SLA|first agent event/i;

interface Cli {
  burners: number;
  only?: 'healthy' | typeof DEFECT_ID;
  playwrightArgs: string[];
}

function parseArgs(argv: string[]): Cli {
  const cli: Cli = { burners: 2, playwrightArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      cli.playwrightArgs = argv.slice(i + 1);
      break;
    }
    if (arg === '--burners') cli.burners = Number(argv[++i]);
    else if (arg === '--only') {
      const value = argv[++i];
      if (value !== 'healthy' && value !== DEFECT_ID) usage(`--only takes healthy or ${DEFECT_ID}`);
      cli.only = value;
    } else usage(`unknown option ${arg}`);
  }
  if (!Number.isInteger(cli.burners) || cli.burners < 0) usage('--burners needs a whole number');
  return cli;
}

function usage(problem: string): never {
  console.error(`stress:selftest: ${problem}\nusage: npm run stress:selftest [-- [--burners N] [--only healthy|${DEFECT_ID}] [-- <playwright args>]]`);
  process.exit(2);
}

// ── load ─────────────────────────────────────────────────────────────────────

const burners: ChildProcess[] = [];

function startBurners(count: number): void {
  for (let i = 0; i < count; i++) burners.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  console.log(`stress: ${count} CPU burners running (pids ${burners.map((b) => b.pid).join(', ')}) on ${os.availableParallelism()} cores`);
}

function stopBurners(): void {
  for (const burner of burners.splice(0)) {
    try {
      if (burner.pid) process.kill(burner.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Load average samples every 5 s while a run goes on. */
function watchLoad(): { stop(): { max: number; mean: number } } {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(os.loadavg()[0]!), 5_000);
  return {
    stop() {
      clearInterval(timer);
      const max = Math.max(0, ...samples);
      const mean = samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : 0;
      return { max: round1(max), mean: round1(mean) };
    },
  };
}

// ── runs ─────────────────────────────────────────────────────────────────────

interface RunResult {
  name: string;
  decision: string;
  headline: string;
  blockers: string[];
  inconclusive: string[];
  totals: string;
  wallMs: number;
  load: { max: number; mean: number };
  ok: boolean;
  expectation: string;
}

let current: ChildProcess | undefined;

/** The whole suite with the config's own reporters; the sign-off it writes is copied to `.tmp/stress/<name>`. */
async function runSuite(name: string, appDir: string | undefined, extraArgs: string[]): Promise<{ model?: SignoffModel; wallMs: number; load: { max: number; mean: number } }> {
  const outDir = path.join(OUT_ROOT, name);
  mkdirSync(outDir, { recursive: true });
  const signoff = path.join(REPO_ROOT, 'reports', 'signoff.json');
  const env: NodeJS.ProcessEnv = { ...process.env, E2E_BASE_URL: '', E2E_ENV: '', FORCE_COLOR: '0', ...(appDir ? { E2E_APP_DIR: path.relative(REPO_ROOT, appDir) } : {}) };
  delete env.E2E_EMBEDDED_PORT;
  delete env.E2E_RESOLVED_BASE_URL;
  const playwright = path.join(REPO_ROOT, 'node_modules', '.bin', 'playwright');
  // A sign-off left by an earlier run must not pass for this one's.
  rmSync(signoff, { force: true });
  const started = Date.now();
  const load = watchLoad();
  const log = path.join(outDir, 'playwright.log');
  console.log(`stress: ${name}: playwright test ${extraArgs.join(' ')} (log: ${path.relative(REPO_ROOT, log)})`);
  const child = spawn(playwright, ['test', ...extraArgs], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  current = child;
  const chunks: Buffer[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c));
  const timer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGINT'), RUN_TIMEOUT_MS);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearTimeout(timer);
  current = undefined;
  writeFileSync(log, Buffer.concat(chunks));
  const wallMs = Date.now() - started;
  const loadSeen = load.stop();
  if (!existsSync(signoff)) return { wallMs, load: loadSeen };
  for (const file of ['signoff.json', 'signoff.md', 'signoff.html']) copyFileSync(path.join(REPO_ROOT, 'reports', file), path.join(outDir, file));
  return { model: JSON.parse(readFileSync(signoff, 'utf8')) as SignoffModel, wallMs, load: loadSeen };
}

function judge(name: string, run: Awaited<ReturnType<typeof runSuite>>): RunResult {
  const m = run.model;
  const base = { name, wallMs: run.wallMs, load: run.load };
  if (!m) return { ...base, decision: 'none', headline: 'no sign-off was written', blockers: [], inconclusive: [], totals: '', ok: false, expectation: '' };
  const v = m.verdict;
  const totals = `${m.totals.tests} tests: ${m.totals.passed} passed, ${m.totals.failed} failed, ${m.totals.flaky} flaky, ${m.totals.skipped} skipped`;
  const healthy = name === 'healthy';
  const ok = healthy ? v.decision === 'GO' || v.decision === 'INCONCLUSIVE' : v.decision === 'NO-GO' && v.blockers.some((b) => NAMES_FIRST_EVENT.test(b));
  const expectation = healthy ? 'GO or INCONCLUSIVE, never NO-GO' : 'NO-GO with a blocker naming the first-event SLA';
  return { ...base, decision: v.decision, headline: v.headline, blockers: v.blockers, inconclusive: v.inconclusive ?? [], totals, ok, expectation };
}

function summary(results: RunResult[], cli: Cli): string {
  const lines = [
    `# stress:selftest ${new Date().toISOString()}`,
    '',
    `${cli.burners} CPU burners on ${os.availableParallelism()} cores; playwright args: \`${cli.playwrightArgs.join(' ') || '(config defaults)'}\`.`,
    '',
    '| run | expected | decision | tests | load avg (mean / max) | wall time | result |',
    '|---|---|---|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.expectation} | **${r.decision}** | ${r.totals} | ${r.load.mean} / ${r.load.max} | ${Math.round(r.wallMs / 60_000)} min | ${r.ok ? 'as expected' : '**NOT as expected**'} |`),
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.name}`, '', r.headline, '');
    if (r.blockers.length) lines.push('Blockers:', '', ...r.blockers.map((b) => `- ${b}`), '');
    if (r.inconclusive.length) lines.push('Inconclusive:', '', ...r.inconclusive.map((b) => `- ${b}`), '');
  }
  return lines.join('\n');
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

async function main(): Promise<void> {
  const cli = parseArgs(process.argv.slice(2));
  const defect = DEFECTS.find((d) => d.id === DEFECT_ID);
  if (!defect) throw new Error(`defect ${DEFECT_ID} is not in scripts/verify/defects.ts`);
  mkdirSync(OUT_ROOT, { recursive: true });
  const stop = () => {
    if (current?.pid) process.kill(current.pid, 'SIGINT');
    stopBurners();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('exit', stopBurners);

  const results: RunResult[] = [];
  try {
    startBurners(cli.burners);
    if (cli.only !== DEFECT_ID) results.push(judge('healthy', await runSuite('healthy', undefined, cli.playwrightArgs)));
    if (cli.only !== 'healthy') {
      const planted = plant(DEFECT_ID, defect, { repoRoot: REPO_ROOT, outRoot: OUT_ROOT, reuseDistFrom: path.join(REPO_ROOT, 'app', 'web', 'dist') });
      results.push(judge(DEFECT_ID, await runSuite(DEFECT_ID, planted.appDir, cli.playwrightArgs)));
    }
  } finally {
    stopBurners();
  }
  const text = summary(results, cli);
  writeFileSync(path.join(OUT_ROOT, 'summary.md'), text);
  console.log(`\n${text}`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
}

await main();
