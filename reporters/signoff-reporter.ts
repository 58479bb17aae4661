/**
 * Release sign-off reporter: writes `signoff.md`, `signoff.json` and `signoff.html` (GO / NO-GO)
 * into `outputDir` (default `reports`, relative to the config file's folder).
 *
 * Pipeline: collect (signoff/collect.ts, signoff/run-info.ts) → model (signoff/model.ts,
 * signoff/verdict.ts) → render (signoff/render-md.ts, render-json.ts, render-html.ts).
 * `onEnd` sets the run's status from the verdict — 'passed' on GO, 'failed' on NO-GO (except a
 * narrowed run — --grep, --project… — whose only blockers are blocking items it did not select) —
 * so `playwright test`'s exit code follows the verdict whatever the tests' own status was.
 * Keep it the last reporter: the last status returned wins.
 */
import type { FullConfig, FullResult, Reporter, Suite, TestError } from '@playwright/test/reporter';
import fs from 'node:fs';
import path from 'node:path';
import { runChecklistGuard, suiteRootOf, type ChecklistGuardResult } from './checklist-guard';
import { collectTest, EVIDENCE_DIR, type EvidenceFile } from './signoff/collect';
import { buildSignoffModel } from './signoff/model';
import { renderHtml } from './signoff/render-html';
import { renderJson } from './signoff/render-json';
import { renderMarkdown } from './signoff/render-md';
import { foldShardRepeats, type KeyedRecord } from './signoff/shard-repeats';
import { browsersOf, fetchTargetVersion, suiteCommit, targetUrlOf } from './signoff/run-info';
import { slaBudgetsFromEnv, type SlaBudgets } from './signoff/sla';
import { firstLine } from './signoff/text';
import type { SignoffModel, SlaSample, TestRecord } from './signoff/types';
import { exitCodeOf } from './signoff/verdict';

export interface SignoffReporterOptions {
  /** Folder of the sign-off files; default `E2E_SIGNOFF_DIR`, else 'reports' (set by verify:suite, whose runs replace the config's reporters). */
  outputDir?: string;
  /** Playwright HTML report, relative to outputDir; default 'html/index.html'. */
  htmlReport?: string;
  /** Allure report, relative to outputDir; default 'allure-report/index.html'. */
  allureReport?: string;
  /** Timeout of the `/health/ready` version request; default 2000 ms. */
  versionTimeoutMs?: number;
  /** Target profile shown in the sign-off; default `E2E_TARGET`. */
  profile?: string;
  /** Environment shown in the sign-off; default `E2E_ENV`. */
  environment?: string;
  /** SLA budgets; default `E2E_SLA_CONNECT_MS` / `E2E_SLA_FIRST_EVENT_MS` / `E2E_SLA_RUN_MS` or 2 s / 5 s / 60 s. */
  budgets?: Partial<SlaBudgets>;
  /** Set when merging shards (merge.config.ts): what the shards knew and the merge host cannot see. */
  merged?: MergedRun;
}

export interface MergedRun {
  targetUrl: string;
  targetVersion: string;
  suiteCommit: string;
  /** How the shards were narrowed besides --shard; empty: together they are the full suite. */
  narrowing: string[];
  /** Why the shards do not make one run (a missing shard, a mismatch): each one blocks. */
  problems: string[];
}

export default class SignoffReporter implements Reporter {
  private readonly options: Required<Omit<SignoffReporterOptions, 'profile' | 'environment' | 'budgets' | 'merged'>> &
    Pick<SignoffReporterOptions, 'profile' | 'environment' | 'budgets' | 'merged'>;
  private config: FullConfig | undefined;
  private suite: Suite | undefined;
  private guard: ChecklistGuardResult | undefined;
  private readonly globalErrors: string[] = [];

  constructor(options: SignoffReporterOptions = {}) {
    this.options = {
      outputDir: options.outputDir ?? (process.env.E2E_SIGNOFF_DIR || 'reports'),
      htmlReport: options.htmlReport ?? 'html/index.html',
      allureReport: options.allureReport ?? 'allure-report/index.html',
      versionTimeoutMs: options.versionTimeoutMs ?? 2000,
      profile: options.profile,
      environment: options.environment,
      budgets: options.budgets,
      merged: options.merged,
    };
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.suite = suite;
    const merged = this.options.merged;
    this.guard = runChecklistGuard(config, suite, merged && { full: merged.narrowing.length === 0, reasons: merged.narrowing });
  }

  onError(error: TestError): void {
    this.globalErrors.push(firstLine(error.message ?? error.value) ?? 'unknown error');
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult['status'] } | undefined> {
    const outputDir = this.outputDirAbs();
    try {
      const { model, evidenceFiles } = await this.buildModel(result);
      fs.mkdirSync(outputDir, { recursive: true });
      writeEvidence(outputDir, evidenceFiles);
      fs.writeFileSync(path.join(outputDir, 'signoff.md'), renderMarkdown(model));
      fs.writeFileSync(path.join(outputDir, 'signoff.json'), renderJson(model));
      fs.writeFileSync(path.join(outputDir, 'signoff.html'), renderHtml(model));
      const where = path.relative(process.cwd(), path.join(outputDir, 'signoff.html')) || 'signoff.html';
      process.stdout.write(`\nRelease sign-off: ${model.verdict.headline}\n  → ${where}\n`);
      return { status: exitCodeOf(model.verdict) === 0 ? 'passed' : 'failed' };
    } catch (e) {
      // No sign-off written is no sign-off given.
      process.stderr.write(`\nRelease sign-off could not be written (NO-GO): ${e instanceof Error ? e.stack : String(e)}\n`);
      return { status: 'failed' };
    }
  }

  printsToStdio(): boolean {
    return false;
  }

  private outputDirAbs(): string {
    return path.resolve(this.config ? suiteRootOf(this.config) : process.cwd(), this.options.outputDir);
  }

  /**
   * The version `/health/ready` reports now; else the one global setup saw before the tests
   * (`E2E_TARGET_VERSION`: the embedded app may already be stopped here).
   */
  private async targetVersion(targetUrl: string, warnings: string[]): Promise<string> {
    const before = process.env.E2E_TARGET_VERSION;
    const now = await fetchTargetVersion(targetUrl, this.options.versionTimeoutMs);
    if (now.version === 'unknown') {
      if (before) return before;
      if (now.problem) warnings.push(now.problem);
      return 'unknown';
    }
    if (before && before !== now.version) {
      warnings.push(`the target's version changed during the run: ${before} before the tests, ${now.version} after`);
    }
    return now.version;
  }

  private async buildModel(result: FullResult): Promise<{ model: SignoffModel; evidenceFiles: EvidenceFile[] }> {
    const config = this.config!;
    const suite = this.suite!;
    const keyed: KeyedRecord[] = [];
    const slaSamples: SlaSample[] = [];
    const warnings: string[] = [];
    const browserVersions = new Map<string, string>();
    const evidenceFiles: EvidenceFile[] = [];
    const ctx = { rootDir: suiteRootOf(config), htmlReport: this.options.htmlReport };
    for (const test of suite.allTests()) {
      const collected = collectTest(test, ctx);
      const { record } = collected;
      keyed.push({ key: JSON.stringify([record.project, record.file, record.line, record.title, test.repeatEachIndex]), record });
      evidenceFiles.push(...collected.evidenceFiles);
      slaSamples.push(...collected.slaSamples);
      warnings.push(...collected.warnings);
      if (collected.browserVersion) browserVersions.set(collected.record.project, collected.browserVersion);
    }

    const { merged } = this.options;
    const tests: TestRecord[] = merged ? foldShardRepeats(keyed) : keyed.map((k) => k.record);
    const targetUrl = merged?.targetUrl ?? targetUrlOf(config);
    const version = merged?.targetVersion ?? (await this.targetVersion(targetUrl, warnings));

    const model = buildSignoffModel({
      run: {
        targetUrl,
        version,
        suiteCommit: merged?.suiteCommit ?? suiteCommit(suiteRootOf(config)),
        date: result.startTime.toISOString(),
        profile: this.options.profile ?? process.env.E2E_TARGET ?? 'unknown',
        environment: this.options.environment ?? process.env.E2E_ENV ?? 'unknown',
        browsers: browsersOf(suite, browserVersions),
        playwrightVersion: config.version,
        status: result.status,
        durationMs: result.duration,
        globalErrors: [...(merged?.problems ?? []), ...this.globalErrors],
        scope: this.guard!.scope,
      },
      tests,
      slaSamples,
      slaBudgets: { ...slaBudgetsFromEnv(), ...this.options.budgets },
      guardErrors: this.guard!.errors,
      collectWarnings: [...new Set(warnings)],
      links: { htmlReport: this.options.htmlReport, allureReport: this.options.allureReport, json: 'signoff.json' },
    });
    return { model, evidenceFiles };
  }
}

/** The evidence the sign-off links to, inside its own folder; the previous run's is removed first. */
function writeEvidence(outputDir: string, files: readonly EvidenceFile[]): void {
  fs.rmSync(path.join(outputDir, EVIDENCE_DIR), { recursive: true, force: true });
  for (const { file, from } of files) {
    const target = path.join(outputDir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof from === 'string') {
      if (fs.existsSync(from)) fs.copyFileSync(from, target);
    }
    else fs.writeFileSync(target, from);
  }
}
