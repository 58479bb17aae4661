/**
 * `npm run e2e`'s exit code follows the sign-off verdict, end to end: scripts/run-e2e.ts runs a
 * small Playwright project (tests/fixtures/signoff-project) through the real sign-off reporter.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = path.join(ROOT, 'tests/fixtures/signoff-project/playwright.config.ts');

interface Signoff {
  verdict: { decision: string; headline: string; blockers: string[]; warnings: string[]; notApplicable: string[] };
  items: { item: { id: string }; status: string; findings?: { test: string; rule: string }[] }[];
}

/** `npm run e2e -- --config <fixture>` in a folder of its own: exit code and sign-off. */
function runE2e(scenario: string): { code: number | null; signoff: Signoff; output: string } {
  // Inside the repo (under .tmp), so that npx finds the repo's Playwright.
  const dir = path.join(ROOT, '.tmp', 'signoff-exit', scenario);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/run-e2e.ts'), '--config', CONFIG], {
    cwd: dir,
    env: { ...process.env, SIGNOFF_SCENARIO: scenario, SIGNOFF_FIXTURE_OUT: dir, FORCE_COLOR: '0', CI: '' },
    encoding: 'utf8',
    timeout: 90_000,
  });
  const output = `${child.stdout}\n${child.stderr}`;
  const signoff = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'signoff.json'), 'utf8')) as Signoff;
  return { code: child.status, signoff, output };
}

const statusOf = (s: Signoff, id: string) => s.items.find((r) => r.item.id === id)?.status;

describe('npm run e2e exits with the verdict', { timeout: 120_000 }, () => {
  it('a non-blocking failure with GO exits 0, although a test failed', () => {
    const { code, signoff, output } = runE2e('non-blocking-failure');
    expect(signoff.verdict.decision, output).toBe('GO');
    expect(signoff.verdict.warnings.join('\n')).toMatch(/^GP-27 .*the socket did not answer ping/m);
    expect(code, output).toBe(0);
  });

  it('a blocking rule broken inside a non-blocking test is NO-GO and exits 1, naming the test and the rule', () => {
    const { code, signoff, output } = runE2e('rule-in-non-blocking-test');
    expect(signoff.verdict.decision, output).toBe('NO-GO');
    expect(signoff.verdict.blockers).toHaveLength(2);
    expect(signoff.verdict.blockers[0]).toMatch(/^GP-03 .*test "proves GP-27" .* broke the rule .*\[sla-first-event\]: .*SLA breach/);
    expect(signoff.verdict.blockers[1]).toMatch(/^GP-06 .*test "proves GP-27" \(checklist\.fixture\.ts:\d+\) broke the rule .*\[run-sequence\]: .*run ordering rules broken/);
    expect(signoff.items.find((r) => r.item.id === 'GP-06')?.findings).toMatchObject([{ test: 'proves GP-27', rule: 'run-sequence' }]);
    expect(code, output).toBe(1);
  });

  it('fault items on a target without the fault API are not applicable: GO, exit 0', () => {
    const { code, signoff, output } = runE2e('faults-not-applicable');
    for (const id of ['GP-11', 'GP-12', 'GP-16']) expect(statusOf(signoff, id), id).toBe('not-applicable');
    expect(statusOf(signoff, 'GP-13')).toBe('passed');
    expect(signoff.verdict.notApplicable.join('\n')).toMatch(/^GP-16 .*not applicable here: the fixture target has no fault API/m);
    expect(signoff.verdict.decision, output).toBe('GO');
    expect(code, output).toBe(0);
  });

  it('a recovery item that fails where it can be exercised is NO-GO: exit 1', () => {
    const { code, signoff, output } = runE2e('fault-item-fails');
    expect(signoff.verdict.blockers[0]).toMatch(/^GP-16 .*did not tell the user/);
    expect(code, output).toBe(1);
  });
});
