/**
 * `npm run bench [-- --all]`: how much time the suite adds on top of the target's own work.
 * Runs the golden-path set (or, with --all, the whole suite) against the configured target and
 * compares the suite's wall time and each test's duration with the runs it observed, taken from
 * the tests' `sla-metrics` attachments. Writes reports/benchmark.md. A benchmark, not a test:
 * it reports figures and exits 0 unless the suite itself failed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

interface JsonTest {
  title: string;
  results: { duration: number; status: string; attachments: { name: string; body?: string }[] }[];
}
interface JsonSuite {
  title: string;
  specs?: { title: string; tests: JsonTest[] }[];
  suites?: JsonSuite[];
}

const all = process.argv.includes('--all');
const outFile = '.tmp/bench/results.json';
mkdirSync('.tmp/bench', { recursive: true });
// The golden set runs three times on one worker: the first run also pays the browser's start-up,
// the later ones show the steady per-test cost.
const args = ['playwright', 'test', '--reporter=json', '--retries=0', ...(all ? [] : ['--grep', '@golden', '--repeat-each=3', '--workers=1'])];
const started = Date.now();
const run = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', args, {
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: outFile },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const wallMs = Date.now() - started;
const report = JSON.parse(readFileSync(outFile, 'utf8')) as { suites: JsonSuite[]; stats: { duration: number } };

const rows: { title: string; testMs: number; runMs: number }[] = [];
const walk = (suite: JsonSuite) => {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests) {
      for (const result of test.results) {
      const runMs = result.attachments
        .filter((a) => a.name === 'sla-metrics' && a.body)
        .map((a) => (JSON.parse(Buffer.from(a.body!, 'base64').toString()) as { runMs?: number }).runMs ?? 0)
        .reduce((sum, ms) => sum + ms, 0);
      if (runMs > 0) rows.push({ title: spec.title, testMs: result.duration, runMs });
      }
    }
  }
  suite.suites?.forEach(walk);
};
report.suites.forEach(walk);

const observedMs = rows.reduce((sum, r) => sum + r.runMs, 0);
const ratios = rows.map((r) => r.testMs / r.runMs).sort((a, b) => a - b);
const medianRatio = ratios[Math.floor(ratios.length / 2)] ?? 0;
const lines = [
  `# Suite benchmark (${all ? 'whole suite' : 'golden-path set'}), ${new Date().toISOString()}`,
  '',
  `AGENT_PACE_MS=${process.env.AGENT_PACE_MS ?? '150 (default)'}; suite exit code ${run.status}.`,
  '',
  '| figure | value |',
  '|---|---|',
  `| suite wall time (incl. start-up and sign-in) | ${(wallMs / 1000).toFixed(1)} s |`,
  `| Playwright's run duration | ${(report.stats.duration / 1000).toFixed(1)} s |`,
  `| target's own run time observed by tests (sum) | ${(observedMs / 1000).toFixed(1)} s |`,
  `| test duration / observed run, median | ${medianRatio.toFixed(2)}× |`,
  '',
  '| test | test duration | run it observed | ratio |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.title} | ${(r.testMs / 1000).toFixed(2)} s | ${(r.runMs / 1000).toFixed(2)} s | ${(r.testMs / r.runMs).toFixed(2)}× |`),
];
mkdirSync('reports', { recursive: true });
writeFileSync('reports/benchmark.md', `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
process.exit(run.status === 0 ? 0 : 1);
