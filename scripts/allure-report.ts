/**
 * Builds the Allure 3 report from reports/allure-results (config: allurerc.mjs).
 *
 *   tsx scripts/allure-report.ts                → reports/allure-report/index.html (adds a history point)
 *   tsx scripts/allure-report.ts --single-file  → the same, plus reports/allure-single/index.html (one file)
 *
 * Before generating, the facts the sign-off reporter learned after the run (target version,
 * browser, suite commit, verdict) are merged into allure-results/environment.properties.
 * Run it once per test run: each run of it adds one point to reports/allure-history.jsonl.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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

function generate(singleFile: boolean): void {
  const output = path.join(root, singleFile ? 'reports/allure-single' : 'reports/allure-report');
  fs.rmSync(output, { recursive: true, force: true });
  const bin = path.join(root, 'node_modules/.bin/allure');
  const result = spawnSync(bin, ['generate', '--config', path.join(root, 'allurerc.mjs')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ALLURE_SINGLE_FILE: singleFile ? '1' : '0' },
  });
  if (result.status !== 0) {
    console.error(`allure generate failed (${result.error?.message ?? `exit ${result.status}`})`);
    process.exit(result.status || 1);
  }
  console.log(`Allure report: ${path.relative(root, path.join(output, 'index.html'))}`);
}

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--single-file');
if (unknown.length > 0) {
  console.error(`unknown argument(s): ${unknown.join(' ')}\nusage: tsx scripts/allure-report.ts [--single-file]`);
  process.exit(2);
}
if (!fs.existsSync(resultsDir) || fs.readdirSync(resultsDir).length === 0) {
  console.error(`no Allure results in ${path.relative(root, resultsDir)}: run the suite first (npm run e2e)`);
  process.exit(1);
}
mergeEnvironment();
generate(false);
if (args.includes('--single-file')) generate(true);
