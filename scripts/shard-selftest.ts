/**
 * `npm run test:shards`: proves that a sharded run signs off like one run, on the embedded app
 * with a few tests (`--grep`, default "@golden|@auth"; pass another pattern as the argument):
 *   1. the tests in one run, then in 2 shards merged by `npm run merge`: same verdict, same exit
 *      code, same checklist statuses, every SLA sample kept (the merged percentiles are those of
 *      the shards' samples, as many as the single run took), the same test counts (the set-up each
 *      shard repeats counted once) and browsers; the blobs hold no secret; the merged reports open from disk; the
 *      merge ran with no browser resolvable and no target reachable, as on a bare CI merge host;
 *   2. one blob dropped: NO-GO naming the missing shard, exit 1;
 *   3. a defect planted in a copy of the app, 2 shards merged: NO-GO, exit 1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { knownSecrets, loadEnvFiles, resolveConfig } from '../config/env';
import { pickFreePort } from '../config/free-port';
import { BLOB_ROOT } from '../config/shard';
import { savedSignInValues } from '../harness/sign-in/auth-state';
import { parseSlaMetrics, slaFigures, type SlaBudgets } from '../reporters/signoff/sla';
import type { SlaFigure, SlaSample } from '../reporters/signoff/types';
import { checkReportsFromDisk } from './reports-from-disk';
import { scanForSecrets } from './secret-scan';
import { findDefect } from './verify/defects';
import { plant } from './verify/plant';

const GREP = process.argv[2] ?? '@golden|@auth';
const DEFECT = 'ticket-reusable';
const SHARDS = 2;

interface Signoff {
  verdict: { decision: string; failsRun: boolean; blockers: string[] };
  totals: Record<'tests' | 'passed' | 'failed' | 'flaky' | 'skipped', number>;
  run: { browsers: string[] };
  items: { item: { id: string }; status: string }[];
  sla: SlaFigure[];
}

loadEnvFiles();
// One set of accounts for every run here, so the scan below knows every password.
const config = resolveConfig(process.env, pickFreePort);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const failures: string[] = [];
const check = (ok: boolean, what: string): void => {
  console.log(`${ok ? '✓' : '✘'} ${what}`);
  if (!ok) failures.push(what);
};

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

const readSignoff = (): Signoff => JSON.parse(fs.readFileSync('reports/signoff.json', 'utf8')) as Signoff;
const statuses = (s: Signoff): string => s.items.map((i) => `${i.item.id}=${i.status}`).join(' ');
const slaOf = (figures: readonly SlaFigure[]): string =>
  figures.map((f) => `${f.metric}: n=${f.samples} p50=${f.p50} p95=${f.p95} max=${f.max}`).join('; ');

function runShards(env: NodeJS.ProcessEnv = {}): void {
  fs.rmSync(BLOB_ROOT, { recursive: true, force: true });
  for (let current = 1; current <= SHARDS; current++) {
    run(npx, ['playwright', 'test', `--shard=${current}/${SHARDS}`, '--grep', GREP, '--workers=2'], env);
  }
}

const merge = (env: NodeJS.ProcessEnv = {}): number => run(process.execPath, ['--import', 'tsx', 'scripts/merge-shards.ts'], env);

/**
 * A merge host with no Chromium (none configured that exists, no Playwright build, no browser
 * server) and no way to the target (a port nothing listens on): resolving either would fail.
 */
const BARE_MERGE_HOST: NodeJS.ProcessEnv = {
  E2E_CHROMIUM_PATH: '/nonexistent/chromium',
  PLAYWRIGHT_BROWSERS_PATH: '/nonexistent/ms-playwright',
  E2E_BROWSER_WS_ENDPOINT: '',
  PW_TEST_CONNECT_WS_ENDPOINT: '',
  E2E_BASE_URL: 'http://127.0.0.1:9',
  E2E_API_URL: 'http://127.0.0.1:9',
};
const MERGED_OUTPUTS = ['reports/signoff.md', 'reports/signoff.html', 'reports/signoff.json', 'reports/html/index.html', 'reports/allure-results', 'reports/allure-report/index.html'];
const totalsOf = (s: Signoff): string => (['tests', 'passed', 'failed', 'flaky', 'skipped'] as const).map((k) => `${s.totals[k]} ${k}`).join(', ');

/** Every sla-metrics sample the blobs carry. */
function blobSamples(): SlaSample[] {
  const zips = (fs.readdirSync(BLOB_ROOT, { recursive: true }) as string[]).filter((f) => f.endsWith('.zip'));
  return zips.flatMap((zip) => {
    const { 'report.jsonl': jsonl } = unzipSync(fs.readFileSync(path.join(BLOB_ROOT, zip)), { filter: (e) => e.name === 'report.jsonl' });
    return strFromU8(jsonl!)
      .split('\n')
      .filter((line) => line.includes('"sla-metrics"'))
      .flatMap((line) => {
        const event = JSON.parse(line) as { params: { attachments?: { name: string; base64?: string }[] } };
        return (event.params.attachments ?? [])
          .filter((a) => a.name.startsWith('sla-metrics') && a.base64)
          .flatMap((a) => parseSlaMetrics(Buffer.from(a.base64!, 'base64').toString('utf8'), zip));
      });
  });
}

// 1. One run, then the same tests in shards, merged.
const singleExit = run(npx, ['playwright', 'test', '--grep', GREP, '--workers=2']);
const single = readSignoff();
runShards();
for (const output of MERGED_OUTPUTS) fs.rmSync(output, { recursive: true, force: true });
const mergedExit = merge(BARE_MERGE_HOST);
const written = MERGED_OUTPUTS.filter((output) => fs.existsSync(output));
check(written.length === MERGED_OUTPUTS.length, `the merge ran with no browser and no target, and wrote ${written.join(', ')}${written.length < MERGED_OUTPUTS.length ? `; missing: ${MERGED_OUTPUTS.filter((o) => !written.includes(o)).join(', ')}` : ''}`);
const merged = readSignoff();
check(merged.verdict.decision === single.verdict.decision, `merged verdict ${merged.verdict.decision} = single run's ${single.verdict.decision}`);
check(mergedExit === singleExit, `merged exit code ${mergedExit} = single run's ${singleExit}`);
check(totalsOf(merged) === totalsOf(single), `merged test counts equal the single run's: ${totalsOf(merged)} vs ${totalsOf(single)}`);
check(merged.run.browsers.join('; ') === single.run.browsers.join('; '), `merged browsers are the single run's: ${merged.run.browsers.join('; ')}`);
check(statuses(merged) === statuses(single), `checklist statuses are the same:\n    single: ${statuses(single)}\n    merged: ${statuses(merged)}`);
const budgets = Object.fromEntries(merged.sla.map((f) => [f.metric, f.budgetMs])) as SlaBudgets;
const fromBlobs = slaFigures(blobSamples(), budgets);
check(slaOf(merged.sla) === slaOf(fromBlobs), `merged SLA percentiles are those of every shard's samples: ${slaOf(merged.sla)}`);
check(
  merged.sla.every((f, i) => f.samples === single.sla[i]?.samples),
  `merged SLA sample counts equal the single run's: ${merged.sla.map((f) => f.samples).join('/')} vs ${single.sla.map((f) => f.samples).join('/')}`,
);
const secrets = { passwords: knownSecrets(config), savedSignIn: savedSignInValues(config.baseURL) };
const { findings } = await scanForSecrets([BLOB_ROOT], secrets);
check(findings.length === 0, `no password, token or ticket in the blobs${findings.length ? `: ${findings.slice(0, 5).join('; ')}` : ''}`);
const fromDisk = await checkReportsFromDisk('reports');
check(fromDisk.problems.length === 0, `the merged reports open from disk${fromDisk.problems.length ? `: ${fromDisk.problems.join('; ')}` : ''}`);

// 2. A blob dropped.
const dropped = fs.readdirSync(BLOB_ROOT).find((d) => d.startsWith(`shard-${SHARDS}-`))!;
fs.renameSync(path.join(BLOB_ROOT, dropped), `${BLOB_ROOT}-dropped`);
const droppedExit = merge();
const missing = readSignoff();
check(droppedExit === 1 && missing.verdict.decision === 'NO-GO', `with shard ${SHARDS}'s blob dropped: NO-GO, exit ${droppedExit}`);
check(
  missing.verdict.blockers.some((b) => b.includes(`shard ${SHARDS}/${SHARDS} is missing`)),
  `the sign-off names the missing shard: ${missing.verdict.blockers[0]}`,
);
fs.rmSync(`${BLOB_ROOT}-dropped`, { recursive: true, force: true });

// 3. A planted defect, sharded and merged.
const copy = plant(DEFECT, findDefect(DEFECT)!, { repoRoot: process.cwd(), outRoot: path.resolve('.tmp/shards'), reuseDistFrom: 'app/web/dist' });
runShards({ E2E_APP_DIR: copy.appDir });
const defectExit = merge();
const defect = readSignoff();
check(defectExit === 1 && defect.verdict.decision === 'NO-GO', `with ${DEFECT} planted: merged NO-GO, exit ${defectExit} (${defect.verdict.blockers[0] ?? 'no blocker'})`);
fs.rmSync(copy.root, { recursive: true, force: true });

console.log(failures.length ? `\nShard proof: ${failures.length} check(s) failed` : '\nShard proof: every check passed.');
process.exit(failures.length ? 1 : 0);
