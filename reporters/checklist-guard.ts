/**
 * Load-time check of the checklist against the tests' `checklist` annotations.
 *
 * - A test naming an unknown item is always an error.
 * - An item with no test is an error only when the run is the full suite (see run-scope.ts);
 *   in a narrowed run (--grep, --project, a file filter, a shard…) it is a warning.
 * On error the reporter prints the problems before any test runs, again at the end, and makes
 * the run fail (`onEnd` returns `{ status: 'failed' }`).
 *
 * Only annotations known when the run begins are seen: declare them in the test details
 * (`test('…', { annotation: checklistAnnotation('GP-04') }, …)`), not with
 * `testInfo.annotations.push()` inside the test body.
 */
import type { FullConfig, FullResult, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import path from 'node:path';
import { validateChecklistCoverage, type ChecklistCoverageError } from '../checklist/checklist';
import { checklistIdsOf } from './checklist-annotations';
import { detectRunScope, type RunScope } from './run-scope';

export interface ChecklistGuardResult {
  scope: RunScope;
  /** Problems that fail the run. */
  errors: ChecklistCoverageError[];
  /** Problems only reported (uncovered items in a narrowed run). */
  warnings: ChecklistCoverageError[];
  failed: boolean;
}

/** The folder paths in reports are relative to: the config file's (the repo root), else rootDir. */
export function suiteRootOf(config: FullConfig): string {
  return config.configFile ? path.dirname(config.configFile) : config.rootDir;
}

/** A readable name for a test: `file:line › describe › title` (project left out). */
export function testLabel(test: TestCase, suiteRoot: string): string {
  const file = path.relative(suiteRoot, test.location.file).split(path.sep).join('/');
  const titles: string[] = [];
  for (let s: Suite | undefined = test.parent; s && s.type === 'describe'; s = s.parent) titles.unshift(s.title);
  return [`${file}:${test.location.line}`, ...titles, test.title].join(' › ');
}

/** `scope`: what the caller knows better than this process's command line (a merge of shards). */
export function runChecklistGuard(config: FullConfig, suite: Suite, scope: RunScope = detectRunScope(config)): ChecklistGuardResult {
  const declared = suite.allTests().map((test) => ({
    testTitle: testLabel(test, suiteRootOf(config)),
    ids: checklistIdsOf(test.annotations),
  }));
  const seen = new Set<string>();
  const problems = validateChecklistCoverage(declared).filter((p) => {
    // The same test appears once per project: report it once.
    const key = p.kind === 'unknown-item' ? `${p.testTitle}|${p.itemId}` : p.itemId;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const errors = problems.filter((p) => p.kind === 'unknown-item' || scope.full);
  const warnings = problems.filter((p) => !errors.includes(p));
  return { scope, errors, warnings, failed: errors.length > 0 };
}

export function formatGuardErrors(result: ChecklistGuardResult): string {
  const n = result.errors.length;
  return [
    `✘ CHECKLIST GUARD FAILED: ${n} problem${n === 1 ? '' : 's'} between checklist/checklist.ts and the tests' checklist annotations:`,
    ...result.errors.map((p) => `  - ${p.message}`),
    '  The run is marked failed and the release sign-off is NO-GO until this is fixed.',
  ].join('\n');
}

export function formatGuardWarnings(result: ChecklistGuardResult): string {
  const ids = result.warnings.map((p) => p.itemId);
  return (
    `⚠ Checklist guard: this run is not the full suite (${result.scope.reasons.join('; ')}), ` +
    `so ${ids.length} item${ids.length === 1 ? '' : 's'} without a test here ${ids.length === 1 ? 'is' : 'are'} not an error: ${ids.join(', ')}`
  );
}

function paint(text: string, color: 'red' | 'yellow'): string {
  if (!process.stderr.isTTY || process.env.NO_COLOR) return text;
  return `${color === 'red' ? '\x1b[31m' : '\x1b[33m'}${text}\x1b[0m`;
}

export default class ChecklistGuardReporter implements Reporter {
  private result: ChecklistGuardResult | undefined;

  onBegin(config: FullConfig, suite: Suite): void {
    // No tests loaded (e.g. global set-up failed first): that error is the run's only message.
    if (suite.allTests().length === 0) return;
    this.result = runChecklistGuard(config, suite);
    if (this.result.failed) process.stderr.write(`\n${paint(formatGuardErrors(this.result), 'red')}\n\n`);
    if (this.result.warnings.length > 0) process.stderr.write(`${paint(formatGuardWarnings(this.result), 'yellow')}\n`);
  }

  async onEnd(_result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    if (!this.result?.failed) return undefined;
    process.stderr.write(`\n${paint(formatGuardErrors(this.result), 'red')}\n`);
    return { status: 'failed' };
  }

  printsToStdio(): boolean {
    return false;
  }
}
