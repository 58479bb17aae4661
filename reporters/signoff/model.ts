/** From collected test records to the sign-off model: item statuses, SLA figures, verdict. */
import { CHECKLIST, type ChecklistCoverageError, type ChecklistItem } from '../../checklist/checklist';
import { CLAUSES } from '../../contract/clauses';
import type { RunScope } from '../run-scope';
import { slaFigures, type SlaBudgets } from './sla';
import type { ItemResult, RunInfo, SignoffLinks, SignoffModel, SlaSample, TestRecord, TestStatus } from './types';
import { decideVerdict, VERDICT_RULE } from './verdict';

export interface SignoffInput {
  run: RunInfo;
  tests: readonly TestRecord[];
  slaSamples: readonly SlaSample[];
  slaBudgets: SlaBudgets;
  guardErrors?: readonly ChecklistCoverageError[];
  /** Problems found while collecting (unreadable sla-metrics, unknown version…). */
  collectWarnings?: readonly string[];
  links: SignoffLinks;
  checklist?: readonly ChecklistItem[];
}

const quote = (t: TestRecord): string => `test "${t.title}"`;
const andMore = (n: number, what: string): string => (n > 0 ? ` (+${n} more ${what})` : '');

/** Status of one item from its tests: failed > flaky > all skipped > passed; none → no-test. */
export function itemResult(item: ChecklistItem, tests: readonly TestRecord[], scope: RunScope): ItemResult {
  const list = [...tests];
  if (list.length === 0) {
    const note = scope.full ? 'no test proves this item' : `no test of it ran: the run was narrowed (${scope.reasons.join('; ')})`;
    return { item, status: 'no-test', tests: list, note };
  }
  const by = (s: TestStatus) => list.filter((t) => t.status === s);
  const failed = by('failed');
  if (failed.length > 0) {
    const t = failed[0]!;
    return { item, status: 'failed', tests: list, note: `${quote(t)} failed: ${t.error ?? 'no error message'}${andMore(failed.length - 1, 'failed')}` };
  }
  const flaky = by('flaky');
  if (flaky.length > 0) {
    const t = flaky[0]!;
    const note = `${quote(t)} was flaky (failed, then passed on retry ${t.attempts - 1}): ${t.error ?? 'no error message'}${andMore(flaky.length - 1, 'flaky')}`;
    return { item, status: 'flaky', tests: list, note };
  }
  const skipped = by('skipped');
  const firstSkip = skipped[0];
  if (firstSkip && skipped.length === list.length) {
    const note = `${quote(firstSkip)} skipped: ${firstSkip.skipReason ?? 'no reason given'}${andMore(skipped.length - 1, 'skipped')}`;
    return { item, status: 'skipped', tests: list, note };
  }
  const partial = firstSkip
    ? `passed, but ${skipped.length} of ${list.length} tests skipped (${quote(firstSkip)}: ${firstSkip.skipReason ?? 'no reason given'})`
    : undefined;
  return { item, status: 'passed', tests: list, ...(partial ? { note: partial } : {}) };
}

/** The clauses the tests check, in the order of contract/clauses.ts (unknown ids last). */
export function clausesOf(tests: readonly TestRecord[]): string[] {
  const declared = new Set(tests.flatMap((t) => t.clauseIds ?? []));
  const order = CLAUSES.map((c) => c.id);
  return [...declared].sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity));
}

export function buildSignoffModel(input: SignoffInput): SignoffModel {
  const checklist = input.checklist ?? CHECKLIST;
  const known = new Set(checklist.map((i) => i.id));
  const items = checklist.map((item) => {
    const tests = input.tests.filter((t) => t.checklistIds.includes(item.id));
    return { ...itemResult(item, tests, input.run.scope), clauses: clausesOf(tests) };
  });
  const unlinkedTests = input.tests.filter((t) => !t.checklistIds.some((id) => known.has(id)));
  const sla = slaFigures(input.slaSamples, input.slaBudgets);
  const guardErrors = [...(input.guardErrors ?? [])];
  const verdict = decideVerdict({
    items,
    run: input.run,
    guardErrors,
    sla,
    unlinkedTests,
    extraWarnings: input.collectWarnings ?? [],
  });
  const totals = { tests: input.tests.length, passed: 0, failed: 0, flaky: 0, skipped: 0 };
  for (const t of input.tests) totals[t.status]++;
  return {
    schemaVersion: 1,
    run: input.run,
    verdict,
    rule: VERDICT_RULE,
    items,
    sla,
    guardErrors,
    unlinkedTests,
    totals,
    links: input.links,
  };
}
