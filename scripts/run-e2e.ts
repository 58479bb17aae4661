/**
 * `npm run e2e`: the suite against the configured target (the embedded reference app by
 * default), then the Allure report, whatever the outcome. Extra arguments go to
 * `playwright test`. The exit code is the sign-off's (reports/signoff.json): 0 for GO, 1 for
 * NO-GO, whatever Playwright's own status was; no sign-off written is NO-GO.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitCodeFromSignoff } from '../reporters/signoff/exit-code';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const startedAt = new Date();
spawnSync(npx, ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('allure-report.ts', import.meta.url))], { stdio: 'inherit' });
const exit = exitCodeFromSignoff(path.resolve('reports', 'signoff.json'), startedAt);
if (exit.problem) process.stderr.write(`\n${exit.problem}\n`);
process.exit(exit.code);
