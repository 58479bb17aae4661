/**
 * `npm run verify:suite`: proves the suite can tell a healthy target from a broken one.
 *
 * It runs the whole suite once against an unpatched copy of the reference app (every test must
 * pass), then against one copy per planted defect (scripts/verify/defects.ts, planted by
 * scripts/verify/plant.ts): at least one test must fail, and its message should name the cause; a
 * defect marked `mustBlock` must also fail a blocking checklist item in the run's sign-off (NO-GO).
 * Prints a table (defect → area → failed tests with their first message) and writes it to
 * reports/verify-suite.md. Exit code 1 when the healthy run fails or a defect is not caught.
 *
 *   npm run verify:suite                          healthy run + every defect
 *   npm run verify:suite -- --only a,b            healthy run + defects a and b
 *   npm run verify:suite -- --list                print the catalogue
 *   npm run verify:suite -- --full                every test against every defect (slow; full table)
 *   npm run verify:suite -- --max-failures 5      stop a defect run after 5 failed tests (default 3; 0 = never)
 *   npm run verify:suite -- --only a -- --workers=2   after a second `--`: extra playwright args
 *
 * Time (CI allows ~25 min on 2 cores; the full suite takes ~2-3.5 min per run): a defect meets the
 * tests of its own area first (`--grep @<area>`) and that run stops after --max-failures failed
 * tests. Only if no test of its area fails does the rest of the suite run against it
 * (`--grep-invert @<area>`). Neither shortcut can hide a defect: one reported as not caught has
 * met every test. They only shorten the list of tests shown as catching it. The healthy run is
 * always the whole suite. VERIFY_RUN_TIMEOUT_MS bounds each playwright run (default 10 min).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFECTS, type Defect } from './verify/defects';
import { applyPatch, plant, PatchError } from './verify/plant';
import { combineRuns, runSuite, stopCurrentRun, type SuiteRun } from './verify/run-suite';
import { classify, healthyOk, renderMarkdown, renderText, testLabel, type DefectResult, type HealthyResult, type RunScope } from './verify/table';
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
  /** Every test against every defect, at once, to the end. */
  full: boolean;
  maxFailures: number;
  playwrightArgs: string[];
}

function parseArgs(argv: string[]): Cli {
  const cli: Cli = { list: false, only: null, full: false, maxFailures: DEFAULT_MAX_FAILURES, playwrightArgs: [] };
  let maxFailuresGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      cli.playwrightArgs = argv.slice(i + 1);
      break;
    }
    if (arg === '--list') cli.list = true;
    else if (arg === '--full') cli.full = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) usage('--only needs a comma-separated list of defect ids');
      cli.only = [...(cli.only ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
    } else if (arg === '--max-failures' || arg.startsWith('--max-failures=')) {
      const value = arg === '--max-failures' ? argv[++i] : arg.slice('--max-failures='.length);
      if (!value || !/^\d+$/.test(value)) usage('--max-failures needs a whole number (0 = no limit)');
      cli.maxFailures = Number(value);
      maxFailuresGiven = true;
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown option ${arg}`);
  }
  if (cli.full && !maxFailuresGiven) cli.maxFailures = 0;
  return cli;
}

function usage(problem?: string): never {
  if (problem) console.error(`verify:suite: ${problem}\n`);
  console.error('usage: npm run verify:suite [-- [--list] [--only id,id] [--full] [--max-failures N] [-- <playwright args>]]');
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
  const limit = cli.maxFailures > 0 ? [`--max-failures=${cli.maxFailures}`] : [];
  console.log(
    cli.full
      ? `every test runs against every defect${limit.length ? `, up to ${cli.maxFailures} failures` : ''}`
      : `each defect meets its area's tests first${limit.length ? ` (stopping after ${cli.maxFailures} failures)` : ''}, and the rest of the suite only if none of them fails`,
  );

  // 1. The healthy copy: every test must pass. Its UI build is reused by the server-only defects.
  console.log(`\n[1/${total}] healthy app (no defect)  — ${elapsed()} elapsed`);
  const healthy: HealthyResult = { errors: [] };
  const healthyPlant = plant(HEALTHY_ID, null, { repoRoot: REPO_ROOT, outRoot: OUT_ROOT });
  healthy.run = await runSuite({
    repoRoot: REPO_ROOT,
    runRoot: healthyPlant.root,
    appDir: healthyPlant.appDir,
    name: 'all',
    extraArgs: cli.playwrightArgs,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  console.log(`      ${healthyOk(healthy) ? 'pass' : 'FAIL'}: ${summaryLine(healthy.run)}`);
  for (const t of healthy.run.failed) console.log(`      ✗ ${testLabel(t)}\n          ${trimTo(t.message, 140)}`);
  for (const e of healthy.run.runErrors) console.log(`      ! ${trimTo(e, 140)}   (log: ${path.relative(REPO_ROOT, healthy.run.logFile)})`);
  const healthyFailures = new Set(healthy.run.failed.map((t) => t.title));
  const builtUi = path.join(healthyPlant.appDir, 'web', 'dist');

  // 2. Each defect: its area's tests first; the rest of the suite only when they miss it.
  const results: DefectResult[] = [];
  for (const [index, defect] of selected.entries()) {
    console.log(`\n[${index + 2}/${total}] ${defect.id} (${defect.area}) — ${elapsed()} elapsed\n      ${defect.description}`);
    let run: SuiteRun | undefined;
    let scope: RunScope = cli.full ? 'all' : 'area';
    const errors: string[] = [];
    try {
      const planted = plant(defect.id, defect, { repoRoot: REPO_ROOT, outRoot: OUT_ROOT, reuseDistFrom: builtUi });
      const suiteRun = (name: string, args: string[]) =>
        runSuite({ repoRoot: REPO_ROOT, runRoot: planted.root, appDir: planted.appDir, name, extraArgs: [...args, ...limit, ...cli.playwrightArgs], timeoutMs: RUN_TIMEOUT_MS });
      if (cli.full) run = await suiteRun('all', []);
      else {
        const tag = `@${defect.area}`;
        const focus = await suiteRun('area', ['--grep', tag]);
        if (focus.failed.length > 0) run = focus;
        else {
          console.log(`      no ${tag} test failed (${summaryLine(focus)}): the rest of the suite runs against it`);
          scope = 'area+rest';
          // An area with no tests yet is no error: the rest of the suite still meets the defect.
          const ranNothing = focus.passed === 0 && focus.skipped === 0;
          const rest = await suiteRun('rest', ['--grep-invert', tag]);
          run = combineRuns(ranNothing ? { ...focus, runErrors: focus.runErrors.filter((e) => !/no tests found/i.test(e)) } : focus, rest);
        }
      }
    } catch (error) {
      errors.push((error as Error).message);
    }
    const result = classify(defect, run, errors, healthyFailures, scope);
    results.push(result);
    const how =
      result.verdict === 'caught'
        ? `caught by ${result.caughtBy.length}${result.stoppedEarly ? '+' : ''} test(s)${result.named ? '' : ', half-caught: no first message names the cause'}`
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
      focused: !cli.full,
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
  const missed = results.filter((r) => r.verdict !== 'caught' && r.verdict !== 'not-blocking');
  if (missed.length > 0) {
    failed = true;
    console.error(`\nFAIL: ${missed.length} defect(s) not caught by any test:`);
    for (const r of missed) console.error(`  - ${r.defect.id} (${r.defect.area}): ${r.defect.description}${r.errors.length ? ` [${r.errors[0]}]` : ''}`);
  }
  const notBlocking = results.filter((r) => r.verdict === 'not-blocking');
  if (notBlocking.length > 0) {
    failed = true;
    console.error(`\nFAIL: ${notBlocking.length} defect(s) that lose or misreport a user's work were caught, but failed no blocking checklist item (the sign-off would say GO):`);
    for (const r of notBlocking) console.error(`  - ${r.defect.id} (${r.defect.area}): ${r.defect.description}`);
  }
  const unnamed = results.filter((r) => r.verdict === 'caught' && !r.named);
  if (unnamed.length > 0) {
    console.warn(`\nNote: half-caught (no first failure message names the cause, only a symptom): ${unnamed.map((r) => r.defect.id).join(', ')}`);
  }
  if (!failed) console.log('\nPASS: the suite passes on the healthy app and catches every planted defect; those that must block the release do.');
  return failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\nverify:suite: ${signal}: stopping the run in progress`);
    stopCurrentRun();
    setTimeout(() => {
      stopCurrentRun(true);
      process.exit(130);
    }, 10_000).unref();
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    stopCurrentRun(true);
    process.exit(1);
  },
);
