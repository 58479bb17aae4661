/**
 * `npm run test:load`: the load test can fail. A small `npm run load -- --quick` against the
 * healthy embedded app must pass with no misrouted frame; the same run against a copy with a
 * planted defect that broadcasts every run's frames to every open socket must fail, exit 1,
 * with misrouted frames counted. Protocol users only, at a modest rate: the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findDefect } from './verify/defects';
import { plant } from './verify/plant';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = path.join(ROOT, '.tmp', 'load-selftest');
const BROADCAST = 'frames-to-every-user';

const SMALL_QUICK_RUN = {
  E2E_LOAD_WARMUP_S: '3',
  E2E_LOAD_RAMP_S: '5',
  E2E_LOAD_PLATEAU_S: '10',
  E2E_LOAD_RATE: '3',
  E2E_LOAD_RUNS_PER_USER: '3',
  E2E_LOAD_THINK_S: '1',
  E2E_LOAD_USERS: '12',
  E2E_LOAD_BROWSER_WEIGHT: '0',
  AGENT_PACE_MS: '0',
};

function runLoad(name: string, appDir: string): { code: number | null; misrouted: number; markdown: string } {
  const reports = path.join(OUT, `${name}-reports`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...SMALL_QUICK_RUN, E2E_BASE_URL: '', E2E_ENV: '', E2E_APP_DIR: appDir, E2E_LOAD_REPORTS_DIR: reports, FORCE_COLOR: '0' };
  delete env.E2E_EMBEDDED_PORT;
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'load.ts'), '--quick'], { cwd: ROOT, env, encoding: 'utf8', timeout: 150_000 });
  const reportFile = path.join(reports, 'load.json');
  if (!existsSync(reportFile)) throw new Error(`${name}: no load.json written (exit ${run.status})\n${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { aggregate: { counters: Record<string, number> } };
  return { code: run.status, misrouted: report.aggregate.counters['load.frames.misrouted'] ?? 0, markdown: readFileSync(path.join(reports, 'load.md'), 'utf8') };
}

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const defect = findDefect(BROADCAST);
if (!defect) throw new Error(`scripts/verify/defects.ts has no defect ${BROADCAST}`);
const reuseDistFrom = path.join(ROOT, 'app', 'web', 'dist');
const broken = plant(BROADCAST, defect, { repoRoot: ROOT, outRoot: OUT, reuseDistFrom });

const healthy = runLoad('healthy', 'app');
check(healthy.code === 0, `healthy app: npm run load -- --quick passes (exit ${healthy.code})`);
check(healthy.misrouted === 0, `healthy app: no misrouted frame (${healthy.misrouted})`);

const planted = runLoad(BROADCAST, path.relative(ROOT, broken.appDir));
check(planted.code === 1, `${BROADCAST}: npm run load -- --quick fails with exit 1 (exit ${planted.code})`);
check(planted.misrouted > 0, `${BROADCAST}: misrouted frames counted (${planted.misrouted})`);
check(/\| FAIL \| no frame reached another user's socket/.test(planted.markdown), `${BROADCAST}: load.md names the broken threshold`);

if (failures.length > 0) {
  console.error(`\nload self-test: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('\nload self-test: passed');
