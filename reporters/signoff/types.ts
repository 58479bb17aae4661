/** Plain data of the sign-off: what collect.ts gathers and what model.ts turns into a verdict. */
import type { LoadLookup } from './load-result';
import type { ChecklistCoverageError, ChecklistItem } from '../../checklist/checklist';
import type { LoadFigures, StarvationThresholds } from '../../harness/runner-load/starvation';
import type { RunScope } from '../run-scope';

export type TestStatus = 'passed' | 'failed' | 'flaky' | 'skipped';
/**
 * `not-applicable`: every test of an item that needs what this target lacks (checklist `needs`)
 * was skipped for that reason: listed apart, neither passed nor blocking. `inconclusive`: only the
 * runner's starvation stands between the item and a pass (see inconclusive.ts).
 */
export type ItemStatus = TestStatus | 'no-test' | 'not-applicable' | 'inconclusive';
export type RunStatus = 'passed' | 'failed' | 'timedout' | 'interrupted';

/** A file a test left behind, linked relative to the sign-off folder. */
export interface Evidence {
  name: string;
  /** Relative, '/'-separated, URI-encoded: usable as a link in md and html. */
  href: string;
  contentType: string;
}

/** One test (one project) after all its attempts. */
export interface TestRecord {
  id: string;
  /** `describe › title`. */
  title: string;
  /** Relative to the Playwright rootDir, '/'-separated. */
  file: string;
  line: number;
  project: string;
  status: TestStatus;
  /** All attempts together. */
  durationMs: number;
  attempts: number;
  /** First line of the error that decided the status (the failing attempt's, for a flaky test). */
  error?: string;
  /**
   * "inconclusive: runner overloaded …": the deciding attempt's failure (failed or flaky test) ran
   * out while the runner was starved. Counts against every item the test declares.
   */
  inconclusive?: string;
  /**
   * Rule checks of the deciding attempt the runner's starvation kept from deciding (an SLA figure
   * over budget by no more than the runner's stall): each counts against the rule's item only.
   */
  inconclusiveRules?: { rule: string; note: string }[];
  skipReason?: string;
  /** Skipped because the target cannot exercise the test (no fault API, faults not allowed): the reason. */
  notApplicable?: string;
  checklistIds: string[];
  /** Contract clauses (contract/clauses.ts) the test declares it checks. */
  clauseIds?: string[];
  /**
   * The rules (checklist/rules.ts) a failing attempt broke, each with the first line of its
   * failure: each counts against the rule's item as well as against the items the test declares.
   */
  brokeRules?: { rule: string; error?: string }[];
  evidence: Evidence[];
  /** Names of attachments that live only inside the Playwright HTML report (attached as a body). */
  inReport?: string[];
  /** Link to the test in the Playwright HTML report. */
  reportHref?: string;
  /**
   * In a merged run, how many shards ran this test (the set-up project runs in each): counted
   * once, with the worst status of its runs and all their attempts.
   */
  shardRuns?: number;
}

export type SlaMetric = 'connectMs' | 'firstEventMs' | 'runMs';

/** One `sla-metrics` attachment: `{ connectMs?, firstEventMs?, runMs? }` and where it came from. */
export interface SlaSample {
  connectMs?: number;
  firstEventMs?: number;
  runMs?: number;
  test: string;
  /** How starved the runner was while each figure was measured. */
  runner?: Partial<Record<SlaMetric, LoadFigures>>;
  /** The thresholds of "starved" the test ran with. */
  starvedAt?: StarvationThresholds;
}

export interface SlaFigure {
  metric: SlaMetric;
  label: string;
  budgetMs: number;
  samples: number;
  p50?: number;
  p95?: number;
  max?: number;
  /** How many samples were over budget. */
  overBudget: number;
  /**
   * 'breach': the p95 is over budget (blocks); 'inconclusive': it is only with the samples the
   * runner's starvation can account for; 'warn': some samples are, the p95 is not.
   */
  status: 'ok' | 'warn' | 'breach' | 'inconclusive' | 'no-data';
  /** Samples over budget that the runner's starvation can account for. */
  starvedSamples?: number;
  /** Test of the slowest sample. */
  worstTest?: string;
}

export interface RunInfo {
  targetUrl: string;
  version: string;
  suiteCommit: string;
  /** ISO-8601 start of the run. */
  date: string;
  /** E2E_TARGET: the target profile (reference, netra-apex…). */
  profile: string;
  /** E2E_ENV: staging, production… */
  environment: string;
  browsers: string[];
  playwrightVersion: string;
  status: RunStatus;
  durationMs: number;
  /** Errors outside tests (global setup, worker crash, config): first lines. */
  globalErrors: string[];
  scope: RunScope;
}

export interface ItemResult {
  item: ChecklistItem;
  status: ItemStatus;
  tests: TestRecord[];
  /** Contract clauses the item's tests check, in contract order. */
  clauses?: string[];
  /** Short explanation of the status (what failed, why skipped, partial coverage…). */
  note?: string;
  /** Failures found by tests that broke a rule of this item (whether or not they declare it). */
  findings?: RuleFinding[];
  /** Passed, while some of its tests were not applicable here (noted, not a warning). */
  partlyNotApplicable?: true;
  /** For a failed, flaky or skipped item: the one test and message its note leads with. */
  cause?: ItemCause;
}

/**
 * The failure (or skip) that decides an item's status: one test, one message. Items with the same
 * cause share one root failure in the verdict.
 */
export interface ItemCause {
  testId: string;
  test: string;
  /** `file:line`. */
  where: string;
  status: 'failed' | 'flaky' | 'skipped';
  /** The first line of the error, or the skip reason. */
  message?: string;
  /** The rule (checklist/rules.ts) through which the failure counts against the item, if any. */
  rule?: string;
  /** Other failed (or flaky, skipped) tests of the item, besides this one. */
  others: number;
}

/** One failure that blocks the release, with every blocking item it keeps from passing. */
export interface RootFailure extends Omit<ItemCause, 'rule' | 'others'> {
  /** Its place in `Verdict.blockers`. */
  blocker: number;
  /** Ids of the blocking items, in checklist order. */
  blocks: string[];
}

/** A test that broke a rule of an item: which test, which rule. */
export interface RuleFinding {
  testId: string;
  test: string;
  /** `file:line`. */
  where: string;
  status: TestStatus;
  rule: string;
  ruleTitle: string;
  error?: string;
}

export interface Verdict {
  /** INCONCLUSIVE: nothing blocks but the runner's starvation (neither GO nor a product NO-GO). */
  decision: 'GO' | 'NO-GO' | 'INCONCLUSIVE';
  /** One sentence for the top of the sign-off. */
  headline: string;
  /**
   * Each reason for NO-GO, most important first. Blocking items failed (flaky, skipped) by one test
   * with one message are one blocker: the root failure, with the items it blocks.
   */
  blockers: string[];
  /** The test failures among the blockers, each once with the blocking items it blocks. */
  rootFailures: RootFailure[];
  /** Problems that do not block the release. */
  warnings: string[];
  /** Items the target cannot exercise, with the reason: neither passed nor blocking. */
  notApplicable: string[];
  /** Blocking items and SLA figures that only the runner's starvation kept from passing. */
  inconclusive: string[];
  /**
   * Whether the run's exit code must fail: NO-GO, except a narrowed run whose only blockers
   * are blocking items that were not selected.
   */
  failsRun: boolean;
}

export interface SignoffLinks {
  htmlReport: string;
  allureReport: string;
  json: string;
}

export interface SignoffModel {
  schemaVersion: 1;
  run: RunInfo;
  verdict: Verdict;
  /** The rule the verdict follows, in words (printed in every format). */
  rule: readonly string[];
  items: ItemResult[];
  sla: SlaFigure[];
  /** Checklist guard errors (unknown ids; uncovered items in a full run). */
  guardErrors: ChecklistCoverageError[];
  /** Tests that prove no checklist item. */
  unlinkedTests: TestRecord[];
  /** `repeatedInShards`: tests of a merged run that ran in several shards (set-up), counted once. */
  totals: Record<TestStatus, number> & { tests: number; repeatedInShards?: number };
  links: SignoffLinks;
  /** The load run of the same target and commit, if any (non-blocking: never changes the verdict). */
  load: LoadLookup;
}
