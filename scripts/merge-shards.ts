/**
 * `npm run merge`: the shards' blob reports in reports/blob (one per `npm run e2e -- --shard=x/y`)
 * merged into the reports of one run — Playwright HTML, Allure results and report, and
 * reports/signoff.{md,html,json}. Needs neither a browser nor the target.
 *
 * Shards that do not make one run block the sign-off, each problem named: a missing shard, two
 * blobs of one shard, shards of another suite commit, target, version, profile or budgets.
 * Exits as `npm run e2e` does (reporters/signoff/exit-code.ts: 1 when the verdict fails the run),
 * 2 when there is nothing to merge.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { BLOB_ROOT, MERGED_RUN_ENV, SHARD_FACTS_ENTRY, shardName } from '../config/shard';
import type { ShardFacts } from '../reporters/seal-blob';
import { exitCodeFromSignoff } from '../reporters/signoff/exit-code';
import type { SignoffReporterOptions } from '../reporters/signoff-reporter';

export interface Blob {
  /** Path shown in messages. */
  file: string;
  facts?: ShardFacts;
}

/** Facts that must be the same on every shard for the shards to be one run. */
const SAME: [keyof ShardFacts, string][] = [
  ['suiteCommit', 'suite commit'],
  ['target', 'target'],
  ['targetVersion', 'target version'],
  ['profile', 'profile'],
  ['environment', 'environment'],
  ['budgets', 'SLA budgets'],
];

const show = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** Why these blobs are not one whole run; empty when they are. */
export function mergeProblems(blobs: readonly Blob[]): string[] {
  const problems: string[] = [];
  const withFacts = blobs.filter((b): b is Required<Blob> => Boolean(b.facts));
  for (const b of blobs.filter((b) => !b.facts)) {
    problems.push(`${b.file} has no shard facts: it was not written by \`npm run e2e -- --shard=x/y\``);
  }
  const totals = [...new Set(withFacts.map((b) => b.facts.shard.total))];
  if (totals.length > 1) {
    problems.push(`the blobs disagree on the shard count: ${withFacts.map((b) => `${b.file} is ${shardName(b.facts.shard)}`).join(', ')}`);
  }
  const total = Math.max(0, ...totals);
  for (let current = 1; current <= total; current++) {
    const found = withFacts.filter((b) => b.facts.shard.current === current && b.facts.shard.total === total);
    if (found.length === 0) problems.push(`${shardName({ current, total })} is missing: no blob for it in ${BLOB_ROOT}`);
    if (found.length > 1) problems.push(`${shardName({ current, total })} has ${found.length} blobs: ${found.map((b) => b.file).join(', ')}`);
  }
  const [first, ...rest] = [...withFacts].sort((a, b) => a.facts.shard.current - b.facts.shard.current);
  for (const [key, label] of SAME) {
    for (const other of rest) {
      const [a, b] = [show(first!.facts[key]), show(other.facts[key])];
      if (a !== b) problems.push(`${shardName(other.facts.shard)} ran ${label} ${b}, but ${shardName(first!.facts.shard)} ran ${a}`);
    }
  }
  return problems;
}

/** The sign-off reporter's options for the merged run. */
export function mergedSignoff(blobs: readonly Blob[]): SignoffReporterOptions {
  const facts = blobs.flatMap((b) => (b.facts ? [b.facts] : [])).sort((a, b) => a.shard.current - b.shard.current);
  const first = facts[0];
  return {
    profile: first?.profile,
    environment: first?.environment,
    budgets: first?.budgets,
    merged: {
      targetUrl: first?.targetUrl ?? 'unknown',
      targetVersion: first?.targetVersion ?? 'unknown',
      suiteCommit: first?.suiteCommit ?? 'unknown',
      narrowing: [...new Set(facts.flatMap((f) => f.narrowing))],
      problems: mergeProblems(blobs).map((p) => `merging shards: ${p}`),
    },
  };
}

export function readBlobs(root: string): Blob[] {
  if (!fs.existsSync(root)) return [];
  const zips = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.zip')).sort();
  return zips.map((rel) => {
    const file = path.join(root, rel);
    const entries = unzipSync(fs.readFileSync(file), { filter: (entry) => entry.name === SHARD_FACTS_ENTRY });
    const facts = entries[SHARD_FACTS_ENTRY];
    return { file: path.relative(process.cwd(), file), ...(facts ? { facts: JSON.parse(strFromU8(facts)) as ShardFacts } : {}) };
  });
}

function main(): number {
  const startedAt = new Date();
  const blobs = readBlobs(BLOB_ROOT);
  if (blobs.length === 0) {
    console.error(`no blob reports in ${BLOB_ROOT}: run the shards first (npm run e2e -- --shard=1/3, 2/3, 3/3) or download them there`);
    return 2;
  }
  const flat = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-blobs-'));
  blobs.forEach((b, i) => fs.copyFileSync(b.file, path.join(flat, `${String(i).padStart(3, '0')}-${path.basename(b.file)}`)));
  for (const old of ['allure-results', 'html', 'signoff.md', 'signoff.html', 'signoff.json']) {
    fs.rmSync(path.join('reports', old), { recursive: true, force: true });
  }
  const signoff = mergedSignoff(blobs);
  for (const problem of signoff.merged!.problems) console.error(`✘ ${problem}`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const merge = spawnSync(npx, ['playwright', 'merge-reports', '--config', 'merge.config.ts', flat], {
    stdio: 'inherit',
    env: { ...process.env, [MERGED_RUN_ENV]: JSON.stringify(signoff) },
  });
  fs.rmSync(flat, { recursive: true, force: true });
  if (merge.status !== 0) console.error(`playwright merge-reports failed (${merge.error?.message ?? `exit ${merge.status}`})`);
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/allure-report.ts'], { stdio: 'inherit' });
  if (merge.status !== 0) return 1;
  const exit = exitCodeFromSignoff(path.resolve('reports', 'signoff.json'), startedAt);
  if (exit.problem) console.error(exit.problem);
  return exit.code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) process.exit(main());
