/**
 * Artillery's JSON report (`--output`) read into what the load reports show: latency percentiles,
 * runs by outcome, frame problems, users and latency over time, the thresholds' verdicts. Pure.
 */
import { FRAME_COUNTERS, METRIC, type FrameCounter } from './run-context';
import type { Threshold } from './script';

interface Summary {
  count?: number;
  p50?: number;
  median?: number;
  p95?: number;
  p99?: number;
  [aggregation: string]: number | undefined;
}
interface Period {
  counters?: Record<string, number>;
  summaries?: Record<string, Summary>;
  period?: number | string;
  firstMetricAt?: number;
}
export interface ArtilleryReport {
  aggregate: Period;
  intermediate?: Period[];
}

export interface Percentiles {
  count: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

export interface TimePoint {
  /** Seconds since the first period. */
  t: number;
  protocolUsers: number;
  browserUsers: number;
  arrivals: number;
  firstEventP95?: number;
  runP95?: number;
  connectP95?: number;
}

export interface ThresholdResult extends Threshold {
  value?: number;
  passed: boolean;
}

export interface LoadSummary {
  latency: { connect: Percentiles; firstEvent: Percentiles; run: Percentiles; browserAnswer: Percentiles };
  runs: { started: number; completed: number; failedByKind: Record<string, number> };
  /** Artillery's own error counters (`errors.<code>`): failed virtual users by cause. */
  errors: Record<string, number>;
  frames: Record<FrameCounter, number>;
  /**
   * Peaks: the most users one generator worker held at once (exact on one worker, as locally on up
   * to 2 cores; a lower bound across several), or more at a period's end.
   */
  users: { created: number; completed: number; failed: number; peakProtocol: number; peakBrowser: number };
  timeline: TimePoint[];
  thresholds: ThresholdResult[];
  passed: boolean;
}

export function percentiles(summary: Summary | undefined): Percentiles {
  if (!summary) return { count: 0 };
  return { count: summary.count ?? 0, p50: summary.p50 ?? summary.median, p95: summary.p95, p99: summary.p99 };
}

function prefixed(counters: Record<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(Object.entries(counters).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
}

/** A counter, or `<histogram>.<aggregation>` (e.g. `load.run_ms.p95`), from the aggregate. */
export function metricValue(period: Period, metric: string): number | undefined {
  const counter = period.counters?.[metric];
  if (counter !== undefined) return counter;
  const at = metric.lastIndexOf('.');
  return period.summaries?.[metric.slice(0, at)]?.[metric.slice(at + 1)];
}

export function judge(period: Period, list: readonly Threshold[]): ThresholdResult[] {
  return list.map((t) => {
    const value = metricValue(period, t.metric);
    const passed = value !== undefined && (t.op === '<=' ? value <= t.limit : t.op === '>=' ? value >= t.limit : value === t.limit);
    return { ...t, value, passed };
  });
}

/**
 * Users connected in each period: the most a worker held at once in it (sampled as users open), or
 * if more, those opened so far minus those closed at its end.
 */
export function timeline(periods: readonly Period[]): TimePoint[] {
  const sorted = [...periods].sort((a, b) => Number(a.period ?? a.firstMetricAt) - Number(b.period ?? b.firstMetricAt));
  const start = Number(sorted[0]?.period ?? sorted[0]?.firstMetricAt ?? 0);
  const open = { protocol: 0, browser: 0 };
  return sorted.map((p) => {
    const c = p.counters ?? {};
    for (const kind of ['protocol', 'browser'] as const) open[kind] += (c[METRIC.opened(kind)] ?? 0) - (c[METRIC.closed(kind)] ?? 0);
    const peak = (kind: 'protocol' | 'browser') => Math.max(open[kind], p.summaries?.[METRIC.concurrent(kind)]?.max ?? 0);
    return {
      t: Math.round((Number(p.period ?? p.firstMetricAt) - start) / 1000),
      protocolUsers: peak('protocol'),
      browserUsers: peak('browser'),
      arrivals: c['vusers.created'] ?? 0,
      firstEventP95: p.summaries?.[METRIC.firstEventMs]?.p95,
      runP95: p.summaries?.[METRIC.runMs]?.p95,
      connectP95: p.summaries?.[METRIC.connectMs]?.p95,
    };
  });
}

export function summarise(report: ArtilleryReport, list: readonly Threshold[]): LoadSummary {
  const { aggregate } = report;
  const counters = aggregate.counters ?? {};
  const summaries = aggregate.summaries ?? {};
  const points = timeline(report.intermediate ?? []);
  const results = judge(aggregate, list);
  return {
    latency: {
      connect: percentiles(summaries[METRIC.connectMs]),
      firstEvent: percentiles(summaries[METRIC.firstEventMs]),
      run: percentiles(summaries[METRIC.runMs]),
      browserAnswer: percentiles(summaries[METRIC.browserAnswerMs]),
    },
    runs: {
      started: counters[METRIC.runsStarted] ?? 0,
      completed: counters[METRIC.runsCompleted] ?? 0,
      failedByKind: prefixed(counters, `${METRIC.runsFailed}.`),
    },
    errors: prefixed(counters, 'errors.'),
    frames: Object.fromEntries(FRAME_COUNTERS.map((name) => [name, counters[METRIC.frames(name)] ?? 0])) as Record<FrameCounter, number>,
    users: {
      created: counters['vusers.created'] ?? 0,
      completed: counters['vusers.completed'] ?? 0,
      failed: counters['vusers.failed'] ?? 0,
      peakProtocol: Math.max(summaries[METRIC.concurrent('protocol')]?.max ?? 0, ...points.map((p) => p.protocolUsers)),
      peakBrowser: Math.max(summaries[METRIC.concurrent('browser')]?.max ?? 0, ...points.map((p) => p.browserUsers)),
    },
    timeline: points,
    thresholds: results,
    passed: results.every((r) => r.passed),
  };
}
