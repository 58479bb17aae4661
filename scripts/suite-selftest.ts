/**
 * `npm run test:suite`: the whole suite against the reference app with traces forced on for
 * every test, then a scan of everything the run wrote (traces unzipped, reports,
 * attachments) for the run's passwords, tokens and tickets, then builds the Allure report and opens
 * every report from disk as a reviewer would (scripts/reports-from-disk.ts). Exits non-zero if the
 * sign-off is NO-GO, any test failed (a GO with failing non-blocking tests exits 0 from Playwright,
 * not from here), any secret is found or a report does not show its content from file://.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadEnvFiles, resolveConfig, knownSecrets } from '../config/env';
import { pickFreePort } from '../config/free-port';
import { savedSignInValues } from '../harness/sign-in/auth-state';
import { checkReportsFromDisk } from './reports-from-disk';
import { scanForSecrets } from './secret-scan';

loadEnvFiles();
// Resolve once here so the run's generated accounts are known to the scan; the child inherits them.
const config = resolveConfig(process.env, pickFreePort);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const suite = spawnSync(npx, ['playwright', 'test', '--trace', 'on', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});

const secrets = { passwords: knownSecrets(config), savedSignIn: savedSignInValues(config.baseURL) };
const { findings, tracesScanned } = await scanForSecrets(['test-results', 'reports'], secrets);
if (tracesScanned === 0) {
  console.error('\nArtifact scan: no trace archive was written, so there was nothing to prove clean.');
  findings.push('no traces scanned');
} else if (findings.length > 0) {
  console.error(`\nSecrets found in the run's artifacts (${findings.length}):`);
  for (const finding of findings.slice(0, 50)) console.error(`  - ${finding}`);
} else {
  console.log(
    `\nArtifact scan: ${tracesScanned} traces and every attachment and report checked for ${secrets.passwords.length} passwords, ` +
      `${secrets.savedSignIn.length} saved sign-in values and token shapes; none found.`,
  );
}

const allure = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/allure-report.ts'], { stdio: 'inherit' });
const fromDisk = await checkReportsFromDisk('reports');
if (allure.status !== 0) fromDisk.problems.push('the Allure report could not be built');
if (fromDisk.problems.length > 0) {
  console.error(`\nReports opened from disk (file://): ${fromDisk.problems.length} problem(s):`);
  for (const problem of fromDisk.problems) console.error(`  - ${problem}`);
} else {
  console.log(`Reports from disk: ${fromDisk.opened} reports and frame timelines opened from file:// in Chromium; each shows its content.`);
}
const failedTests = failedTestCount('reports/signoff.json');
if (failedTests !== 0) console.error(`\nThe suite's own run: ${failedTests ?? 'an unknown number of'} test(s) failed (reports/signoff.json).`);
process.exit(suite.status !== 0 || failedTests !== 0 || findings.length > 0 || fromDisk.problems.length > 0 ? 1 : 0);

/** Failed tests of the run, from its sign-off; undefined when none could be read. */
function failedTestCount(file: string): number | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { totals: { failed: number } }).totals.failed;
  } catch {
    return undefined;
  }
}

