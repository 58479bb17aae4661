import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../checklist/checklist';
import { buildSignoffModel } from '../reporters/signoff/model';
import { renderHtml } from '../reporters/signoff/render-html';
import { renderJson } from '../reporters/signoff/render-json';
import { renderMarkdown } from '../reporters/signoff/render-md';
import type { TestRecord } from '../reporters/signoff/types';
import { BUDGETS, LINKS, runInfo } from './helpers/signoff-input';

const record = (ids: string[], over: Partial<TestRecord> = {}): TestRecord => ({
  id: `t-${ids.join('-')}`, title: `proves ${ids.join(', ')}`, file: 'e2e/golden.spec.ts', line: 12, project: 'chromium',
  status: 'passed', durationMs: 1000, attempts: 1, checklistIds: ids, evidence: [], ...over,
});

/** Every item proven by a passing test of its own, besides the given tests. */
function signoff(...tests: TestRecord[]) {
  const rest = CHECKLIST.map((i) => record([i.id]));
  const samples = [{ connectMs: 500, firstEventMs: 1200, runMs: 20000, test: 't' }];
  return buildSignoffModel({ run: runInfo(), tests: [...rest, ...tests], slaSamples: samples, slaBudgets: BUDGETS, links: LINKS });
}

const nine = CHECKLIST.filter((i) => i.blocking && !i.needs).slice(0, 9).map((i) => i.id);
const ERROR = 'Error: expected 5 events, got 4';
const golden = record(nine, { id: 'golden', title: 'the golden path', status: 'failed', error: ERROR });

describe('one failing test that proves nine blocking items', () => {
  const m = signoff(golden);

  it('is one blocker: the root failure, with the items it blocks', () => {
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers).toEqual([`test "the golden path" (e2e/golden.spec.ts:12) failed: ${ERROR} — blocks 9 items: ${nine.join(', ')}`]);
    expect(m.verdict.headline).toBe(`NO-GO — blocked by ${m.verdict.blockers[0]}`);
    expect(m.verdict.rootFailures).toEqual([
      { blocker: 0, testId: 'golden', test: 'the golden path', where: 'e2e/golden.spec.ts:12', status: 'failed', message: ERROR, blocks: nine },
    ]);
  });

  it('says so once in the first lines of signoff.md, the items listed under it', () => {
    const md = renderMarkdown(m);
    const head = md.slice(0, md.indexOf('| |'));
    expect(head.split(ERROR)).toHaveLength(3); // the headline and the one blocker
    expect(head).toContain('What blocks the release:\n\n1. test "the golden path"');
    for (const id of nine) expect(head).toContain(`   - ${id} — ${CHECKLIST.find((i) => i.id === id)!.title}`);
    expect(head).not.toMatch(/^2\. /m);
  });

  it('is one entry of the HTML blocker list, the items nested in it', () => {
    const html = renderHtml(m);
    expect(html).toContain('What blocks the release (1)');
    const list = html.slice(html.indexOf('<ol class="card blockers">'), html.indexOf('</ol>', html.indexOf('<ol class="card blockers">')));
    expect(list.split(ERROR)).toHaveLength(2);
    expect(list.match(/<li>/g)).toHaveLength(1 + nine.length);
  });

  it('keeps every item complete in signoff.json', () => {
    const json = JSON.parse(renderJson(m)) as { items: { item: { id: string }; status: string; note: string; cause: { testId: string } }[] };
    for (const id of nine) {
      const item = json.items.find((r) => r.item.id === id)!;
      expect(item.status).toBe('failed');
      expect(item.note).toContain(ERROR);
      expect(item.cause).toMatchObject({ testId: 'golden', status: 'failed', message: ERROR, others: 0 });
    }
  });
});

describe('root failures stay apart where the failures differ', () => {
  it('another test is another blocker', () => {
    const other = record(nine.slice(0, 2), { id: 'other', title: 'the other', status: 'failed', error: 'Error: no answer' });
    const m = signoff({ ...golden, checklistIds: nine.slice(2) }, other);
    expect(m.verdict.blockers).toHaveLength(2);
    expect(m.verdict.rootFailures.map((r) => [r.test, r.blocks.length])).toEqual([['the other', 2], ['the golden path', 7]]);
  });

  it('an item another test failed too says so under the root failure', () => {
    const other = record(nine.slice(0, 2), { id: 'other', title: 'the other', status: 'failed', error: 'Error: no answer' });
    const md = renderMarkdown(signoff(golden, other));
    expect(md).toContain(`   - ${nine[0]} — ${CHECKLIST.find((i) => i.id === nine[0])!.title} (+1 more failed)`);
  });

  it('the same test with another message is another blocker', () => {
    const m = signoff({ ...golden, brokeRules: [{ rule: 'run-sequence', error: 'Error: seq 5 missing' }] });
    expect(m.verdict.blockers).toHaveLength(2);
    expect(m.verdict.blockers[1]).toMatch(/^GP-06 .*\[run-sequence\]: Error: seq 5 missing$/);
  });

  it('a rule the same failure broke joins its root failure, named as the way it counts', () => {
    const ruleItem = 'GP-06';
    const test = record(['GP-01', 'GP-02'], { id: 'rules', title: 'a run', status: 'failed', error: 'Error: run ordering rules broken: seq 5 missing', brokeRules: [{ rule: 'run-sequence' }] });
    const m = signoff(test);
    expect(m.verdict.blockers).toEqual([expect.stringMatching(/^test "a run" \(e2e\/golden\.spec\.ts:12\) failed: Error: run ordering rules broken: seq 5 missing — blocks 3 items: GP-01, GP-02, GP-06$/)]);
    expect(renderMarkdown(m)).toContain(`   - ${ruleItem} — ${CHECKLIST.find((i) => i.id === ruleItem)!.title} (through the rule [run-sequence])`);
  });

  it('a flaky test blocks its items as one flaky root failure', () => {
    const m = signoff(record(nine.slice(0, 3), { id: 'flaky', title: 'sometimes', status: 'flaky', attempts: 2, error: 'Error: frame seq 7 seen twice' }));
    expect(m.verdict.blockers).toEqual([`test "sometimes" (e2e/golden.spec.ts:12) was flaky (failed, then passed on retry): Error: frame seq 7 seen twice — blocks 3 items: ${nine.slice(0, 3).join(', ')}`]);
  });

  it('a single blocked item keeps its own line', () => {
    const m = signoff(record([nine[0]!], { id: 'one', title: 'just one', status: 'failed', error: 'Error: x' }));
    expect(m.verdict.blockers).toEqual([expect.stringMatching(new RegExp(`^${nine[0]} \\(.*\\): test "just one" failed: Error: x$`))]);
    expect(renderMarkdown(m)).not.toMatch(/^ {3}- /m);
  });
});
