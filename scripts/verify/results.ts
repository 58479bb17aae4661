/**
 * Reads a Playwright JSON report (`--reporter=json`) into what verify:suite needs: which tests
 * failed (title path, tags, first line of their first error), how many passed, and the run's
 * own errors (web server did not start, global set-up failed…), which are not test failures.
 */
import { readFileSync } from 'node:fs';
import { causeFirst, lastStepPath } from '../../reporters/signoff/text';

export interface FailedTest {
  /** Title path without the project: file › describe › test. */
  title: string;
  project: string;
  tags: string[];
  status: string;
  /**
   * First line of the first error message (ANSI colours removed, "Error: " dropped; a heading
   * that ends with ':' is joined with the line after it, which says what the heading announces).
   * A bare "Test timeout of N ms exceeded" gives way to the test's own error that followed it, or
   * names the step that was running.
   */
  message: string;
  /** First line of every error of the failed attempt (soft assertions give several). */
  messages: string[];
}

export interface RunOutcome {
  passed: number;
  failed: FailedTest[];
  skipped: number;
  /** Errors of the run itself, outside any test (first lines). */
  runErrors: string[];
  /** The run stopped at `--max-failures` (not an error: the limit was asked for). */
  stoppedEarly: boolean;
  /** Wall time the report states, ms. */
  durationMs?: number;
}

// Minimal shapes of Playwright's JSON report (playwright/types/testReporter JSONReport*).
interface JsonError {
  message?: string;
  value?: string;
  stack?: string;
}
interface JsonStep {
  title: string;
  steps?: JsonStep[];
}
interface JsonResult {
  status?: string;
  error?: JsonError;
  errors?: JsonError[];
  steps?: JsonStep[];
}
interface JsonTest {
  projectName?: string;
  status?: string;
  results?: JsonResult[];
}
interface JsonSpec {
  title: string;
  tags?: string[];
  tests?: JsonTest[];
}
interface JsonSuite {
  title: string;
  specs?: JsonSpec[];
  suites?: JsonSuite[];
}
export interface JsonReport {
  suites?: JsonSuite[];
  errors?: JsonError[];
  stats?: { duration?: number };
}

/** What Playwright reports when `--max-failures` ends a run. */
const MAX_FAILURES_STOP = /^Testing stopped early after \d+ maximum allowed failures/;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * The first non-empty line of an error, without colours or a leading "Error: ". A line ending with
 * ':' ("run ordering rules broken:") only announces what follows, so the next line is added to it.
 */
export function firstLine(error: JsonError | undefined): string {
  const text = (error?.message ?? error?.value ?? error?.stack ?? '').replace(ANSI, '');
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const [first = '(no message)', second] = lines;
  const line = first.endsWith(':') && second ? `${first} ${second}` : first;
  return line.replace(/^Error:\s*/, '');
}

export function trimTo(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function readReport(file: string): JsonReport {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
}

export function summarise(report: JsonReport): RunOutcome {
  const errors = (report.errors ?? []).map(firstLine);
  const outcome: RunOutcome = {
    passed: 0,
    failed: [],
    skipped: 0,
    runErrors: errors.filter((e) => !MAX_FAILURES_STOP.test(e)),
    stoppedEarly: errors.some((e) => MAX_FAILURES_STOP.test(e)),
    durationMs: report.stats?.duration,
  };
  const visit = (suite: JsonSuite, path: string[]) => {
    const here = suite.title ? [...path, suite.title] : path;
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        const status = test.status ?? 'unknown';
        const interrupted = (test.results ?? []).some((r) => r.status === 'interrupted');
        if (status === 'expected' || status === 'flaky') outcome.passed += 1;
        // Interrupted: stopped by --max-failures or a timeout of the whole run, not failed.
        else if (status === 'skipped' || interrupted) outcome.skipped += 1;
        else {
          const result = [...(test.results ?? [])].reverse().find((r) => r.status !== 'passed' && r.status !== 'skipped') ?? test.results?.at(-1);
          const errors = result?.errors?.length ? result.errors : result?.error ? [result.error] : [];
          const messages = errors.map(firstLine);
          outcome.failed.push({
            title: [...here, spec.title].join(' › '),
            project: test.projectName ?? '',
            tags: (spec.tags ?? []).map((t) => (t.startsWith('@') ? t : `@${t}`)),
            status: result?.status ?? status,
            message: causeFirst(messages, lastStepPath(result?.steps)) ?? `(${result?.status ?? status}, no error message)`,
            messages,
          });
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child, here);
  };
  for (const suite of report.suites ?? []) visit(suite, []);
  return outcome;
}
