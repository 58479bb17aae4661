/** The GO / NO-GO rule, in words and in code (the words are printed in every sign-off). */
import type { ChecklistCoverageError } from '../../checklist/checklist';
import { INCONCLUSIVE_RULE } from './inconclusive';
import { formatMs } from './sla';
import type { ItemCause, ItemResult, ItemStatus, RootFailure, RunInfo, SlaFigure, TestRecord, Verdict } from './types';

export const VERDICT_RULE: readonly string[] = [
  'NO-GO if any blocking checklist item failed, was flaky (failed at least once, even if a retry passed), was skipped, or has no test that ran.',
  'A failure that breaks a rule holding in every test (contract schemas, ordering rules, isolation between users, SLA budgets, the UI leaving the running state, no frame lost or repeated across a reconnect…) counts against the checklist item of that rule, whichever test found it; other failures count against the items their test proves.',
  'An item the target cannot exercise (its tests need the fault API, and faults allowed, or resume) is "not applicable here" when every test of it was skipped for that reason: listed apart with the reason, never counted as passed, and never a blocker by itself. Where it can be exercised, a blocking one blocks like any other.',
  'NO-GO if the run itself errored (an error outside the tests), was interrupted or timed out.',
  'NO-GO if the checklist guard failed (a test names an unknown item, or, in a full run, an item has no test).',
  'NO-GO if the p95 of an SLA figure (socket connected, first agent event, whole run) is over its budget.',
  'Otherwise GO. Non-blocking items that failed, were flaky, skipped or untested, single SLA samples over budget and failing tests that prove no item are listed as warnings.',
  'A narrowed run (--grep, --project, file filter, shard) is NO-GO while blocking items were not selected; that alone does not fail its exit code, any other blocker does.',
  INCONCLUSIVE_RULE,
];

export interface VerdictInput {
  items: readonly ItemResult[];
  run: RunInfo;
  guardErrors: readonly ChecklistCoverageError[];
  sla: readonly SlaFigure[];
  unlinkedTests: readonly TestRecord[];
  /** Other problems found while collecting (unreadable attachments, unknown version…). */
  extraWarnings: readonly string[];
}

const itemLine = (r: ItemResult): string => `${r.item.id} (${r.item.title}): ${r.note ?? r.status}`;

/** Blocking items failed by one test with one message: one root failure. */
interface RootGroup {
  cause: ItemCause;
  items: ItemResult[];
}

const rootKey = (c: ItemCause): string => JSON.stringify([c.testId, c.status, c.message ?? '']);
const CAUSE_VERB: Record<ItemCause['status'], string> = {
  failed: 'failed',
  flaky: 'was flaky (failed, then passed on retry)',
  skipped: 'was skipped',
};

/** `test "x" (file:line) failed: message — blocks 9 items: GP-01, GP-04, …`; one item keeps its own line. */
function rootLine({ cause, items }: RootGroup): string {
  if (items.length === 1) return itemLine(items[0]!);
  const ids = items.map((r) => r.item.id).join(', ');
  return `test "${cause.test}" (${cause.where}) ${CAUSE_VERB[cause.status]}: ${cause.message ?? 'no message'} — blocks ${items.length} items: ${ids}`;
}

const rootFailure = ({ cause, items }: RootGroup, blocker: number): RootFailure => ({
  blocker,
  testId: cause.testId,
  test: cause.test,
  where: cause.where,
  status: cause.status,
  ...(cause.message ? { message: cause.message } : {}),
  blocks: items.map((r) => r.item.id),
});

/**
 * What an item's status does to the verdict: `passes`, `fails` (a blocker when the item is
 * blocking, else a warning), or `not-applicable` (listed in a section of its own, neither). A new
 * status picks one of these, or brings an effect (and a section) of its own.
 */
const STATUS_EFFECT: Record<ItemStatus, 'passes' | 'fails' | 'not-applicable' | 'runner'> = {
  passed: 'passes',
  failed: 'fails',
  flaky: 'fails',
  skipped: 'fails',
  'no-test': 'fails',
  'not-applicable': 'not-applicable',
  inconclusive: 'runner',
};

/** Which blocker leads the headline: the one that most likely explains the others. */
const PRIORITY = { run: 0, failed: 1, sla: 2, flaky: 3, guard: 4, skipped: 5, 'no-test': 6, uncovered: 7 } as const;
type Blocker = { priority: number; text: string; group?: RootGroup };

export function decideVerdict(input: VerdictInput): Verdict {
  const found: Blocker[] = [];
  const block = (kind: keyof typeof PRIORITY, text: string): void => {
    found.push({ priority: PRIORITY[kind], text });
  };
  const groups = new Map<string, RootGroup>();
  /** A blocking item with a test's failure as its cause joins that failure's blocker (the first item's place). */
  const blockByCause = (r: ItemResult, cause: ItemCause): void => {
    const key = rootKey(cause);
    const known = groups.get(key);
    if (known) {
      known.items.push(r);
      return;
    }
    const group = { cause, items: [r] };
    groups.set(key, group);
    found.push({ priority: PRIORITY[r.status as keyof typeof PRIORITY], text: '', group });
  };
  const warnings: string[] = [];
  const notApplicable: string[] = [];

  const guardUncovered = new Set(input.guardErrors.filter((e) => e.kind === 'uncovered-item').map((e) => e.itemId));
  const inconclusive: string[] = [];
  for (const r of input.items) {
    const effect = STATUS_EFFECT[r.status];
    if (effect === 'runner') {
      (r.item.blocking ? inconclusive : warnings).push(itemLine(r));
    } else if (effect === 'not-applicable') {
      notApplicable.push(itemLine(r));
    } else if (effect === 'passes') {
      if (r.note && !r.partlyNotApplicable) warnings.push(itemLine(r));
    } else if (r.item.blocking && r.cause) {
      blockByCause(r, r.cause);
    } else if (r.item.blocking) {
      block(r.status as keyof typeof PRIORITY, itemLine(r));
    } else if (!guardUncovered.has(r.item.id)) {
      warnings.push(itemLine(r));
    }
  }

  const { run } = input;
  if (run.status === 'interrupted') block('run', 'the run was interrupted before it finished');
  if (run.status === 'timedout') block('run', 'the run hit the global timeout before it finished');
  for (const error of run.globalErrors) block('run', `the run errored outside the tests: ${error}`);
  const blockingIds = new Set(input.items.filter((r) => r.item.blocking).map((r) => r.item.id));
  for (const error of input.guardErrors) {
    // A blocking item without a test is already a blocker of its own.
    if (error.kind === 'uncovered-item' && blockingIds.has(error.itemId)) continue;
    block(error.kind === 'unknown-item' ? 'guard' : 'uncovered', `checklist guard: ${error.message}`);
  }

  for (const f of input.sla) {
    const where = f.worstTest ? ` (slowest: ${f.worstTest})` : '';
    if (f.status === 'inconclusive') {
      inconclusive.push(`SLA ${f.label}: p95 ${formatMs(f.p95)} is over the ${formatMs(f.budgetMs)} budget only with the ${f.starvedSamples} samples measured while the runner was overloaded${where}`);
    } else if (f.status === 'breach') {
      block('sla', `SLA breach: ${f.label} p95 ${formatMs(f.p95)} is over the ${formatMs(f.budgetMs)} budget${where}`);
    } else if (f.status === 'warn') {
      warnings.push(`SLA: ${f.overBudget} of ${f.samples} "${f.label}" samples over the ${formatMs(f.budgetMs)} budget (max ${formatMs(f.max)}), p95 within${where}`);
    } else if (f.status === 'no-data') {
      warnings.push(`SLA: no "${f.label}" figure was measured in this run (no sla-metrics attachment had it)`);
    }
  }

  for (const t of input.unlinkedTests) {
    if (t.status === 'failed' || t.status === 'flaky') {
      warnings.push(`test "${t.title}" (${t.file}:${t.line}, proves no checklist item) ${t.status}${t.error ? `: ${t.error}` : ''}`);
    }
  }
  warnings.push(...input.extraWarnings);

  // Array.prototype.sort is stable: checklist order is kept within a priority.
  const sorted = found.sort((a, b) => a.priority - b.priority);
  const blockers = sorted.map((b) => (b.group ? rootLine(b.group) : b.text));
  const rootFailures = sorted.flatMap((b, i) => (b.group ? [rootFailure(b.group, i)] : []));
  const blockingCount = input.items.filter((r) => r.item.blocking).length;
  if (blockers.length > 0) {
    const more = blockers.length > 1 ? ` (+${blockers.length - 1} more blocker${blockers.length > 2 ? 's' : ''})` : '';
    const onlyNotSelected = !run.scope.full && found.every((b) => b.priority === PRIORITY['no-test']);
    const headline = onlyNotSelected
      ? `NO-GO — not a release run: narrowed (${run.scope.reasons.join('; ')}), ${blockers.length} blocking item${blockers.length > 1 ? 's' : ''} not run; no blocker among the tests that ran`
      : `NO-GO — blocked by ${blockers[0]}${more}`;
    return { decision: 'NO-GO', headline, blockers, rootFailures, warnings, notApplicable, inconclusive, failsRun: !onlyNotSelected };
  }
  if (inconclusive.length > 0) {
    const more = inconclusive.length > 1 ? ` (+${inconclusive.length - 1} more)` : '';
    return { decision: 'INCONCLUSIVE', headline: `INCONCLUSIVE — ${inconclusive[0]}${more}; run again on a runner that keeps up`, blockers, rootFailures, warnings, notApplicable, inconclusive, failsRun: true };
  }
  const warned = warnings.length > 0 ? `; ${warnings.length} warning${warnings.length > 1 ? 's' : ''} to review` : '';
  const apart = input.items.filter((r) => r.item.blocking && STATUS_EFFECT[r.status] === 'not-applicable').length;
  const applicable = apart > 0 ? `${blockingCount - apart} applicable` : `${blockingCount}`;
  const notHere = notApplicable.length > 0 ? `; ${notApplicable.length} item${notApplicable.length > 1 ? 's' : ''} not applicable here` : '';
  return { decision: 'GO', headline: `GO — all ${applicable} blocking items passed${notHere}${warned}`, blockers, rootFailures, warnings, notApplicable, inconclusive, failsRun: false };
}

/**
 * The exit code of a run that ends in a sign-off (`npm run e2e`, a merged run): 1 when the run
 * must fail (NO-GO, INCONCLUSIVE), 0 otherwise (GO), whatever Playwright's own status was. The one NO-GO that
 * exits 0 is a narrowed run whose only blockers are blocking items it did not select.
 */
export function exitCodeOf(verdict: Pick<Verdict, 'failsRun'>): 0 | 1 {
  return verdict.failsRun ? 1 : 0;
}
