/** Playwright test cases → plain sign-off records (status over retries, errors, evidence, SLA). */
import type { Suite, TestCase, TestResult } from '@playwright/test/reporter';
import fs from 'node:fs';
import path from 'node:path';
import { clauseIdsOf } from '../../contract/clauses';
import { NOT_APPLICABLE_ANNOTATION } from '../../checklist/checklist';
import { RULE_INCONCLUSIVE_ANNOTATION, ruleViolationsOf } from '../../checklist/rules';
import { checklistIdsOf } from '../checklist-annotations';
import { inconclusiveOf } from './inconclusive';
import { parseSlaMetrics } from './sla';
import { causeFirst, firstLine, lastStepPath } from './text';
import type { Evidence, SlaSample, TestRecord, TestStatus } from './types';

export interface CollectContext {
  /** Test file paths are shown relative to it (the repo root). */
  rootDir: string;
  /** Playwright HTML report, relative to outputDir, e.g. 'html/index.html'. */
  htmlReport: string;
}

export interface CollectedTest {
  record: TestRecord;
  /** Evidence the record links to, to be written into the sign-off folder. */
  evidenceFiles: EvidenceFile[];
  slaSamples: SlaSample[];
  warnings: string[];
  browserVersion?: string;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** `describe › title`, without the file and project. */
export function titleOf(test: TestCase): string {
  const titles: string[] = [];
  for (let s: Suite | undefined = test.parent; s && s.type === 'describe'; s = s.parent) titles.unshift(s.title);
  return [...titles, test.title].join(' › ');
}

export function statusOf(test: TestCase): TestStatus {
  switch (test.outcome()) {
    case 'flaky':
      return 'flaky';
    case 'unexpected':
      return 'failed';
    case 'skipped':
      return 'skipped';
    default:
      return 'passed';
  }
}

const allAnnotations = (test: TestCase): { type: string; description?: string }[] => [
  ...test.annotations,
  ...test.results.flatMap((r) => r.annotations ?? []),
];

function skipReasonOf(test: TestCase): string {
  const skip = [...allAnnotations(test)].reverse().find((a) => a.type === 'skip' || a.type === 'fixme');
  if (skip) return skip.description ? `${skip.type === 'fixme' ? 'fixme: ' : ''}${firstLine(skip.description)}` : `${skip.type} (no reason given)`;
  const last = test.results.at(-1);
  if (!last) return 'did not run (the run stopped early or a project it depends on failed)';
  if (last.status === 'interrupted') return 'interrupted';
  return 'skipped (no reason given)';
}

function errorOf(result: TestResult | undefined): string | undefined {
  if (!result) return undefined;
  const errors = result.errors.length > 0 ? result.errors : result.error ? [result.error] : [];
  const lines = errors.flatMap((e) => firstLine(e.message ?? e.value) ?? []);
  return firstLine(causeFirst(lines, lastStepPath(result.steps))) ?? `${result.status} (no error message)`;
}

const isBad = (r: TestResult): boolean => r.status === 'failed' || r.status === 'timedOut' || r.status === 'interrupted';

/** A file the sign-off writes next to itself, so its links stay inside the sign-off folder. */
export interface EvidenceFile {
  /** Relative to the sign-off folder, '/'-separated, not encoded. */
  file: string;
  /** A file to copy, or the content to write. */
  from: string | Buffer;
}

/** Folder of the copied evidence, relative to the sign-off folder. */
export const EVIDENCE_DIR = 'evidence';

/** Traces open with `npx playwright show-trace` or from the HTML report; too large to copy twice. */
const copied = (a: TestResult['attachments'][number]): boolean =>
  a.path ? a.contentType !== 'application/zip' : Boolean(a.body) && a.contentType === 'text/html';

const safeName = (name: string): string => name.replace(/[^\w.-]+/g, '-').replace(/-+(\.|$)/g, '$1');

/**
 * File attachments and HTML pages (frame timelines), copied under `evidence/<test id>/`: the
 * sign-off's links then work from disk and when only the reports folder is kept (a CI artifact).
 */
function evidenceOf(test: TestCase): { evidence: Evidence[]; files: EvidenceFile[] } {
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  const files: EvidenceFile[] = [];
  test.results.forEach((result, attempt) => {
    for (const a of result.attachments.filter(copied)) {
      if (a.path && seen.has(a.path)) continue;
      if (a.path) seen.add(a.path);
      let base = safeName(a.path ? path.basename(a.path) : a.name.endsWith('.html') ? a.name : `${a.name}.html`);
      if (attempt > 0) base = `retry${attempt}-${base}`;
      while (files.some((f) => f.file.endsWith(`/${base}`))) base = `_${base}`;
      const file = `${EVIDENCE_DIR}/${safeName(test.id)}/${base}`;
      files.push({ file, from: a.path ?? a.body! });
      evidence.push({ name: attempt > 0 ? `${a.name} (retry ${attempt})` : a.name, href: encodeURI(file), contentType: a.contentType });
    }
  });
  return { evidence, files };
}

/** Attachments not copied next to the sign-off: they are only in the HTML report. */
function inReportOf(test: TestCase): string[] {
  const names = test.results.flatMap((result, attempt) =>
    result.attachments.filter((a) => (a.path || a.body) && !copied(a)).map((a) => (attempt > 0 ? `${a.name} (retry ${attempt})` : a.name)),
  );
  return [...new Set(names)];
}

function readAttachment(a: TestResult['attachments'][number]): string | undefined {
  if (a.body) return a.body.toString('utf8');
  if (a.path) return fs.readFileSync(a.path, 'utf8');
  return undefined;
}

export function collectTest(test: TestCase, ctx: CollectContext): CollectedTest {
  const status = statusOf(test);
  const file = toPosix(path.relative(ctx.rootDir, test.location.file));
  const label = `${titleOf(test)} (${file}:${test.location.line})`;
  const warnings: string[] = [];
  const slaSamples: SlaSample[] = [];
  let browserVersion = allAnnotations(test).find((a) => a.type === 'browser-version')?.description;

  for (const result of test.results) {
    for (const a of result.attachments) {
      if (a.name === 'browser-version' && a.body) browserVersion ??= a.body.toString('utf8').trim();
      if (!a.name.startsWith('sla-metrics')) continue;
      try {
        const text = readAttachment(a);
        if (text !== undefined) slaSamples.push(...parseSlaMetrics(text, label));
      } catch (e) {
        warnings.push(`sla-metrics attachment of ${label} is unreadable: ${firstLine(e instanceof Error ? e.message : String(e))}`);
      }
    }
  }

  const failedAttempt =
    status === 'flaky' ? test.results.find(isBad) : status === 'failed' ? [...test.results].reverse().find(isBad) ?? test.results.at(-1) : undefined;
  const error = errorOf(failedAttempt);
  // Latest failing attempt first, as for `error`.
  const brokeRules = ruleViolationsOf([...test.results.filter(isBad)].reverse().flatMap((r) => r.annotations ?? [])).map(({ rule, message }) => {
    const line = firstLine(message);
    return line ? { rule, error: line } : { rule };
  });
  const notApplicable = status === 'skipped' ? allAnnotations(test).findLast((a) => a.type === NOT_APPLICABLE_ANNOTATION)?.description : undefined;
  const { evidence, files } = evidenceOf(test);
  const inReport = inReportOf(test);
  const decidingAttempt = failedAttempt ?? (status === 'passed' ? test.results.at(-1) : undefined);
  const inconclusive = inconclusiveOf(decidingAttempt);
  const inconclusiveRules = ruleViolationsOf(decidingAttempt?.annotations ?? [], RULE_INCONCLUSIVE_ANNOTATION).map(({ rule, message }) => ({
    rule,
    note: firstLine(message, 400) ?? 'inconclusive: runner overloaded',
  }));
  const record: TestRecord = {
    id: test.id,
    title: titleOf(test),
    file,
    line: test.location.line,
    project: test.parent.project()?.name ?? '',
    status,
    durationMs: test.results.reduce((sum, r) => sum + r.duration, 0),
    attempts: test.results.length,
    ...(error ? { error } : {}),
    ...(inconclusive ? { inconclusive } : {}),
    ...(inconclusiveRules.length ? { inconclusiveRules } : {}),
    ...(status === 'skipped' ? { skipReason: skipReasonOf(test) } : {}),
    ...(notApplicable ? { notApplicable } : {}),
    checklistIds: checklistIdsOf(allAnnotations(test)),
    clauseIds: clauseIdsOf(allAnnotations(test)),
    ...(brokeRules.length ? { brokeRules } : {}),
    evidence,
    ...(inReport.length ? { inReport } : {}),
    reportHref: `${ctx.htmlReport}#?testId=${encodeURIComponent(test.id)}`,
  };
  return { record, evidenceFiles: files, slaSamples, warnings, ...(browserVersion ? { browserVersion } : {}) };
}
