import { execFileSync } from 'node:child_process';

/**
 * Asks the OS for a free loopback port. Synchronous on purpose: Playwright evaluates its config
 * synchronously, and the embedded app's port must be known before the config object is built.
 */
export function pickFreePort(): number {
  const script =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}
