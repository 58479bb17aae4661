/** From collected test records to the sign-off model: item statuses, SLA figures, verdict. */
import { CHECKLIST, type ChecklistCoverageError, type ChecklistItem } from '../../checklist/checklist';
import { CLAUSES } from '../../contract/clauses';
import { ruleOf } from '../../checklist/rules';
import type { RunScope } from '../run-scope';
import { runnerNotesFor, withRunnerFindings } from './inconclusive';
import { slaFigures, type SlaBudgets } from './sla';
import type { ItemCause, ItemResult, RuleFinding, RunInfo, SignoffLinks, SignoffModel, SlaSample, TestRecord, TestStatus } from './types';
import { decideVerdict, VERDICT_RULE } from './verdict';
import type { LoadLookup } from './load-result';

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
  load?: LoadLookup;
}

const quote = (t: TestRecord): string => `test "${t.title}"`;
const andMore = (n: number, what: string): string => (n > 0 ? ` (+${n} more ${what})` : '');
const where = (t: TestRecord): string => `${t.file}:${t.line}`;
const causeOf = (t: TestRecord, status: ItemCause['status'], message: string | undefined, others: number): ItemCause => ({
  testId: t.id, test: t.title, where: where(t), status, ...(message ? { message } : {}), others,
});
const causeOfFinding = (f: RuleFinding, status: ItemCause['status'], others: number): ItemCause => ({
  testId: f.testId, test: f.test, where: f.where, status, ...(f.error ? { message: f.error } : {}), rule: f.rule, others,
});
const findingLine = (f: RuleFinding): string => `test "${f.test}" (${f.where}) broke the rule "${f.ruleTitle}" [${f.rule}]: ${f.error ?? 'no error message'}`;

/** The failures of `tests` that broke a rule of `itemId` (checklist/rules.ts). */
export function findingsFor(itemId: string, tests: readonly TestRecord[]): RuleFinding[] {
  return tests.flatMap((t) =>
    (t.brokeRules ?? []).flatMap((broken) => {
      const rule = ruleOf(broken.rule);
      if (rule?.itemId !== itemId) return [];
      const error = broken.error ?? t.error;
      return [{ testId: t.id, test: t.title, where: `${t.file}:${t.line}`, status: t.status, rule: broken.rule, ruleTitle: rule.title, ...(error ? { error } : {}) }];
    }),
  );
}

/**
 * Status of one item from the tests that declare it and the failures that broke one of its rules:
 * failed > flaky > all skipped (not applicable, for an item that `needs` what the target lacks) >
 * passed; none → no-test.
 */
export function itemResult(item: ChecklistItem, tests: readonly TestRecord[], scope: RunScope, findings: readonly RuleFinding[] = []): ItemResult {
  const found = findings.length ? { findings: [...findings] } : {};
  const list = [...tests];
  const ruleBroken = (status: TestStatus) => findings.find((f) => f.status === status);
  const by = (s: TestStatus) => list.filter((t) => t.status === s);
  const failed = by('failed');
  const brokeOnFail = ruleBroken('failed');
  if (failed.length > 0 || brokeOnFail) {
    const first = brokeOnFail ? findingLine(brokeOnFail) : `${quote(failed[0]!)} failed: ${failed[0]!.error ?? 'no error message'}`;
    const others = new Set([...failed.map((t) => t.id), ...findings.filter((f) => f.status === 'failed').map((f) => f.testId)]).size - 1;
    const cause = brokeOnFail ? causeOfFinding(brokeOnFail, 'failed', others) : causeOf(failed[0]!, 'failed', failed[0]!.error, others);
    return { item, status: 'failed', tests: list, note: `${first}${andMore(others, 'failed')}`, ...found, cause };
  }
  const flaky = by('flaky');
  const brokeOnFlaky = ruleBroken('flaky');
  if (flaky.length > 0 || brokeOnFlaky) {
    const t = flaky[0];
    const note = brokeOnFlaky
      ? `${findingLine(brokeOnFlaky)} (flaky: passed on retry)`
      : `${quote(t!)} was flaky (failed, then passed on retry ${t!.attempts - 1}): ${t!.error ?? 'no error message'}${andMore(flaky.length - 1, 'flaky')}`;
    const others = new Set([...flaky.map((f) => f.id), ...findings.filter((f) => f.status === 'flaky').map((f) => f.testId)]).size - 1;
    const cause = brokeOnFlaky ? causeOfFinding(brokeOnFlaky, 'flaky', others) : causeOf(t!, 'flaky', t!.error, others);
    return { item, status: 'flaky', tests: list, note, ...found, cause };
  }
  if (list.length === 0) {
    const note = scope.full ? 'no test proves this item' : `no test of it ran: the run was narrowed (${scope.reasons.join('; ')})`;
    return { item, status: 'no-test', tests: list, note };
  }
  const skipped = by('skipped');
  const firstSkip = skipped[0];
  const notApplicable = item.needs ? skipped.filter((t) => t.notApplicable) : [];
  if (firstSkip && skipped.length === list.length) {
    if (notApplicable.length === list.length) {
      const note = `not applicable here: ${notApplicable[0]!.notApplicable} (it needs ${item.needs})`;
      return { item, status: 'not-applicable', tests: list, note };
    }
    const note = `${quote(firstSkip)} skipped: ${firstSkip.skipReason ?? 'no reason given'}${andMore(skipped.length - 1, 'skipped')}`;
    return { item, status: 'skipped', tests: list, note, cause: causeOf(firstSkip, 'skipped', firstSkip.skipReason, skipped.length - 1) };
  }
  const partial = firstSkip
    ? `passed, but ${skipped.length} of ${list.length} tests skipped (${quote(firstSkip)}: ${firstSkip.skipReason ?? 'no reason given'})`
    : undefined;
  // Tests the target cannot run leave the item proven by the others: worth a note, not a warning.
  const onlyNotApplicable = firstSkip !== undefined && notApplicable.length === skipped.length;
  const note = onlyNotApplicable ? `passed; ${skipped.length} of ${list.length} tests not applicable here (${notApplicable[0]!.notApplicable})` : partial;
  return { item, status: 'passed', tests: list, ...(note ? { note } : {}), ...(onlyNotApplicable ? { partlyNotApplicable: true as const } : {}) };
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
    const result = itemResult(item, tests, input.run.scope, findingsFor(item.id, input.tests));
    return { ...withRunnerFindings(result, runnerNotesFor(item.id, input.tests)), clauses: clausesOf(tests) };
  });
  const unknownRules = input.tests.flatMap((t) =>
    (t.brokeRules ?? []).filter(({ rule }) => !ruleOf(rule)).map(({ rule }) => `test "${t.title}" (${t.file}:${t.line}) names an unknown rule "${rule}" (checklist/rules.ts)`),
  );
  const unlinkedTests = input.tests.filter((t) => !t.checklistIds.some((id) => known.has(id)));
  const sla = slaFigures(input.slaSamples, input.slaBudgets);
  const guardErrors = [...(input.guardErrors ?? [])];
  const verdict = decideVerdict({
    items,
    run: input.run,
    guardErrors,
    sla,
    unlinkedTests,
    extraWarnings: [...unknownRules, ...(input.collectWarnings ?? [])],
  });
  const totals = { tests: input.tests.length, passed: 0, failed: 0, flaky: 0, skipped: 0 };
  for (const t of input.tests) totals[t.status]++;
  const repeatedInShards = input.tests.filter((t) => (t.shardRuns ?? 1) > 1).length;
  return {
    schemaVersion: 1,
    run: input.run,
    verdict,
    rule: VERDICT_RULE,
    items,
    sla,
    guardErrors,
    unlinkedTests,
    totals: repeatedInShards ? { ...totals, repeatedInShards } : totals,
    links: input.links,
    load: input.load ?? { note: 'no load run of this target (`npm run load`)' },
  };
}
