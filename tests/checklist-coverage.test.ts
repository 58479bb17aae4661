import type { FullConfig, Suite, TestCase } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import { CHECKLIST, checklistAnnotation, checklistById, validateChecklistCoverage } from '../checklist/checklist';
import { RULES, ruleOf, ruleViolationsOf } from '../checklist/rules';
import { checklistIdsOf } from '../reporters/checklist-annotations';
import { formatGuardErrors, runChecklistGuard } from '../reporters/checklist-guard';

const allIds = CHECKLIST.map((i) => i.id);
const coveringAll = [{ testTitle: 'everything', ids: allIds }];

describe('the checklist', () => {
  it('has at least 20 well-formed items with unique, consecutive ids', () => {
    expect(CHECKLIST.length).toBeGreaterThanOrEqual(20);
    expect(new Set(allIds).size).toBe(allIds.length);
    CHECKLIST.forEach((item, i) => {
      expect(item.id).toBe(`GP-${String(i + 1).padStart(2, '0')}`);
      expect(item.title.length).toBeGreaterThan(10);
      expect(item.why.length).toBeGreaterThan(20);
    });
  });

  it('blocks on the golden path, isolation, auth and secrets', () => {
    for (const id of ['GP-01', 'GP-02', 'GP-03', 'GP-04', 'GP-08', 'GP-17', 'GP-20', 'GP-21', 'GP-25']) {
      expect(checklistById.get(id)?.blocking, id).toBe(true);
    }
  });

  it("blocks on the recoveries that lose or misreport a user's work, where the target can exercise them", () => {
    for (const id of ['GP-11', 'GP-12', 'GP-13', 'GP-16']) {
      const item = checklistById.get(id);
      expect(item?.blocking, id).toBe(true);
      expect(item?.needs, `${id} says what the target must offer`).toMatch(/fault API/);
      expect(item?.policy, `${id} says why it blocks`).toMatch(/^Blocking/);
    }
  });

  it('gives every item that may be not applicable a policy', () => {
    for (const item of CHECKLIST.filter((i) => i.needs)) expect(item.policy, item.id).toMatch(item.blocking ? /^Blocking/ : /^Non-blocking/);
  });

  it('maps every rule to a checklist item', () => {
    for (const [tag, rule] of Object.entries(RULES)) expect(checklistById.has(rule.itemId), tag).toBe(true);
    expect(ruleOf('run-sequence')?.itemId).toBe('GP-06');
    expect(ruleOf('toString')).toBeUndefined();
  });

  it('reads a rule violation as its tag and the message after the first colon', () => {
    const annotations = [
      { type: 'rule-violation', description: 'run-sequence: run ordering rules broken:\nseq 5 missing' },
      { type: 'rule-violation', description: 'run-sequence: again' },
      { type: 'checklist', description: 'GP-06' },
      { type: 'rule-violation', description: 'sla-run' },
    ];
    expect(ruleViolationsOf(annotations)).toEqual([
      { rule: 'run-sequence', message: 'run ordering rules broken:\nseq 5 missing' },
      { rule: 'sla-run' },
    ]);
  });

  it('makes the annotation a test carries', () => {
    expect(checklistAnnotation('GP-04')).toEqual({ type: 'checklist', description: 'GP-04' });
  });
});

describe('validateChecklistCoverage', () => {
  it('is happy when every item has a test and every id is known', () => {
    expect(validateChecklistCoverage(coveringAll)).toEqual([]);
  });

  it('reports a test naming an unknown item, with the test and the id', () => {
    const errors = validateChecklistCoverage([...coveringAll, { testTitle: 'golden › streams', ids: ['GP-04', 'GP-99'] }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: 'unknown-item', itemId: 'GP-99', testTitle: 'golden › streams' });
    expect(errors[0]!.message).toContain('golden › streams');
    expect(errors[0]!.message).toContain('"GP-99"');
  });

  it('reports every item no test proves, in checklist order', () => {
    const errors = validateChecklistCoverage([{ testTitle: 'most', ids: allIds.filter((id) => id !== 'GP-07' && id !== 'GP-13') }]);
    expect(errors.map((e) => [e.kind, e.itemId])).toEqual([
      ['uncovered-item', 'GP-07'],
      ['uncovered-item', 'GP-13'],
    ]);
    expect(errors[0]!.message).toMatch(/GP-07 \(Tool names.*\) has no test/);
  });

  it('lists unknown ids before uncovered items, and each unknown id of a test once', () => {
    const errors = validateChecklistCoverage([{ testTitle: 't', ids: ['GP-100', 'GP-100'] }]);
    expect(errors[0]).toMatchObject({ kind: 'unknown-item', itemId: 'GP-100' });
    expect(errors.filter((e) => e.kind === 'unknown-item')).toHaveLength(1);
    expect(errors.filter((e) => e.kind === 'uncovered-item')).toHaveLength(CHECKLIST.length);
  });
});

describe('checklistIdsOf', () => {
  it('reads checklist annotations only, splits lists and drops repeats', () => {
    const ids = checklistIdsOf([
      { type: 'checklist', description: 'GP-01' },
      { type: 'issue', description: 'GP-02' },
      { type: 'checklist', description: 'GP-03, GP-01' },
    ]);
    expect(ids).toEqual(['GP-01', 'GP-03']);
  });

  it('turns an annotation without a description into an empty id, so that the guard reports it', () => {
    expect(checklistIdsOf([{ type: 'checklist' }])).toEqual(['']);
    expect(validateChecklistCoverage([...coveringAll, { testTitle: 't', ids: [''] }])[0]?.kind).toBe('unknown-item');
  });
});

/** Just enough of Playwright's objects for the guard. */
function fakeRun(tests: { title: string; ids: string[] }[], argv = ['node', 'playwright', 'test']) {
  const fileSuite = { type: 'file', title: 'golden.spec.ts' } as unknown as Suite;
  const cases = tests.map(
    ({ title, ids }, i) =>
      ({
        title,
        parent: fileSuite,
        location: { file: '/repo/e2e/golden.spec.ts', line: 10 + i, column: 1 },
        annotations: ids.map(checklistAnnotation),
      }) as unknown as TestCase,
  );
  const project = { name: 'chromium', dependencies: [], grep: /.*/, grepInvert: null };
  const config = {
    argv,
    configFile: '/repo/playwright.config.ts',
    rootDir: '/repo/e2e',
    projects: [project],
    filteredProjects: [project],
    shard: null,
    grep: /.*/,
    grepInvert: null,
  } as unknown as FullConfig;
  const suite = { allTests: () => cases } as unknown as Suite;
  return { config, suite };
}

describe('the checklist guard at load time', () => {
  it('fails a full run where an item has no test', () => {
    const { config, suite } = fakeRun([{ title: 'most', ids: allIds.slice(1) }]);
    const result = runChecklistGuard(config, suite);
    expect(result.scope.full).toBe(true);
    expect(result.failed).toBe(true);
    expect(result.errors.map((e) => e.itemId)).toEqual(['GP-01']);
    expect(formatGuardErrors(result)).toMatch(/CHECKLIST GUARD FAILED: 1 problem[^s].*\n {2}- checklist item GP-01 .* has no test/);
  });

  it('only warns about items without a test in a narrowed run', () => {
    const { config, suite } = fakeRun([{ title: 'signs in', ids: ['GP-01'] }], ['node', 'playwright', 'test', '--grep', '@golden']);
    const result = runChecklistGuard(config, suite);
    expect(result.scope).toEqual({ full: false, reasons: ['--grep @golden'] });
    expect(result.failed).toBe(false);
    expect(result.warnings).toHaveLength(CHECKLIST.length - 1);
  });

  it('always fails on an unknown id, and names the test by file and line', () => {
    const { config, suite } = fakeRun([{ title: 'streams', ids: ['GP-04', 'GP-77'] }], ['node', 'playwright', 'test', 'e2e/golden.spec.ts']);
    const result = runChecklistGuard(config, suite);
    expect(result.failed).toBe(true);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toContain('test "e2e/golden.spec.ts:10 › streams" names unknown checklist item "GP-77"');
  });
});
