/**
 * A merged run holds a test once per shard that ran it: the set-up project (signing the users in)
 * runs in every shard. One run of the same tests holds it once, so the merged sign-off folds such
 * repeats into one record, and its counts are those of one run.
 */
import type { TestRecord, TestStatus } from './types';

/** A collected test and what makes it the same test in another shard (project, file, line, title, repeat). */
export interface KeyedRecord {
  key: string;
  record: TestRecord;
}

/** Which repeat's status stands for the folded test: the worst. */
const WORST_FIRST: readonly TestStatus[] = ['failed', 'flaky', 'skipped', 'passed'];

export function foldShardRepeats(tests: readonly KeyedRecord[]): TestRecord[] {
  const byKey = new Map<string, TestRecord[]>();
  for (const { key, record } of tests) byKey.set(key, [...(byKey.get(key) ?? []), record]);
  return [...byKey.values()].map((repeats) => {
    if (repeats.length === 1) return repeats[0]!;
    const worst = [...repeats].sort((a, b) => WORST_FIRST.indexOf(a.status) - WORST_FIRST.indexOf(b.status))[0]!;
    return {
      ...worst,
      durationMs: repeats.reduce((sum, r) => sum + r.durationMs, 0),
      attempts: repeats.reduce((sum, r) => sum + r.attempts, 0),
      evidence: repeats.flatMap((r) => r.evidence),
      shardRuns: repeats.length,
    };
  });
}
