/**
 * `npm run load [-- --quick] [-- --emit-script]`: an Artillery load test of the configured target
 * (the embedded reference app by default), then reports/load.{json,md,html}. The exit code is 0
 * only when every threshold held (the suite's SLA budgets, a clean wire) and Artillery agreed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { remoteBrowser, resolveChromium, SYSTEM_CHROMIUM_ARGS } from '../config/browser';
import { ConfigError, loadEnvFiles, resolveConfig, type SuiteConfig } from '../config/env';
import { pickFreePort } from '../config/free-port';
import { preflightTarget } from '../config/preflight';
import { getProfile } from '../profiles';
import { suiteCommit } from '../reporters/signoff/run-info';
import { CpuSampler, cpuFigures } from '../load/cpu';
import { startEmbeddedApp, type EmbeddedApp } from '../load/embedded-app';
import { writeReports } from '../load/reports';
import { encodeRunContext, RUN_CONTEXT_VAR, type RunContext } from '../load/run-context';
import { buildScript, thresholds } from '../load/script';
import { LoadConfigError, loadSettings, refusal } from '../load/settings';
import { summarise, type ArtilleryReport } from '../load/summary';
import { generatedUsers } from '../load/users';

const ROOT = path.resolve(import.meta.dirname, '..');
/** E2E_LOAD_REPORTS_DIR: elsewhere than reports/ (the self-test keeps its runs apart). */
const REPORTS = path.resolve(ROOT, process.env.E2E_LOAD_REPORTS_DIR || 'reports');
const SCRIPT_FILE = path.join(REPORTS, 'load-script.json');
const REPORT_FILE = path.join(REPORTS, 'load.json');
const PROBLEMS_FILE = path.join(REPORTS, 'load-problems.jsonl');
/** Outside reports/, which is made to be uploaded as it is: this file holds passwords. */
const CONTEXT_FILE = path.join(ROOT, '.tmp', 'load-run.env');
const args = process.argv.slice(2);

function configure() {
  try {
    loadEnvFiles();
    const config = resolveConfig(process.env, pickFreePort);
    const settings = loadSettings(process.env, { quick: args.includes('--quick'), embedded: config.embedded });
    return { config, settings };
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof LoadConfigError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(2);
  }
}

/**
 * `distributed`: for `artillery run-fargate` / `run-aci`, whose workers bring their own Chromium.
 * Locally Artillery launches the suite's Chromium (a browser server, E2E_BROWSER_WS_ENDPOINT, is the suite's alone).
 */
function writeScript(config: SuiteConfig, settings: ReturnType<typeof loadSettings>, distributed: boolean): void {
  const chromium = distributed || remoteBrowser() ? undefined : resolveChromium(config.chromiumPath);
  const script = buildScript({
    settings,
    baseURL: config.baseURL,
    budgets: config.budgets,
    processor: path.relative(REPORTS, path.join(ROOT, 'load', 'artillery', 'processor.ts')),
    chromiumPath: chromium?.executablePath,
    chromiumArgs: SYSTEM_CHROMIUM_ARGS,
  });
  mkdirSync(REPORTS, { recursive: true });
  writeFileSync(SCRIPT_FILE, `${JSON.stringify(script, null, 2)}\n`);
}

function runArtillery(env: NodeJS.ProcessEnv, targetPid?: number) {
  const artillery = path.join(ROOT, 'node_modules', '.bin', 'artillery');
  const child = spawn(artillery, ['run', '--output', REPORT_FILE, SCRIPT_FILE], { stdio: 'inherit', env });
  const sampler = new CpuSampler(child.pid!, targetPid);
  sampler.start();
  return new Promise<{ code: number; cpu: ReturnType<CpuSampler['stop']> }>((resolve) =>
    child.once('exit', (code) => resolve({ code: code ?? 1, cpu: sampler.stop() })),
  );
}

function runContext(config: SuiteConfig, users: SuiteConfig['users']): RunContext {
  return { baseURL: config.baseURL, apiURL: config.apiURL, target: config.target, budgets: config.budgets, readyTimeoutMs: config.readyTimeoutMs, users };
}

/** The script and, for a deployed target, the users' context as a dotenv file (owner-only: it holds passwords). */
function emitForDistributedRun(config: SuiteConfig, users: SuiteConfig['users']): number {
  console.log(`Artillery script written to ${path.relative(ROOT, SCRIPT_FILE)}`);
  if (config.embedded) {
    console.error('The embedded app listens on this machine only: a distributed run needs a deployed target (E2E_BASE_URL).');
    return 2;
  }
  mkdirSync(path.dirname(CONTEXT_FILE), { recursive: true });
  writeFileSync(CONTEXT_FILE, `${RUN_CONTEXT_VAR}=${encodeRunContext(runContext(config, users))}\n`, { mode: 0o600 });
  console.log(`Users and target for the workers written to ${path.relative(ROOT, CONTEXT_FILE)} (passwords inside: pass it with --dotenv, never commit or share it)`);
  return 0;
}

function readProblems(): string[] {
  if (!existsSync(PROBLEMS_FILE)) return [];
  return readFileSync(PROBLEMS_FILE, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string);
}

async function main(): Promise<number> {
  const { config, settings } = configure();
  const refused = refusal(settings, config);
  if (refused) {
    console.error(`\n${refused}\n`);
    return 2;
  }
  const distributed = args.includes('--emit-script');
  writeScript(config, settings, distributed);
  const users = config.embedded ? generatedUsers(settings.generatedUsers) : config.users;
  if (distributed) return emitForDistributedRun(config, users);
  let app: EmbeddedApp | undefined;
  try {
    if (config.embedded) {
      const appDir = process.env.E2E_APP_DIR ?? 'app';
      app = await startEmbeddedApp({ appDir, port: Number(process.env.E2E_EMBEDDED_PORT), users, agentPaceMs: config.agentPaceMs, readyTimeoutMs: 120_000 });
    } else {
      await preflightTarget({ baseURL: config.baseURL, apiURL: config.apiURL, loginPath: getProfile(config.target).routes.login }, config.preflightTimeoutMs);
    }
    const startedAt = new Date();
    rmSync(PROBLEMS_FILE, { force: true });
    const run = await runArtillery({ ...process.env, [RUN_CONTEXT_VAR]: encodeRunContext(runContext(config, users)), E2E_LOAD_PROBLEMS_FILE: PROBLEMS_FILE }, app?.pid);
    const report = JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as ArtilleryReport;
    const summary = summarise(report, thresholds(config.budgets));
    const target = config.embedded ? `embedded reference app (${process.env.E2E_APP_DIR ?? 'app'})` : config.baseURL;
    writeReports(REPORTS, { summary, cpu: run.cpu, cpuFigures: cpuFigures(run.cpu), settings, target, profile: config.target, startedAt, artilleryExit: run.code, problems: readProblems() });
    const passed = summary.passed && run.code === 0;
    // Which target and suite commit the verdict belongs to: a sign-off may only take a load result of its own.
    const verdict = { passed, target, baseURL: config.baseURL, profile: config.target, suiteCommit: suiteCommit(ROOT), startedAt: startedAt.toISOString(), thresholds: summary.thresholds, peakUsers: summary.users };
    writeFileSync(path.join(REPORTS, 'load-verdict.json'), `${JSON.stringify(verdict, null, 2)}\n`);
    const shown = path.relative(ROOT, REPORTS);
    console.log(`\nLoad ${passed ? 'PASSED' : 'FAILED'}: ${shown}/load.md, ${shown}/load.html, ${shown}/load.json`);
    return passed ? 0 : 1;
  } finally {
    await app?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nLoad run failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
