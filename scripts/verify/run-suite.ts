/**
 * One `npx playwright test` of the whole suite against one planted copy of the reference app.
 * It runs the repo's own `node_modules/.bin/playwright` (what `npx playwright` resolves to from
 * the repo): from the copy's folder, which has its own package.json, npx would look for
 * Playwright in the copy and, not finding it there, try to download it.
 *
 * The child runs with its working directory in the copy's folder (`.tmp/verify/<id>`), with
 * `--config` pointing at the repo's playwright.config.ts. config/env.ts reads `.env` files from
 * the working directory, so none of the user's `.env` (a staging E2E_BASE_URL, say) leaks in;
 * E2E_BASE_URL is also forced blank, so the config starts the embedded app from E2E_APP_DIR. The
 * rest of the environment is kept. `--reporter=json,<sign-off reporter>` replaces the config's
 * reporters, with the sign-off written into the run's folder (E2E_SIGNOFF_DIR), so reports/ is
 * not touched.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readReport, summarise, type RunOutcome } from './results';

export interface SuiteRunOptions {
  repoRoot: string;
  /** `.tmp/verify/<id>`: working directory and output folder of the run. */
  runRoot: string;
  /** The app copy to start (E2E_APP_DIR). */
  appDir: string;
  /** Names this run's report, log and test-results inside runRoot (several runs may share a copy). */
  name: string;
  /** Extra `playwright test` arguments (e.g. `--grep @auth`). */
  extraArgs?: string[];
  /** The run is stopped after this long. */
  timeoutMs: number;
}

export interface SuiteRun extends RunOutcome {
  /** Blocking checklist items the run's sign-off failed (failed or flaky); undefined: no sign-off written. */
  blockingFailures?: string[];
  exitCode: number | null;
  wallMs: number;
  timedOut: boolean;
  reportFile: string;
  logFile: string;
}

/** The run in progress: its Playwright runner leads its own process group. */
let current: { pid: number } | null = null;

/**
 * Stops the run in progress. SIGINT goes to the runner alone: Playwright then stops its workers
 * and its web server (which it starts in a process group of its own) and still writes the JSON
 * report of what ran. `force` SIGKILLs the runner and every process below it, by PID.
 */
export function stopCurrentRun(force = false): void {
  if (current) stopRun(current.pid, force);
}

function stopRun(pid: number, force: boolean): void {
  if (!force) {
    signal(pid, 'SIGINT');
    return;
  }
  // The web server is not in the runner's process group: find it (and the rest) through the parent links.
  for (const descendant of descendantsOf(pid)) signal(descendant, 'SIGKILL');
  signal(-pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Every process below `pid` (children first found, grandchildren after), from `ps`. */
export function descendantsOf(pid: number): number[] {
  let table: string;
  try {
    table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!child || parent === undefined || Number.isNaN(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.includes(child)) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** How long a stopped run may take to shut down and report before it is killed. */
const STOP_GRACE_MS = 30_000;

export function childEnv(appDirForConfig: string, reportFile: string, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  // The embedded app, whatever the environment says; blank counts as unset for config/env.ts.
  env.E2E_BASE_URL = '';
  env.E2E_ENV = '';
  // Values a parent Playwright run may have left behind; the child picks its own.
  delete env.E2E_EMBEDDED_PORT;
  delete env.E2E_RESOLVED_BASE_URL;
  delete env.PLAYWRIGHT_JSON_OUTPUT_FILE;
  delete env.PLAYWRIGHT_JSON_OUTPUT_DIR;
  env.E2E_APP_DIR = appDirForConfig;
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = reportFile;
  env.FORCE_COLOR = '0';
  return env;
}

function noOutcome(error: string): RunOutcome {
  return { passed: 0, failed: [], skipped: 0, runErrors: [error], stoppedEarly: false };
}

/** Two runs against one copy, as one: e.g. the focus tests, then the rest of the suite. */
export function combineRuns(first: SuiteRun, second: SuiteRun): SuiteRun {
  return {
    passed: first.passed + second.passed,
    failed: [...first.failed, ...second.failed],
    skipped: second.skipped,
    runErrors: [...first.runErrors, ...second.runErrors],
    stoppedEarly: second.stoppedEarly,
    durationMs: (first.durationMs ?? 0) + (second.durationMs ?? 0),
    exitCode: second.exitCode,
    wallMs: first.wallMs + second.wallMs,
    timedOut: first.timedOut || second.timedOut,
    reportFile: second.reportFile,
    logFile: second.logFile,
    ...(first.blockingFailures || second.blockingFailures
      ? { blockingFailures: [...new Set([...(first.blockingFailures ?? []), ...(second.blockingFailures ?? [])])] }
      : {}),
  };
}

export async function runSuite(options: SuiteRunOptions): Promise<SuiteRun> {
  const { repoRoot, runRoot } = options;
  mkdirSync(runRoot, { recursive: true });
  const reportFile = path.join(runRoot, `report-${options.name}.json`);
  const logFile = path.join(runRoot, `playwright-${options.name}.log`);
  const args = [
    'test',
    '--config',
    path.join(repoRoot, 'playwright.config.ts'),
    '--retries=0',
    `--reporter=json,${path.join(repoRoot, 'reporters', 'signoff-reporter.ts')}`,
    `--output=${path.join(runRoot, 'test-results', options.name)}`,
    ...(options.extraArgs ?? []),
  ];
  // The config's webServer runs from the repo root: a repo-relative E2E_APP_DIR reads best in logs.
  const appDirForConfig = path.relative(repoRoot, options.appDir) || '.';
  const signoffDir = path.join(runRoot, `signoff-${options.name}`);
  const env = { ...childEnv(appDirForConfig, reportFile), E2E_SIGNOFF_DIR: signoffDir };

  const started = Date.now();
  const log = createWriteStream(logFile);
  const playwright = path.join(repoRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'playwright.cmd' : 'playwright');
  log.write(`$ (cd ${runRoot} && E2E_APP_DIR=${appDirForConfig} ${path.relative(runRoot, playwright)} ${args.join(' ')})\n\n`);
  const child = spawn(playwright, args, { cwd: runRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });

  const pid = child.pid!;
  current = { pid };
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    log.write(`\n[verify:suite] run stopped after ${Math.round(options.timeoutMs / 1000)} s\n`);
    stopRun(pid, false);
    killTimer = setTimeout(() => stopRun(pid, true), STOP_GRACE_MS);
  }, options.timeoutMs);

  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      log.write(`\n[verify:suite] could not start ${playwright}: ${error.message}\n`);
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  clearTimeout(killTimer);
  clearTimeout(timer);
  current = null;
  await new Promise<void>((resolve) => log.end(resolve));
  const wallMs = Date.now() - started;

  let outcome: RunOutcome;
  if (existsSync(reportFile)) {
    try {
      outcome = summarise(readReport(reportFile));
    } catch (error) {
      outcome = noOutcome(`the JSON report could not be read: ${(error as Error).message}`);
    }
  } else {
    outcome = noOutcome(`playwright wrote no JSON report (exit code ${exitCode}); see ${logFile}`);
  }
  if (timedOut) outcome.runErrors.unshift(`the run was stopped after ${Math.round(options.timeoutMs / 1000)} s`);
  const blockingFailures = readBlockingFailures(path.join(signoffDir, 'signoff.json'));
  return { ...outcome, exitCode, wallMs, timedOut, reportFile, logFile, ...(blockingFailures ? { blockingFailures } : {}) };
}

/** Blocking items a sign-off failed (failed or flaky): what makes it NO-GO because of this target. */
export function readBlockingFailures(file: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const { items } = JSON.parse(readFileSync(file, 'utf8')) as { items: { item: { id: string; blocking: boolean }; status: string }[] };
    return items.filter((r) => r.item.blocking && (r.status === 'failed' || r.status === 'flaky')).map((r) => r.item.id);
  } catch {
    return undefined;
  }
}
