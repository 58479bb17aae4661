/**
 * Issues of the verdict that need more than one test per item: a rule broken inside a test about
 * something else, and items the target cannot exercise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../checklist/checklist';
import { exitCodeFromSignoff } from '../reporters/signoff/exit-code';
import { buildSignoffModel } from '../reporters/signoff/model';
import { renderHtml } from '../reporters/signoff/render-html';
import { renderMarkdown } from '../reporters/signoff/render-md';
import type { TestRecord } from '../reporters/signoff/types';
import { exitCodeOf } from '../reporters/signoff/verdict';
import { BUDGETS, LINKS, runInfo } from './helpers/signoff-input';

const run = runInfo({ browsers: ['chromium'], status: 'failed' });

function record(ids: string[], over: Partial<TestRecord> = {}): TestRecord {
  return {
    id: `test-${ids.join('-')}-${over.title ?? ''}`,
    title: `proves ${ids.join(', ')}`,
    file: 'e2e/some.spec.ts',
    line: 7,
    project: 'chromium',
    status: 'passed',
    durationMs: 1000,
    attempts: 1,
    checklistIds: ids,
    evidence: [],
    ...over,
  };
}

/** One passing test per item, the given tests replacing those of their items. */
function signoff(...tests: TestRecord[]) {
  const replaced = new Set(tests.flatMap((t) => t.checklistIds));
  const rest = CHECKLIST.filter((i) => !replaced.has(i.id)).map((i) => record([i.id]));
  const samples = [{ connectMs: 500, firstEventMs: 1200, runMs: 20000, test: 't' }];
  return buildSignoffModel({ run, tests: [...rest, ...tests], slaSamples: samples, slaBudgets: BUDGETS, links: LINKS });
}

const item = (m: ReturnType<typeof signoff>, id: string) => m.items.find((r) => r.item.id === id)!;

describe('a failure counts against the rule it broke', () => {
  const toolFailure = record(['GP-27'], {
    title: 'bad client frames are answered',
    status: 'failed',
    error: 'Error: run ordering rules broken: seq 5 missing',
    brokeRules: [{ rule: 'run-sequence' }],
  });

  it('a blocking rule broken inside a non-blocking test is NO-GO, naming the test and the rule', () => {
    const m = signoff(toolFailure);
    expect(m.verdict.decision).toBe('NO-GO');
    expect(exitCodeOf(m.verdict)).toBe(1);
    expect(item(m, 'GP-06').status).toBe('failed');
    expect(m.verdict.blockers[0]).toBe(
      'GP-06 (Run ordering rules hold (seq +1, one tool_completed per tool_executing, nothing after the end, one run/thread/user id)): ' +
        'test "bad client frames are answered" (e2e/some.spec.ts:7) broke the rule "the run ordering rules (seq +1, one tool_completed per tool_executing, nothing after the end, one run/thread/user id)" [run-sequence]: ' +
        'Error: run ordering rules broken: seq 5 missing',
    );
    // The test's own item fails too (a warning: it is non-blocking).
    expect(item(m, 'GP-27').status).toBe('failed');
    const md = renderMarkdown(m);
    expect(md).toContain('- ❗ found by **bad client frames are answered** — `e2e/some.spec.ts:7` (failed) — broke the rule');
    expect(renderHtml(m)).toContain('Found by <b>bad client frames are answered</b>');
  });

  it('a failure under no rule stays with the items of its test: GO, exit 0', () => {
    const m = signoff({ ...toolFailure, brokeRules: undefined, error: 'Error: no error_message came back' });
    expect(m.verdict.decision).toBe('GO');
    expect(exitCodeOf(m.verdict)).toBe(0);
    expect(item(m, 'GP-06').status).toBe('passed');
    expect(m.verdict.warnings.join('\n')).toContain('GP-27');
  });

  it('a rule broken on an attempt a retry passed makes the rule\'s item flaky', () => {
    const m = signoff({ ...toolFailure, status: 'flaky', attempts: 2, brokeRules: [{ rule: 'sla-first-event', error: 'SLA breach: first agent event after send took 6500 ms, budget 5000 ms' }] });
    expect(item(m, 'GP-03').status).toBe('flaky');
    // Each finding quotes the failure of its own rule, not the test's first error.
    expect(m.verdict.blockers.find((b) => b.startsWith('GP-03'))).toMatch(/\[sla-first-event\]: SLA breach: first agent event after send took 6500 ms/);
  });

  it('an unknown rule tag is a warning, not a crash', () => {
    const m = signoff({ ...toolFailure, brokeRules: [{ rule: 'no-such-rule' }] });
    expect(m.verdict.warnings.some((w) => w.includes('unknown rule "no-such-rule"'))).toBe(true);
  });
});

describe('items the target cannot exercise', () => {
  const noFaults = 'target profile "netra-apex" has no fault API';
  const notApplicable = (ids: string[]) => record(ids, { status: 'skipped', skipReason: noFaults, notApplicable: noFaults });

  it('are listed apart with the reason, never passed, and do not make a run NO-GO', () => {
    const m = signoff(notApplicable(['GP-11']), notApplicable(['GP-12']), notApplicable(['GP-16']));
    expect(m.verdict.decision).toBe('GO');
    expect(exitCodeOf(m.verdict)).toBe(0);
    for (const id of ['GP-11', 'GP-12', 'GP-16']) expect(item(m, id).status).toBe('not-applicable');
    expect(m.verdict.notApplicable).toHaveLength(3);
    expect(m.verdict.notApplicable[0]).toMatch(/^GP-11 .*not applicable here: target profile "netra-apex" has no fault API \(it needs the target's fault API/);
    const blocking = CHECKLIST.filter((i) => i.blocking).length;
    expect(m.verdict.headline).toBe(`GO — all ${blocking - 3} applicable blocking items passed; 3 items not applicable here`);
    const md = renderMarkdown(m);
    expect(md).toContain('## Not applicable here');
    expect(md).toMatch(/\| GP-11 \| .* \| where applicable \| ➖ not applicable here \|/);
    expect(m.rule.join(' ')).toMatch(/"not applicable here".*never counted as passed.*never a blocker by itself/);
  });

  it('block where they can be exercised', () => {
    const m = signoff(record(['GP-16'], { status: 'failed', error: 'Error: the UI did not tell the user the answer was not stored' }));
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers[0]).toMatch(/^GP-16 /);
  });

  it('leave the verdict to the rest: a failure elsewhere is still NO-GO', () => {
    const m = signoff(notApplicable(['GP-11']), record(['GP-21'], { status: 'failed', error: 'Error: accepted a wrong password' }));
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers).toHaveLength(1);
    expect(item(m, 'GP-11').status).toBe('not-applicable');
  });

  it('is only an item that says what it needs: any other blocking item skipped is NO-GO', () => {
    const m = signoff(record(['GP-24'], { status: 'skipped', skipReason: 'no password sign-in', notApplicable: 'no password sign-in' }));
    expect(item(m, 'GP-24').status).toBe('skipped');
    expect(m.verdict.decision).toBe('NO-GO');
  });

  it('an item with a test that ran is proven by it; the others are a note, not a warning', () => {
    const m = signoff(record(['GP-13'], { title: 'browser-side drop' }), notApplicable(['GP-13']));
    expect(item(m, 'GP-13').status).toBe('passed');
    expect(item(m, 'GP-13').note).toMatch(/^passed; 1 of 2 tests not applicable here/);
    expect(m.verdict.warnings.some((w) => w.startsWith('GP-13'))).toBe(false);
  });
});

describe('the exit code of a run', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signoff-exit-'));
  const file = path.join(dir, 'signoff.json');
  const write = (verdict: object) => fs.writeFileSync(file, JSON.stringify({ verdict }));

  it('follows the verdict written by the run', () => {
    const since = new Date(Date.now() - 1000);
    write({ decision: 'GO', failsRun: false });
    expect(exitCodeFromSignoff(file, since)).toEqual({ code: 0 });
    write({ decision: 'NO-GO', failsRun: true });
    expect(exitCodeFromSignoff(file, since)).toEqual({ code: 1 });
  });

  it('is 1 when the run wrote no sign-off (missing, older than the run, unreadable)', () => {
    expect(exitCodeFromSignoff(path.join(dir, 'none.json'), new Date()).code).toBe(1);
    write({ decision: 'GO', failsRun: false });
    expect(exitCodeFromSignoff(file, new Date(Date.now() + 60_000))).toMatchObject({ code: 1, problem: expect.stringMatching(/older than this run/) });
    fs.writeFileSync(file, '{');
    expect(exitCodeFromSignoff(file, new Date(0)).code).toBe(1);
  });
});
