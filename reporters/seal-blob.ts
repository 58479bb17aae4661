/**
 * Listed right after Playwright's blob reporter in a sharded run. When the blob is written it
 * scrubs it once more as a whole (the blob keeps the tests' stdout as it was printed, before the
 * redaction reporter could touch it) and adds the shard's facts — suite commit, target, profile,
 * version, how the run was narrowed — so `npm run merge` can refuse shards that do not belong
 * together, on a host that has neither the target nor a browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, Reporter, Suite } from '@playwright/test/reporter';
import { SHARD_FACTS_ENTRY } from '../config/shard';
import { suiteRootOf } from './checklist-guard';
import RedactArtifactsReporter, { scrubZip } from './redact-artifacts';
import { detectRunScope } from './run-scope';
import { suiteCommit, targetUrlOf } from './signoff/run-info';
import type { SlaBudgets } from './signoff/sla';

export interface ShardFacts {
  shard: { current: number; total: number };
  suiteCommit: string;
  /** What was tested: the target's URL, or the embedded app (each shard starts its own, on its own port). */
  target: string;
  targetUrl: string;
  targetVersion: string;
  profile: string;
  environment: string;
  /** How the shard's run was narrowed besides --shard (--grep…); empty for a full run. */
  narrowing: string[];
  budgets: SlaBudgets;
}

export interface SealBlobOptions {
  /** The blob reporter's folder. */
  blobDir: string;
  target: string;
  profile: string;
  environment: string;
  budgets: SlaBudgets;
}

export default class SealBlobReporter implements Reporter {
  private config: FullConfig | undefined;

  constructor(private readonly options: SealBlobOptions) {}

  onBegin(config: FullConfig, _suite: Suite): void {
    this.config = config;
  }

  onEnd(): void {
    const config = this.config!;
    if (!config.shard) return;
    const facts: ShardFacts = {
      shard: config.shard,
      suiteCommit: suiteCommit(suiteRootOf(config)),
      target: this.options.target,
      targetUrl: targetUrlOf(config),
      targetVersion: process.env.E2E_TARGET_VERSION ?? 'unknown',
      profile: this.options.profile,
      environment: this.options.environment,
      narrowing: detectRunScope(config).reasons.filter((r) => !r.startsWith('--shard')),
      budgets: this.options.budgets,
    };
    const dir = path.resolve(suiteRootOf(config), this.options.blobDir);
    const scrub = RedactArtifactsReporter.finalScrubber();
    for (const zip of fs.readdirSync(dir).filter((f) => f.endsWith('.zip'))) {
      scrubZip(path.join(dir, zip), scrub, { [SHARD_FACTS_ENTRY]: JSON.stringify(facts, null, 2) });
    }
  }

  printsToStdio(): boolean {
    return false;
  }
}
