/** The verify:suite result table, as console text and as markdown (reports/verify-suite.md). */
import type { Defect } from './defects';
import type { FailedTest } from './results';
import { trimTo } from './results';
import type { SuiteRun } from './run-suite';

export const MESSAGE_WIDTH = 140;

/** `not-blocking`: caught, but a defect that must block the release left every blocking item passed (the sign-off said GO). */
export type Verdict = 'caught' | 'not-blocking' | 'missed' | 'run-error' | 'plant-error';
export type RunScope = 'area' | 'area+rest' | 'all';

export interface DefectResult {
  defect: Defect;
  verdict: Verdict;
  /** Tests that failed against this defect and passed on the healthy app. */
  caughtBy: FailedTest[];
  /**
   * The first message of some test that caught it names the cause (matches the defect's `cause`
   * and is not only a symptom); caught without it, the defect is half-caught.
   */
  named: boolean;
  /** The run stopped at --max-failures: more tests may have caught it. */
  stoppedEarly: boolean;
  /** Which tests ran: the defect's area only (it was caught there), the area then the rest, or all at once. */
  scope: RunScope;
  run?: SuiteRun;
  /** Plant or run errors. */
  errors: string[];
}

export interface HealthyResult {
  run?: SuiteRun;
  errors: string[];
}

export function healthyOk(healthy: HealthyResult): boolean {
  return healthy.errors.length === 0 && !!healthy.run && healthy.run.failed.length === 0 && healthy.run.runErrors.length === 0 && healthy.run.passed > 0;
}

export function testLabel(test: FailedTest): string {
  const tags = test.tags.length > 0 ? ` ${test.tags.join(' ')}` : '';
  return `${test.title}${tags}`;
}

/** Messages that say only that something ran out of time, never what broke. */
const SYMPTOMS = [/^Test timeout of \d+ ?ms exceeded/i];

/** A test's first message names the cause: it matches the defect's `cause` and is not a bare symptom. */
export function namesCause(defect: Pick<Defect, 'cause'>, message: string): boolean {
  return !SYMPTOMS.some((symptom) => symptom.test(message)) && defect.cause.test(message);
}

/** "caught", or "half-caught" when no first message names the cause. */
export const HALF_CAUGHT = 'half-caught (no first message names the cause, only a symptom)';

export function classify(defect: Defect, run: SuiteRun | undefined, errors: string[], healthyFailures: Set<string>, scope: RunScope = 'all'): DefectResult {
  if (!run) return { defect, verdict: 'plant-error', caughtBy: [], named: false, stoppedEarly: false, scope, errors };
  const caughtBy = run.failed.filter((t) => !healthyFailures.has(t.title));
  const named = caughtBy.some((t) => namesCause(defect, t.message));
  const runErrors = [...errors, ...run.runErrors];
  const blocks = !defect.mustBlock || (run.blockingFailures?.length ?? 0) > 0;
  const verdict: Verdict = caughtBy.length > 0 ? (blocks ? 'caught' : 'not-blocking') : runErrors.length > 0 ? 'run-error' : 'missed';
  return { defect, verdict, caughtBy, named, stoppedEarly: run.stoppedEarly, scope, run, errors: runErrors };
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '–' : `${Math.round(ms / 1000)} s`;
}

const VERDICT_TEXT: Record<Verdict, string> = {
  caught: 'caught',
  'not-blocking': 'CAUGHT, BUT NOT BLOCKING',
  missed: 'NOT CAUGHT',
  'run-error': 'RUN ERROR',
  'plant-error': 'PLANT ERROR',
};

/** Plain text: one block per defect, one line per failed test. */
export function renderText(healthy: HealthyResult, results: DefectResult[]): string {
  const lines: string[] = [];
  const h = healthy.run;
  lines.push(
    `healthy app: ${healthyOk(healthy) ? 'PASS' : 'FAIL'}` +
      (h ? ` (${h.passed} passed, ${h.failed.length} failed, ${h.skipped} skipped, ${seconds(h.wallMs)})` : ''),
  );
  for (const t of h?.failed ?? []) lines.push(`    ✗ ${testLabel(t)}\n        ${trimTo(t.message, MESSAGE_WIDTH)}`);
  for (const e of [...healthy.errors, ...(h?.runErrors ?? [])]) lines.push(`    ! ${trimTo(e, MESSAGE_WIDTH)}`);
  lines.push('');
  const idWidth = Math.max(6, ...results.map((r) => r.defect.id.length));
  const areaWidth = Math.max(4, ...results.map((r) => r.defect.area.length));
  lines.push(`${'defect'.padEnd(idWidth)}  ${'area'.padEnd(areaWidth)}  failed  tests run  verdict`);
  lines.push(`${'-'.repeat(idWidth)}  ${'-'.repeat(areaWidth)}  ------  ---------  -------`);
  for (const r of results) {
    const verdict = `${r.verdict === 'caught' && !r.named ? HALF_CAUGHT : VERDICT_TEXT[r.verdict]}${blockedBy(r)}`;
    lines.push(
      `${r.defect.id.padEnd(idWidth)}  ${r.defect.area.padEnd(areaWidth)}  ${failedCount(r).padStart(6)}  ${r.scope.padEnd(9)}  ${verdict}  (${seconds(r.run?.wallMs)})`,
    );
    for (const t of r.caughtBy) lines.push(`    ✗ ${testLabel(t)}\n        ${trimTo(t.message, MESSAGE_WIDTH)}`);
    for (const e of r.errors) lines.push(`    ! ${trimTo(e, MESSAGE_WIDTH)}`);
  }
  return lines.join('\n');
}

/** ", blocks GP-13" when the run's sign-off failed blocking items. */
function blockedBy(r: DefectResult): string {
  const ids = r.run?.blockingFailures ?? [];
  return ids.length > 0 ? `, blocks ${ids.join(' ')}` : '';
}

/** "3+" when the run stopped at --max-failures. */
function failedCount(r: DefectResult): string {
  return `${r.caughtBy.length}${r.stoppedEarly ? '+' : ''}`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, ' ');
}

export interface ReportMeta {
  startedAt: Date;
  totalMs: number;
  extraArgs: string[];
  maxFailures: number;
  /** Defects met their area's tests first. */
  focused: boolean;
  selected: string[];
  catalogueSize: number;
}

export function renderMarkdown(healthy: HealthyResult, results: DefectResult[], meta: ReportMeta): string {
  const out: string[] = [];
  const h = healthy.run;
  const missed = results.filter((r) => r.verdict !== 'caught');
  out.push('# verify:suite: does the suite catch planted defects?', '');
  out.push(`Run ${meta.startedAt.toISOString()}, ${seconds(meta.totalMs)} in all; ${results.length} of ${meta.catalogueSize} defects` + (meta.extraArgs.length ? `; playwright args: \`${meta.extraArgs.join(' ')}\`` : '') + '.', '');
  if (meta.focused) {
    out.push(
      "Each defect first meets the tests of its area (`--grep @<area>`); only when none of them fails does the rest of the suite run against it " +
        '("tests run": `area` or `area+rest`), so a defect is reported as not caught only after every test has run against it.' +
        (meta.maxFailures > 0 ? ` A defect run stops after ${meta.maxFailures} failed tests ("${meta.maxFailures}+" in the table).` : ''),
      '',
    );
  } else if (meta.maxFailures > 0) {
    out.push(`Each defect run stopped after ${meta.maxFailures} failed tests ("${meta.maxFailures}+" in the table).`, '');
  }
  out.push(
    `**Healthy app: ${healthyOk(healthy) ? 'pass' : 'FAIL'}**` +
      (h ? ` (${h.passed} passed, ${h.failed.length} failed, ${h.skipped} skipped, ${seconds(h.wallMs)})` : ''),
    '',
  );
  for (const t of h?.failed ?? []) out.push(`- ✗ ${md(testLabel(t))}: ${md(trimTo(t.message, MESSAGE_WIDTH))}`);
  for (const e of [...healthy.errors, ...(h?.runErrors ?? [])]) out.push(`- ! ${md(e)}`);
  if (missed.length > 0) out.push('', `**Not caught: ${missed.map((r) => `\`${r.defect.id}\` (${VERDICT_TEXT[r.verdict]})`).join(', ')}**`);
  out.push('', '| defect | area | failed | tests that failed (first message) | tests run | time |', '|---|---|---:|---|---|---:|');
  for (const r of results) {
    const cells = r.caughtBy.map((t) => `✗ ${md(testLabel(t))}: _${md(trimTo(t.message, MESSAGE_WIDTH))}_`);
    for (const e of r.errors) cells.push(`! ${md(trimTo(e, MESSAGE_WIDTH))}`);
    if (r.verdict === 'missed') cells.unshift('**NOT CAUGHT**: every test passed');
    else if (r.verdict === 'not-blocking') cells.unshift('**caught, but the sign-off failed no blocking item**');
    else if (r.verdict === 'caught' && !r.named) cells.unshift(`**${HALF_CAUGHT}**`);
    if (r.run?.blockingFailures?.length) cells.push(`sign-off blocked by ${r.run.blockingFailures.join(', ')}`);
    out.push(`| \`${r.defect.id}\` | ${r.defect.area} | ${failedCount(r)} | ${cells.join('<br>') || '–'} | ${r.scope} | ${seconds(r.run?.wallMs)} |`);
  }
  out.push('', '## Defects', '', '| defect | area | what is planted |', '|---|---|---|');
  for (const r of results) out.push(`| \`${r.defect.id}\` | ${r.defect.area} | ${md(r.defect.description)} |`);
  out.push('');
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}
