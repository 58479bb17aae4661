import { describe, expect, it } from 'vitest';
import type { ShardFacts } from '../reporters/seal-blob';
import { mergedSignoff, mergeProblems, type Blob } from '../scripts/merge-shards';

const facts = (current: number, over: Partial<ShardFacts> = {}): ShardFacts => ({
  shard: { current, total: 3 },
  suiteCommit: 'abc1234',
  target: 'https://staging.example.com',
  targetUrl: 'https://staging.example.com',
  targetVersion: '1.2.3',
  profile: 'reference',
  environment: 'staging',
  narrowing: [],
  budgets: { connectMs: 2000, firstEventMs: 5000, runMs: 60000 },
  ...over,
});
const blob = (current: number, over: Partial<ShardFacts> = {}): Blob => ({ file: `reports/blob/shard-${current}-of-3/report-${current}.zip`, facts: facts(current, over) });

describe('merging shard blobs', () => {
  it('accepts every shard of one run and carries their facts to the sign-off', () => {
    const blobs = [blob(1), blob(2), blob(3, { narrowing: ['--grep @golden'] })];
    expect(mergeProblems(blobs)).toEqual([]);
    expect(mergedSignoff(blobs).merged).toEqual({
      targetUrl: 'https://staging.example.com',
      targetVersion: '1.2.3',
      suiteCommit: 'abc1234',
      narrowing: ['--grep @golden'],
      problems: [],
    });
  });

  it('names a missing shard and a shard merged twice', () => {
    expect(mergeProblems([blob(1), blob(3)])).toEqual(['shard 2/3 is missing: no blob for it in reports/blob']);
    expect(mergeProblems([blob(1), blob(2), blob(2), blob(3)])[0]).toMatch(/^shard 2\/3 has 2 blobs/);
  });

  it('names a shard of another commit, target or profile', () => {
    const problems = mergeProblems([blob(1), blob(2, { suiteCommit: 'def5678' }), blob(3, { target: 'https://other.example.com', profile: 'netra-apex' })]);
    expect(problems).toEqual([
      'shard 2/3 ran suite commit def5678, but shard 1/3 ran abc1234',
      'shard 3/3 ran target https://other.example.com, but shard 1/3 ran https://staging.example.com',
      'shard 3/3 ran profile netra-apex, but shard 1/3 ran reference',
    ]);
  });

  it('refuses a blob without shard facts', () => {
    expect(mergeProblems([{ file: 'reports/blob/x.zip' }, blob(1), blob(2), blob(3)])[0]).toMatch(/x\.zip has no shard facts/);
  });
});
