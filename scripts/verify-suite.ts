/**
 * `npm run verify:suite`: proves the suite can tell a healthy target from a broken one.
 *
 * It runs the whole suite once against an unpatched copy of the reference app (every test must
 * pass), then once per planted defect (scripts/verify/defects.ts) against a copy with that defect
 * (scripts/verify/plant.ts): at least one test must fail, and its message should name the cause.
 * Prints a table (defect → area → failed tests with their first message) and writes it to
 * reports/verify-suite.md. Exit code 1 when the healthy run fails or a defect is not caught.
 *
 *   npm run verify:suite                          healthy run + every defect
 *   npm run verify:suite -- --only a,b            healthy run + defects a and b
 *   npm run verify:suite -- --list                print the catalogue
 *   npm run verify:suite -- --max-failures 0      run every test against every defect (slow)
 *   npm run verify:suite -- --only a -- --workers=2   after a second `--`: extra playwright args
 *
 * Time: a defect run stops after its first DEFAULT_MAX_FAILURES failed tests (playwright
 * `--max-failures`). That cannot hide a defect: a run that catches nothing still runs every test.
 * It only shortens the list of tests that caught it. The healthy run is never cut short.
 * VERIFY_RUN_TIMEOUT_MS bounds each suite run (default 10 min).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFECTS, type Defect } from './verify/defects';
import { applyPatch, plant, PatchError } from './verify/plant';
import { runSuite, stopCurrentRun, type SuiteRun } from './verify/run-suite';
import { classify, healthyOk, renderMarkdown, renderText, testLabel, type DefectResult, type HealthyResult } from './verify/table';
import { trimTo } from './verify/results';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_ROOT = path.join(REPO_ROOT, '.tmp', 'verify');
const REPORT_FILE = path.join(REPO_ROOT, 'reports', 'verify-suite.md');
const HEALTHY_ID = 'healthy';
const RUN_TIMEOUT_MS = Number(process.env.VERIFY_RUN_TIMEOUT_MS) || 10 * 60_000;
/** Failed tests after which a defect run stops (it is caught); 0 = run every test. */
const DEFAULT_MAX_FAILURES = 3;

interface Cli {
  list: boolean;
  only: string[] | null;
  maxFailures: number;
  playwrightArgs: string[];
}

function parseArgs(argv: string[]): Cli {
  const cli: Cli = { list: false, only: null, maxFailures: DEFAULT_MAX_FAILURES, playwrightArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      cli.playwrightArgs = argv.slice(i + 1);
      break;
    }
    if (arg === '--list') cli.list = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) usage('--only needs a comma-separated list of defect ids');
      cli.only = [...(cli.only ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
    } else if (arg === '--max-failures' || arg.startsWith('--max-failures=')) {
      const value = arg === '--max-failures' ? argv[++i] : arg.slice('--max-failures='.length);
      if (!value || !/^\d+$/.test(value)) usage('--max-failures needs a whole number (0 = no limit)');
      cli.maxFailures = Number(value);
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown option ${arg}`);
  }
  return cli;
}

function usage(problem?: string): never {
  if (problem) console.error(`verify:suite: ${problem}\n`);
  console.error('usage: npm run verify:suite [-- [--list] [--only id,id] [--max-failures N] [-- <playwright args>]]');
  process.exit(problem ? 2 : 0);
}

function printCatalogue(): void {
  const idWidth = Math.max(...DEFECTS.map((d) => d.id.length));
  const areaWidth = Math.max(...DEFECTS.map((d) => d.area.length));
  console.log(`${DEFECTS.length} planted defects:\n`);
  for (const d of DEFECTS) {
    const files = [...new Set(d.patches.map((p) => p.file))].join(', ');
    console.log(`${d.id.padEnd(idWidth)}  ${d.area.padEnd(areaWidth)}  ${d.description}\n${' '.repeat(idWidth + areaWidth + 4)}(${files})`);
  }
}

/** Every patch of the selected defects still applies to the current sources: fail before any run if not. */
function checkCatalogue(defects: Defect[]): string[] {
  const problems: string[] = [];
  for (const defect of defects) {
    const files = new Map<string, string>();
    for (const patch of defect.patches) {
      try {
        const source = files.get(patch.file) ?? readFileSync(path.join(REPO_ROOT, 'app', patch.file), 'utf8');
        files.set(patch.file, applyPatch(source, patch, defect.id));
      } catch (error) {
        problems.push(error instanceof PatchError ? error.message : `defect ${defect.id} no longer applies: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function summaryLine(run: SuiteRun): string {
  return `${run.passed} passed, ${run.failed.length} failed, ${run.skipped} skipped in ${clock(run.wallMs)}`;
}

async function main(): Promise<number> {
  const cli = parseArgs(process.argv.slice(2));
  if (cli.list) {
    printCatalogue();
    return 0;
  }
  const unknown = (cli.only ?? []).filter((id) => !DEFECTS.some((d) => d.id === id));
  if (unknown.length > 0) usage(`unknown defect id(s): ${unknown.join(', ')} (see --list)`);
  const selected = cli.only ? DEFECTS.filter((d) => cli.only!.includes(d.id)) : DEFECTS;

  const rot = checkCatalogue(selected);
  if (rot.length > 0) {
    console.error(`verify:suite: the defect catalogue no longer matches the app sources:\n${rot.map((p) => `  - ${p}`).join('\n')}`);
    console.error('Update scripts/verify/defects.ts so each defect is planted again.');
    return 1;
  }

  const startedAt = new Date();
  const total = selected.length + 1;
  const elapsed = () => clock(Date.now() - startedAt.getTime());
  console.log(`verify:suite: the suite against the healthy app and ${selected.length} planted defect(s); copies in ${path.relative(REPO_ROOT, OUT_ROOT)}/`);
  if (cli.playwrightArgs.length > 0) console.log(`playwright args for every run: ${cli.playwrightArgs.join(' ')}`);
  const defectArgs = [...(cli.maxFailures > 0 ? [`--max-failures=${cli.maxFailures}`] : []), ...cli.playwrightArgs];
  console.log(
    cli.maxFailures > 0
      ? `each defect run stops after ${cli.maxFailures} failed test(s): enough to show it is caught (--max-failures 0 runs every test)`
      : 'every test runs against every defect',
  );

  // 1. The healthy copy: every test must pass. Its UI build is reused by the server-only defects.
  console.log(`\n[1/${total}] healthy app (no defect)  — ${elapsed()} elapsed`);
  const healthy: HealthyResult = { errors: [] };
  const healthyPlant = plant(HEALTHY_ID, null, { repoRoot: REPO_ROOT, outRoot: OUT_ROOT });
  healthy.run = await runSuite({ repoRoot: REPO_ROOT, runRoot: healthyPlant.root, appDir: healthyPlant.appDir, extraArgs: cli.playwrightArgs, timeoutMs: RUN_TIMEOUT_MS });
  console.log(`      ${healthyOk(healthy) ? 'pass' : 'FAIL'}: ${summaryLine(healthy.run)}`);
  for (const t of healthy.run.failed) console.log(`      ✗ ${testLabel(t)}\n          ${trimTo(t.message, 140)}`);
  for (const e of healthy.run.runErrors) console.log(`      ! ${trimTo(e, 140)}   (log: ${path.relative(REPO_ROOT, healthy.run.logFile)})`);
  const healthyFailures = new Set(healthy.run.failed.map((t) => t.title));
  const builtUi = path.join(healthyPlant.appDir, 'web', 'dist');

  // 2. One run per defect.
  const results: DefectResult[] = [];
  for (const [index, defect] of selected.entries()) {
    console.log(`\n[${index + 2}/${total}] ${defect.id} (${defect.area}) — ${elapsed()} elapsed\n      ${defect.description}`);
    let run: SuiteRun | undefined;
    const errors: string[] = [];
    try {
      const planted = plant(defect.id, defect, { repoRoot: REPO_ROOT, outRoot: OUT_ROOT, reuseDistFrom: builtUi });
      run = await runSuite({ repoRoot: REPO_ROOT, runRoot: planted.root, appDir: planted.appDir, extraArgs: defectArgs, timeoutMs: RUN_TIMEOUT_MS });
    } catch (error) {
      errors.push((error as Error).message);
    }
    const result = classify(defect, run, errors, healthyFailures, cli.maxFailures);
    results.push(result);
    const how =
      result.verdict === 'caught'
        ? `caught by ${result.caughtBy.length}${result.stoppedEarly ? '+' : ''} test(s)${result.named ? '' : ', but no message names the cause'}`
        : result.verdict.toUpperCase();
    console.log(`      ${how}${run ? `: ${summaryLine(run)}` : ''}`);
    for (const t of result.caughtBy) console.log(`      ✗ ${testLabel(t)}\n          ${trimTo(t.message, 140)}`);
    for (const e of result.errors) console.log(`      ! ${trimTo(e, 140)}${run ? `   (log: ${path.relative(REPO_ROOT, run.logFile)})` : ''}`);
  }

  // 3. The table, on the console and in reports/verify-suite.md.
  const totalMs = Date.now() - startedAt.getTime();
  console.log(`\n${'='.repeat(100)}\n${renderText(healthy, results)}\n${'='.repeat(100)}`);
  mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
  writeFileSync(
    REPORT_FILE,
    renderMarkdown(healthy, results, {
      startedAt,
      totalMs,
      extraArgs: cli.playwrightArgs,
      maxFailures: cli.maxFailures,
      selected: selected.map((d) => d.id),
      catalogueSize: DEFECTS.length,
    }),
  );
  console.log(`\nTotal ${clock(totalMs)}. Table written to ${path.relative(REPO_ROOT, REPORT_FILE)}.`);

  let failed = false;
  if (!healthyOk(healthy)) {
    failed = true;
    console.error('\nFAIL: the suite does not pass on the healthy app, so its failures prove nothing:');
    for (const t of healthy.run.failed) console.error(`  - ${testLabel(t)}: ${trimTo(t.message, 140)}`);
    for (const e of healthy.run.runErrors) console.error(`  - ${e}`);
    if (healthy.run.passed === 0 && healthy.run.failed.length === 0) console.error('  - no test passed');
  }
  const missed = results.filter((r) => r.verdict !== 'caught');
  if (missed.length > 0) {
    failed = true;
    console.error(`\nFAIL: ${missed.length} defect(s) not caught by any test:`);
    for (const r of missed) console.error(`  - ${r.defect.id} (${r.defect.area}): ${r.defect.description}${r.errors.length ? ` [${r.errors[0]}]` : ''}`);
  }
  const unnamed = results.filter((r) => r.verdict === 'caught' && !r.named);
  if (unnamed.length > 0) {
    console.warn(`\nNote: caught, but no failure message names the cause: ${unnamed.map((r) => r.defect.id).join(', ')}`);
  }
  if (!failed) console.log('\nPASS: the suite passes on the healthy app and catches every planted defect.');
  return failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopCurrentRun('SIGTERM');
    setTimeout(() => process.exit(130), 2_000).unref();
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    stopCurrentRun('SIGTERM');
    process.exit(1);
  },
);
