/** The verify:suite result table, as console text and as markdown (reports/verify-suite.md). */
import type { Defect } from './defects';
import type { FailedTest } from './results';
import { trimTo } from './results';
import type { SuiteRun } from './run-suite';

export const MESSAGE_WIDTH = 140;

export type Verdict = 'caught' | 'missed' | 'run-error' | 'plant-error';

export interface DefectResult {
  defect: Defect;
  verdict: Verdict;
  /** Tests that failed against this defect and passed on the healthy app. */
  caughtBy: FailedTest[];
  /** Some failure message matches the defect's `cause`. */
  named: boolean;
  /** The run stopped at --max-failures: more tests may have caught it. */
  stoppedEarly: boolean;
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

export function classify(defect: Defect, run: SuiteRun | undefined, errors: string[], healthyFailures: Set<string>, maxFailures = 0): DefectResult {
  if (!run) return { defect, verdict: 'plant-error', caughtBy: [], named: false, stoppedEarly: false, errors };
  const caughtBy = run.failed.filter((t) => !healthyFailures.has(t.title));
  const named = caughtBy.some((t) => t.messages.some((m) => defect.cause.test(m)));
  const runErrors = [...errors, ...run.runErrors];
  const verdict: Verdict = caughtBy.length > 0 ? 'caught' : runErrors.length > 0 ? 'run-error' : 'missed';
  const stoppedEarly = maxFailures > 0 && run.failed.length >= maxFailures;
  return { defect, verdict, caughtBy, named, stoppedEarly, run, errors: runErrors };
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '–' : `${Math.round(ms / 1000)} s`;
}

const VERDICT_TEXT: Record<Verdict, string> = {
  caught: 'caught',
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
  lines.push(`${'defect'.padEnd(idWidth)}  ${'area'.padEnd(areaWidth)}  failed  verdict`);
  lines.push(`${'-'.repeat(idWidth)}  ${'-'.repeat(areaWidth)}  ------  -------`);
  for (const r of results) {
    const verdict = r.verdict === 'caught' && !r.named ? 'caught (no message names the cause)' : VERDICT_TEXT[r.verdict];
    lines.push(`${r.defect.id.padEnd(idWidth)}  ${r.defect.area.padEnd(areaWidth)}  ${failedCount(r).padStart(6)}  ${verdict}  (${seconds(r.run?.wallMs)})`);
    for (const t of r.caughtBy) lines.push(`    ✗ ${testLabel(t)}\n        ${trimTo(t.message, MESSAGE_WIDTH)}`);
    for (const e of r.errors) lines.push(`    ! ${trimTo(e, MESSAGE_WIDTH)}`);
  }
  return lines.join('\n');
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
  selected: string[];
  catalogueSize: number;
}

export function renderMarkdown(healthy: HealthyResult, results: DefectResult[], meta: ReportMeta): string {
  const out: string[] = [];
  const h = healthy.run;
  const missed = results.filter((r) => r.verdict !== 'caught');
  out.push('# verify:suite: does the suite catch planted defects?', '');
  out.push(`Run ${meta.startedAt.toISOString()}, ${seconds(meta.totalMs)} in all; ${results.length} of ${meta.catalogueSize} defects` + (meta.extraArgs.length ? `; playwright args: \`${meta.extraArgs.join(' ')}\`` : '') + '.', '');
  if (meta.maxFailures > 0) {
    out.push(
      `Each defect run stopped after ${meta.maxFailures} failed tests (\`--max-failures=${meta.maxFailures}\`; "${meta.maxFailures}+" in the table): ` +
        'a defect that no test catches still runs every test. `--max-failures 0` lists every test that fails.',
      '',
    );
  }
  out.push(
    `**Healthy app: ${healthyOk(healthy) ? 'pass' : 'FAIL'}**` +
      (h ? ` (${h.passed} passed, ${h.failed.length} failed, ${h.skipped} skipped, ${seconds(h.wallMs)})` : ''),
    '',
  );
  for (const t of h?.failed ?? []) out.push(`- ✗ ${md(testLabel(t))}: ${md(trimTo(t.message, MESSAGE_WIDTH))}`);
  for (const e of [...healthy.errors, ...(h?.runErrors ?? [])]) out.push(`- ! ${md(e)}`);
  if (missed.length > 0) out.push('', `**Not caught: ${missed.map((r) => `\`${r.defect.id}\` (${VERDICT_TEXT[r.verdict]})`).join(', ')}**`);
  out.push('', '| defect | area | failed | tests that failed (first message) | time |', '|---|---|---:|---|---:|');
  for (const r of results) {
    const cells = r.caughtBy.map((t) => `✗ ${md(testLabel(t))}: _${md(trimTo(t.message, MESSAGE_WIDTH))}_`);
    for (const e of r.errors) cells.push(`! ${md(trimTo(e, MESSAGE_WIDTH))}`);
    if (r.verdict === 'missed') cells.unshift('**NOT CAUGHT**: every test passed');
    else if (r.verdict === 'caught' && !r.named) cells.unshift('**no message names the cause**');
    out.push(`| \`${r.defect.id}\` | ${r.defect.area} | ${failedCount(r)} | ${cells.join('<br>') || '–'} | ${seconds(r.run?.wallMs)} |`);
  }
  out.push('', '## Defects', '', '| defect | area | what is planted |', '|---|---|---|');
  for (const r of results) out.push(`| \`${r.defect.id}\` | ${r.defect.area} | ${md(r.defect.description)} |`);
  out.push('');
  return out.join('\n');
}
