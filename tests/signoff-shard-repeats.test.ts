import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../checklist/checklist';
import { buildSignoffModel } from '../reporters/signoff/model';
import { renderMarkdown } from '../reporters/signoff/render-md';
import { browsersOf } from '../reporters/signoff/run-info';
import { foldShardRepeats, type KeyedRecord } from '../reporters/signoff/shard-repeats';
import type { TestRecord } from '../reporters/signoff/types';
import type { Suite } from '@playwright/test/reporter';
import { BUDGETS, LINKS, runInfo } from './helpers/signoff-input';

const record = (id: string, over: Partial<TestRecord> = {}): TestRecord => ({
  id, title: id, file: 'e2e/golden.spec.ts', line: 1, project: 'chromium', status: 'passed', durationMs: 1000, attempts: 1, checklistIds: [], evidence: [], ...over,
});
const keyed = (key: string, over: Partial<TestRecord> = {}): KeyedRecord => ({ key, record: record(`${key}-${Math.random()}`, { title: key, ...over }) });
const setup = (shard: number, over: Partial<TestRecord> = {}) => keyed('sign user1 in', { project: 'setup', file: 'e2e/auth.setup.ts', durationMs: 500, evidence: [{ name: `s${shard}`, href: `s${shard}`, contentType: 'text/plain' }], ...over });

describe('a merged run counts a test every shard ran once', () => {
  it('folds the set-up test of each shard into one record: worst status, all runs and attempts', () => {
    const folded = foldShardRepeats([setup(1), keyed('golden'), setup(2, { status: 'flaky', attempts: 2, error: 'Error: sign-in slow' }), keyed('auth')]);
    expect(folded.map((t) => t.title)).toEqual(['sign user1 in', 'golden', 'auth']);
    expect(folded[0]).toMatchObject({ status: 'flaky', error: 'Error: sign-in slow', shardRuns: 2, attempts: 3, durationMs: 1000 });
    expect(folded[0]!.evidence.map((e) => e.name)).toEqual(['s1', 's2']);
    expect(folded[1]).not.toHaveProperty('shardRuns');
  });

  it('gives the merged sign-off the counts of one run, and says the set-up ran per shard', () => {
    const proving = CHECKLIST.map((i) => record(i.id, { checklistIds: [i.id] }));
    const build = (tests: TestRecord[]) => buildSignoffModel({ run: runInfo(), tests, slaSamples: [], slaBudgets: BUDGETS, links: LINKS });
    const single = build([...proving, record('sign user1 in', { project: 'setup' })]);
    const merged = build([...proving, ...foldShardRepeats([setup(1), setup(2), setup(3)])]);
    expect(merged.totals).toMatchObject({ tests: single.totals.tests, passed: single.totals.passed, repeatedInShards: 1 });
    const md = renderMarkdown(merged);
    expect(md).toContain(`${single.totals.tests} tests: ${single.totals.passed} passed (1 set-up test ran in every shard, counted once)`);
    expect(md).toMatch(/sign user1 in — `e2e\/auth\.setup\.ts:1` — setup, 1\.5 s, ran in each of 3 shards/);
  });
});

describe('the browsers of a merged run', () => {
  it('are named once, though each shard brings its own copy of every project', () => {
    const project = (name: string, dependencies: string[] = []) => ({ project: () => ({ name, use: { browserName: 'chromium' }, dependencies }), allTests: () => [{}] });
    const shard = [project('setup'), project('chromium', ['setup'])];
    const merged = { suites: [...shard, ...shard] } as unknown as Suite;
    expect(browsersOf(merged, new Map([['chromium', 'chromium 156']]))).toEqual(['chromium (chromium chromium 156)']);
  });
});
