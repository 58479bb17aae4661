/**
 * `npm run e2e`: the suite against the configured target (the embedded reference app by
 * default), then the Allure report, whatever the outcome. Exits with the suite's own code,
 * which follows the sign-off verdict. Extra arguments go to `playwright test`.
 */
import { spawnSync } from 'node:child_process';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const suite = spawnSync(npx, ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
spawnSync(process.execPath, ['--import', 'tsx', 'scripts/allure-report.ts'], { stdio: 'inherit' });
process.exit(suite.status ?? 1);
