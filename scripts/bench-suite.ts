/**
 * `npm run bench [-- --all]`: how much time the suite adds on top of the target's own work.
 * Runs the golden-path set (or, with --all, the whole suite) against the configured target and
 * compares the suite's wall time, and each test's duration, with the runs the tests observed.
 * Writes reports/benchmark.md. A benchmark, not a test: it reports figures and exits 0 unless
 * the suite itself failed.
 *
 * "The run a test observes" is send (the message leaving the page) → the run's closing frame:
 * the time the target spends on the request. A test's own time leaves out the browser start-up its worker pays once, in its first test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { TIMINGS_FILE, type TimedTest } from './bench/timing-reporter';

const all = process.argv.includes('--all');
// --repeat-each gives every repeat its own worker, so each repeat starts a browser: the figures
// show that start-up apart from the test's own time.
const args = ['playwright', 'test', '--reporter=./scripts/bench/timing-reporter.ts', '--retries=0'];
if (!all) args.push('--grep', '@golden', '--repeat-each=3', '--workers=1');
const started = Date.now();
const run = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', args, { stdio: ['ignore', 'ignore', 'inherit'] });
const wallMs = Date.now() - started;
const rows = JSON.parse(readFileSync(TIMINGS_FILE, 'utf8')) as TimedTest[];

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const observed = (r: TimedTest) => r.firstEventMs + r.runMs;
const ownTime = (r: TimedTest) => r.durationMs - r.browserStartMs;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const ownRatio = median(rows.map((r) => ownTime(r) / observed(r)));
const rawRatio = median(rows.map((r) => r.durationMs / observed(r)));

const lines = [
  `# Suite benchmark (${all ? 'whole suite' : 'golden-path set'}), ${new Date().toISOString()}`,
  '',
  `AGENT_PACE_MS=${process.env.AGENT_PACE_MS ?? '150 (default)'}; suite exit code ${run.status}.`,
  '',
  '| figure | value |',
  '|---|---|',
  `| suite wall time (incl. start-up and sign-in) | ${seconds(wallMs)} |`,
  `| runs the tests observed, send → closing frame (sum) | ${seconds(rows.reduce((sum, r) => sum + observed(r), 0))} |`,
  `| test's own time / observed run, median (target ≤ 1.3×) | ${ownRatio.toFixed(2)}× |`,
  `| same, with the worker's browser start-up counted in | ${rawRatio.toFixed(2)}× |`,
  '',
  '| test | duration | browser start-up | own time | run observed | own / run |',
  '|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.title} | ${seconds(r.durationMs)} | ${seconds(r.browserStartMs)} | ${seconds(ownTime(r))} | ${seconds(observed(r))} | ${(ownTime(r) / observed(r)).toFixed(2)}× |`,
  ),
  '',
  ...stepBreakdown(rows),
];
/** Where a test's time goes: each top-level step's median over the tests that have it. */
function stepBreakdown(tests: TimedTest[]): string[] {
  const byTitle = new Map<string, number[]>();
  for (const t of tests) for (const step of t.steps) byTitle.set(step.title, [...(byTitle.get(step.title) ?? []), step.durationMs]);
  if (byTitle.size === 0) return [];
  return [
    '| step (top level, in first-seen order) | median duration | seen in tests |',
    '|---|---|---|',
    ...[...byTitle].map(([title, durations]) => `| ${title.replaceAll('|', '\\|')} | ${seconds(median(durations))} | ${durations.length} |`),
  ];
}

mkdirSync('reports', { recursive: true });
writeFileSync('reports/benchmark.md', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
process.exit(run.status === 0 ? 0 : 1);
