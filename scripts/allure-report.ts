/**
 * Builds the Allure 3 report from reports/allure-results (config: allurerc.mjs).
 *
 *   tsx scripts/allure-report.ts         → reports/allure-report/index.html, one self-contained file that
 *                                          opens from disk (adds a history point)
 *   tsx scripts/allure-report.ts --open  → the multi-file app in reports/allure-site, served on
 *                                          http://127.0.0.1 (`npm run report:open`; `--port N`, default a free one)
 *
 * Before generating, the facts the sign-off reporter learned after the run (target version,
 * browser, suite commit, verdict) are merged into allure-results/environment.properties.
 * Run it once per test run: each run of it adds one point to reports/allure-history.jsonl
 * (`--open` reads the history without adding to it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { parseEnvInfo, stringifyEnvInfo } from 'allure-js-commons/sdk/reporter';

const root = process.cwd();
const resultsDir = path.join(root, 'reports/allure-results');
const signoffJson = path.join(root, 'reports/signoff.json');

interface SignoffFacts {
  run?: { date?: string; targetUrl?: string; version?: string; suiteCommit?: string; profile?: string; environment?: string; browsers?: string[] };
  verdict?: { decision?: string };
}

/** Start times (ms) of the test results in allure-results. */
function resultStarts(): number[] {
  return fs
    .readdirSync(resultsDir)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => (JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as { start?: number }).start ?? 0);
}

/**
 * environment.properties = what allure-playwright wrote + what the sign-off knows, when
 * reports/signoff.json belongs to the same run. Warns about results left by earlier runs
 * (allure-playwright never empties its results folder).
 */
function mergeEnvironment(): void {
  if (!fs.existsSync(signoffJson)) return;
  const { run = {}, verdict = {} } = JSON.parse(fs.readFileSync(signoffJson, 'utf8')) as SignoffFacts;
  const runStart = run.date ? Date.parse(run.date) : NaN;
  const starts = resultStarts();
  const stale = starts.filter((t) => t < runStart).length;
  if (stale > 0) {
    console.warn(`warning: ${stale} of ${starts.length} results in ${path.relative(root, resultsDir)} are older than the last run: empty that folder before each run`);
  }
  if (!(runStart <= Math.max(...starts))) {
    console.warn('warning: reports/signoff.json is not from the run of these results: its facts are not added to the environment');
    return;
  }
  const file = path.join(resultsDir, 'environment.properties');
  const current = fs.existsSync(file) ? parseEnvInfo(fs.readFileSync(file, 'utf8')) : {};
  const facts: Record<string, string | undefined> = {
    target: run.targetUrl,
    version: run.version,
    browser: run.browsers?.join(', '),
    profile: run.profile,
    environment: run.environment,
    'suite commit': run.suiteCommit,
    'sign-off': verdict.decision,
  };
  const merged = { ...current };
  for (const [key, value] of Object.entries(facts)) if (value) merged[key] = value;
  fs.writeFileSync(file, `${stringifyEnvInfo(merged)}\n`);
}

const isTrace = (a: { type?: string }): boolean => a.type === 'application/zip' || a.type === 'application/vnd.allure.playwright-trace';

interface AllureNode {
  attachments?: { type?: string }[];
  steps?: AllureNode[];
}

function withoutTraces(node: AllureNode): AllureNode {
  return { ...node, attachments: node.attachments?.filter((a) => !isTrace(a)), steps: node.steps?.map(withoutTraces) };
}

/**
 * The results without Playwright traces, for the one-file report: a trace opens only from a
 * server (`npm run report:open`, the Playwright HTML report), and embedding every trace would
 * make the one file hundreds of megabytes when traces are on.
 */
function resultsWithoutTraces(): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'allure-single-'));
  for (const name of fs.readdirSync(resultsDir)) {
    const from = path.join(resultsDir, name);
    if (name.endsWith('-result.json')) {
      fs.writeFileSync(path.join(copy, name), JSON.stringify(withoutTraces(JSON.parse(fs.readFileSync(from, 'utf8')) as AllureNode)));
    } else if (!name.endsWith('.zip')) {
      fs.copyFileSync(from, path.join(copy, name));
    }
  }
  return copy;
}

function generate(site: boolean): string {
  const output = path.join(root, site ? 'reports/allure-site' : 'reports/allure-report');
  fs.rmSync(output, { recursive: true, force: true });
  const bin = path.join(root, 'node_modules/.bin/allure');
  const results = site ? resultsDir : resultsWithoutTraces();
  const result = spawnSync(bin, ['generate', '--config', path.join(root, 'allurerc.mjs')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ALLURE_SITE: site ? '1' : '0', ALLURE_RESULTS_DIR: results },
  });
  if (!site) fs.rmSync(results, { recursive: true, force: true });
  if (result.status !== 0) {
    console.error(`allure generate failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(result.status || 1);
  }
  if (!site) repairSingleFile(path.join(output, 'index.html'));
  console.log(`Allure report: ${path.relative(root, path.join(output, 'index.html'))}`);
  return output;
}

const DATA_INIT = /<script async>\s*window\.allureReportDataReady = false;[\s\S]*?<\/script>/;
const ANALYTICS = /<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>[\s\S]*?<\/script>/;

/**
 * Two repairs of Allure's one-file report (3.18). Its data store is declared after the app's
 * script, so on a slow machine the app finds no store, falls back to fetching files, which
 * file:// refuses, and spins forever: declare the store in <head>. And it loads Google Analytics,
 * which a release report must not call (nor wait for, offline).
 */
function repairSingleFile(file: string): void {
  let html = fs.readFileSync(file, 'utf8');
  const init = DATA_INIT.exec(html)?.[0];
  if (!init) {
    console.warn(`warning: ${path.relative(root, file)} has no data store declaration where expected: it may not open from disk on a slow machine`);
  } else {
    html = html.replace(init, '').replace('</head>', `${init.replace('<script async>', '<script>')}\n</head>`);
  }
  fs.writeFileSync(file, html.replace(ANALYTICS, ''));
}

/** Serves the multi-file report on the loopback interface only, until the process is stopped. */
async function serve(folder: string, port: number): Promise<void> {
  const server = Fastify();
  await server.register(fastifyStatic, { root: folder });
  const url = await server.listen({ host: '127.0.0.1', port });
  console.log(`Allure report served at ${url}/ (Ctrl+C to stop)`);
}

let args: { open?: boolean; port?: string };
try {
  ({ values: args } = parseArgs({ options: { open: { type: 'boolean' }, port: { type: 'string' } } }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\nusage: tsx scripts/allure-report.ts [--open [--port N]]`);
  process.exit(2);
}
if (!fs.existsSync(resultsDir) || fs.readdirSync(resultsDir).length === 0) {
  console.error(`no Allure results in ${path.relative(root, resultsDir)}: run the suite first (npm run e2e)`);
  process.exit(1);
}
mergeEnvironment();
if (args.open) await serve(generate(true), Number(args.port ?? 0));
else generate(false);
