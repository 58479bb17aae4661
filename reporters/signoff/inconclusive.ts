/**
 * "Inconclusive: runner overloaded": what the runner's own starvation kept from passing (the rule
 * is harness/runner-load/starvation.ts). A test notes a failure it explains in an `inconclusive` annotation,
 * an SLA figure it explains in a `rule-inconclusive` one (its rule's item only); SLA samples carry the
 * runner's figures. Such an item is neither a pass nor a product failure; a run whose only
 * problems are such items is INCONCLUSIVE, never GO.
 */
import type { TestResult } from '@playwright/test/reporter';
import { ruleOf } from '../../checklist/rules';
import { classifyFigure, INCONCLUSIVE } from '../../harness/runner-load/starvation';
import { firstLine } from './text';
import type { ItemResult, SlaMetric, SlaSample, TestRecord } from './types';

export const INCONCLUSIVE_RULE =
  `INCONCLUSIVE ("${INCONCLUSIVE}") instead of GO when nothing else blocks but a blocking item or an SLA figure that missed its budget while the runner was starved: ` +
  "its event loop stalled, its page's timers lagged or its load average per core reached the E2E_STARVED_* thresholds during the timed step, " +
  'and, for a figure, the overshoot is no longer than the longest stall the runner measured in it (a UI wait that ran out counts when the runner was starved while it waited). ' +
  'Frame waits are given the runner\'s own stall on top of their budget, so a frame that is still missing is the target\'s. Any product blocker makes the run NO-GO whatever is inconclusive.';

/** The `inconclusive` annotation of one attempt, if it has one. */
export function inconclusiveOf(result: TestResult | undefined): string | undefined {
  const note = result?.annotations?.find((a) => a.type === 'inconclusive')?.description;
  return note ? firstLine(note, 400) : undefined;
}

/** A check the runner's starvation kept from deciding, counted against one item: which test, why. */
export interface RunnerNote {
  test: string;
  note: string;
}

/** The rule checks of `tests` the runner kept from deciding whose rule (checklist/rules.ts) is `itemId`'s. */
export function runnerNotesFor(itemId: string, tests: readonly TestRecord[]): RunnerNote[] {
  return tests.flatMap((t) => (t.inconclusiveRules ?? []).filter(({ rule }) => ruleOf(rule)?.itemId === itemId).map(({ note }) => ({ test: t.title, note })));
}

/**
 * An item whose only problems are the runner's: failed or flaky tests whose failures were all
 * inconclusive, or a rule check of the item (an SLA figure) the runner kept from deciding, in any
 * test. A product failure keeps the item failed; the other items of a test with such an SLA figure
 * keep their own status.
 */
export function withRunnerFindings(r: ItemResult, ruleNotes: readonly RunnerNote[] = []): ItemResult {
  if (r.status !== 'failed' && r.status !== 'flaky' && r.status !== 'passed') return r;
  // A rule broken anywhere (checklist/rules.ts) is a product failure: those checks are never the runner's.
  if (r.findings?.length) return r;
  const bad = r.tests.filter((t) => t.status === 'failed' || t.status === 'flaky');
  if (bad.some((t) => !t.inconclusive)) return r;
  const notes: RunnerNote[] = [...bad.map((t) => ({ test: t.title, note: t.inconclusive! })), ...ruleNotes];
  const [first, ...more] = notes;
  if (!first) return r;
  // The runner, not a test failure, stands between the item and a pass: no cause to group by.
  const { cause: _cause, ...rest } = r;
  return { ...rest, status: 'inconclusive', note: `test "${first.test}": ${first.note}${more.length > 0 ? ` (+${more.length} more)` : ''}` };
}

/** The sample's figure was over budget by no more than the runner's own stall while starved. */
export function starvedOverBudget(sample: SlaSample, metric: SlaMetric, label: string, budgetMs: number): boolean {
  const value = sample[metric];
  const load = sample.runner?.[metric];
  if (value === undefined || !load || !sample.starvedAt) return false;
  return classifyFigure({ what: label, valueMs: value, budgetMs, load }, sample.starvedAt).kind === 'inconclusive';
}
