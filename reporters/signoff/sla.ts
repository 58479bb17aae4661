/** SLA figures: parse `sla-metrics` attachments, percentiles, comparison with the budgets. */
import { z } from 'zod';
import { starvedOverBudget } from './inconclusive';
import type { SlaFigure, SlaMetric, SlaSample } from './types';

export const SLA_METRICS: readonly { metric: SlaMetric; label: string; env: string; defaultBudgetMs: number }[] = [
  { metric: 'connectMs', label: 'Socket connected', env: 'E2E_SLA_CONNECT_MS', defaultBudgetMs: 2000 },
  { metric: 'firstEventMs', label: 'First agent event after send', env: 'E2E_SLA_FIRST_EVENT_MS', defaultBudgetMs: 5000 },
  { metric: 'runMs', label: 'Whole run', env: 'E2E_SLA_RUN_MS', defaultBudgetMs: 60000 },
];

export type SlaBudgets = Record<SlaMetric, number>;

export function slaBudgetsFromEnv(env: NodeJS.ProcessEnv = process.env): SlaBudgets {
  const budgets = {} as SlaBudgets;
  for (const { metric, env: name, defaultBudgetMs } of SLA_METRICS) {
    const value = Number(env[name]);
    budgets[metric] = env[name] && Number.isFinite(value) && value > 0 ? value : defaultBudgetMs;
  }
  return budgets;
}

const ms = z.number().finite().nonnegative().optional();
const load = z.object({ eventLoopMs: z.number(), pageLagMs: z.number().optional(), loadPerCore: z.number(), cores: z.number() });
const slaMetricsSchema = z.object({
  connectMs: ms,
  firstEventMs: ms,
  runMs: ms,
  runner: z.object({ connectMs: load.optional(), firstEventMs: load.optional(), runMs: load.optional() }).optional(),
  starvedAt: z.object({ eventLoopMs: z.number(), pageLagMs: z.number(), loadPerCore: z.number() }).optional(),
});

/**
 * Samples of one `sla-metrics` attachment body: an object, or an array of objects
 * (a test measuring several users at once). Throws with a readable message when invalid.
 */
export function parseSlaMetrics(text: string, test: string): SlaSample[] {
  const json: unknown = JSON.parse(text);
  const list = Array.isArray(json) ? json : [json];
  return list.map((entry) => ({ ...slaMetricsSchema.parse(entry), test }));
}

/** Nearest-rank percentile: the smallest sample with at least q of the samples ≤ it. */
export function percentile(values: readonly number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** 'breach' when the p95 is over budget, 'warn' when only some samples are. */
export function slaStatus(values: readonly number[], budgetMs: number): SlaFigure['status'] {
  if (values.length === 0) return 'no-data';
  if ((percentile(values, 0.95) ?? 0) > budgetMs) return 'breach';
  return values.some((v) => v > budgetMs) ? 'warn' : 'ok';
}

/**
 * p50 / p95 / max of each metric over every sample of the run, each against its budget. Samples
 * the runner's starvation accounts for count as within budget for 'breach'; when only they put
 * the p95 over, the figure is 'inconclusive'.
 */
export function slaFigures(samples: readonly SlaSample[], budgets: SlaBudgets): SlaFigure[] {
  return SLA_METRICS.map(({ metric, label }) => {
    const measured = samples.filter((s) => s[metric] !== undefined) as (SlaSample & Record<SlaMetric, number>)[];
    const values = measured.map((s) => s[metric]);
    const budgetMs = budgets[metric];
    const overBudget = values.filter((v) => v > budgetMs).length;
    const starved = measured.map((s) => starvedOverBudget(s, metric, label, budgetMs));
    const starvedSamples = starved.filter(Boolean).length;
    const targetsOwn = values.map((v, i) => (starved[i] ? Math.min(v, budgetMs) : v));
    const status = slaStatus(values, budgetMs);
    const worst = measured.reduce<(typeof measured)[number] | undefined>((a, s) => (!a || s[metric] > a[metric] ? s : a), undefined);
    return {
      ...(starvedSamples > 0 ? { starvedSamples } : {}),
      metric,
      label,
      budgetMs,
      samples: values.length,
      p50: percentile(values, 0.5),
      p95: percentile(values, 0.95),
      max: values.length ? Math.max(...values) : undefined,
      overBudget,
      status: status === 'breach' && slaStatus(targetsOwn, budgetMs) !== 'breach' ? 'inconclusive' : status,
      worstTest: worst?.test,
    };
  });
}

export function formatMs(value: number | undefined): string {
  if (value === undefined) return '—';
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${Number((value / 1000).toFixed(2))} s`;
}
