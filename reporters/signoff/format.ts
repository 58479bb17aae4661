/** Small formatting shared by the md and html renderers. */
import type { ItemStatus, SignoffModel, SlaFigure, TestRecord } from './types';

export const STATUS_META: Record<ItemStatus, { label: string; icon: string }> = {
  passed: { label: 'passed', icon: '✅' },
  failed: { label: 'failed', icon: '❌' },
  flaky: { label: 'flaky', icon: '🔁' },
  skipped: { label: 'skipped', icon: '⏭️' },
  'no-test': { label: 'no test', icon: '⛔' },
  'not-applicable': { label: 'not applicable here', icon: '➖' },
  inconclusive: { label: 'inconclusive: runner overloaded', icon: '⏳' },
};

export const SLA_STATUS_LABEL: Record<SlaFigure['status'], string> = {
  ok: 'within budget',
  warn: 'some samples over budget',
  breach: 'BREACH (p95 over budget)',
  inconclusive: 'inconclusive: runner overloaded (p95 over budget only with samples the runner\'s stalls account for)',
  'no-data': 'not measured',
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function runSummary(model: SignoffModel): string {
  const { run, totals } = model;
  const counts = (['passed', 'failed', 'flaky', 'skipped'] as const)
    .filter((k) => totals[k] > 0)
    .map((k) => `${totals[k]} ${k}`)
    .join(', ');
  const scope = run.scope.full ? 'full suite' : `narrowed run (${run.scope.reasons.join('; ')})`;
  const n = totals.repeatedInShards ?? 0;
  const repeated = n ? ` (${n} set-up test${n > 1 ? 's' : ''} ran in every shard, counted once)` : '';
  return `${run.status} in ${formatDuration(run.durationMs)} · ${totals.tests} tests${counts ? `: ${counts}` : ''}${repeated} · ${scope}`;
}

/** ", 3 attempts", or for a test every shard ran: ", ran in each of 2 shards". */
export function attemptsNote(t: TestRecord, sep: string): string {
  if (t.shardRuns && t.shardRuns > 1) return `${sep}ran in each of ${t.shardRuns} shards${t.attempts > t.shardRuns ? `${sep}${t.attempts} attempts` : ''}`;
  return t.attempts > 1 ? `${sep}${t.attempts} attempts` : '';
}

/** Label/value rows of the run facts, in display order. */
export function runFacts(model: SignoffModel): [string, string][] {
  const { run } = model;
  return [
    ['Target', run.targetUrl],
    ['Version', run.version],
    ['Suite commit', run.suiteCommit],
    ['Date', run.date],
    ['Profile', run.profile],
    ['Environment', run.environment],
    ['Browser', run.browsers.join(', ') || 'none'],
    ['Run', runSummary(model)],
    ['Playwright', run.playwrightVersion],
  ];
}

/**
 * The items a blocker shared by several blocking items (one root failure) blocks, one line each:
 * "GP-06 — title (through the rule [run-sequence]; +1 more failed)". Empty for any other blocker.
 */
export function blockedItems(model: SignoffModel, blocker: number): string[] {
  const root = model.verdict.rootFailures.find((r) => r.blocker === blocker);
  if (!root || root.blocks.length < 2) return [];
  return root.blocks.map((id) => {
    const r = model.items.find((i) => i.item.id === id);
    const extra = [r?.cause?.rule ? `through the rule [${r.cause.rule}]` : '', r?.cause?.others ? `+${r.cause.others} more ${r.status}` : ''].filter(Boolean);
    return `${id} — ${r?.item.title ?? 'unknown item'}${extra.length ? ` (${extra.join('; ')})` : ''}`;
  });
}

export const SIGNERS = ['QA lead', 'Release manager'] as const;
