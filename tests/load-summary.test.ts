import { describe, expect, it } from 'vitest';
import { parseStat, ticksBetween, treeTicks } from '../load/cpu';
import { buildScript, thresholds } from '../load/script';
import { loadSettings, refusal, DEPLOYED_MAX_RATE } from '../load/settings';
import { encodeRunContext, readRunContext, RUN_CONTEXT_VAR } from '../load/run-context';
import { judge, metricValue, summarise, timeline, type ArtilleryReport } from '../load/summary';

const BUDGETS = { connectMs: 2_000, firstEventMs: 5_000, runMs: 60_000 };

const clean = {
  'load.runs.started': 10,
  'load.runs.completed': 10,
  'load.frames.checked': 120,
  'load.frames.misrouted': 0,
  'load.frames.invalid': 0,
  'load.frames.lost': 0,
  'load.frames.duplicated': 0,
  'load.frames.rule_violations': 0,
};
const latency = { 'load.connect_ms': { count: 5, p50: 10, p95: 40, p99: 50, max: 60 }, 'load.first_event_ms': { count: 10, p95: 30 }, 'load.run_ms': { count: 10, p95: 900 } };

function report(counters: Record<string, number>, summaries: ArtilleryReport['aggregate']['summaries'] = latency): ArtilleryReport {
  return {
    aggregate: { counters, summaries },
    intermediate: [
      { period: 20_000, counters: { 'load.users.protocol.opened': 5, 'load.users.protocol.closed': 3 } },
      { period: 10_000, counters: { 'load.users.protocol.opened': 4, 'load.users.browser.opened': 1, 'vusers.created': 5 }, summaries: { 'load.run_ms': { p95: 700 } } },
    ],
  };
}

describe('the load summary', () => {
  it('reads counters and histogram aggregations by name', () => {
    const r = report(clean);
    expect(metricValue(r.aggregate, 'load.frames.misrouted')).toBe(0);
    expect(metricValue(r.aggregate, 'load.connect_ms.p95')).toBe(40);
    expect(metricValue(r.aggregate, 'load.nothing.p95')).toBeUndefined();
  });

  it('passes a clean run within budgets', () => {
    expect(summarise(report(clean), thresholds(BUDGETS)).passed).toBe(true);
  });

  it('fails on one misrouted frame, naming the threshold', () => {
    const summary = summarise(report({ ...clean, 'load.frames.misrouted': 1 }), thresholds(BUDGETS));
    expect(summary.passed).toBe(false);
    expect(summary.thresholds.filter((t) => !t.passed).map((t) => t.metric)).toEqual(['load.frames.misrouted']);
  });

  it('fails a p95 over its SLA budget, and a metric nobody measured', () => {
    const slow = { ...latency, 'load.first_event_ms': { count: 10, p95: 5_001 } };
    expect(judge(report(clean, slow).aggregate, thresholds(BUDGETS)).find((t) => !t.passed)?.metric).toBe('load.first_event_ms.p95');
    const unmeasured = judge({ counters: {} }, thresholds(BUDGETS));
    expect(unmeasured.every((t) => !t.passed)).toBe(true);
  });

  it('counts runs failed by kind and peak users (worker peak or period end, whichever is more)', () => {
    const withPeak = { ...latency, 'load.users.protocol.concurrent': { max: 60 } };
    const summary = summarise(report({ ...clean, 'load.runs.failed.first_event': 2, 'errors.first_event': 2 }, withPeak), thresholds(BUDGETS));
    expect(summary.runs.failedByKind).toEqual({ first_event: 2 });
    expect(summary.errors).toEqual({ first_event: 2 });
    expect(summary.users.peakProtocol).toBe(60);
    expect(summarise(report(clean), thresholds(BUDGETS)).users.peakProtocol).toBe(6);
  });

  it('draws users over time from opened minus closed, in period order', () => {
    const points = timeline(report(clean).intermediate!);
    expect(points.map((p) => [p.t, p.protocolUsers, p.browserUsers])).toEqual([
      [0, 4, 1],
      [10, 6, 1],
    ]);
    expect(points[0]!.runP95).toBe(700);
  });
});

describe('the load settings', () => {
  it('quick keeps its phases within two minutes', () => {
    const s = loadSettings({}, { quick: true, embedded: true });
    expect(s.preset).toBe('quick');
    expect(s.phases.reduce((sum, p) => sum + p.duration, 0)).toBeLessThan(120);
  });

  it('caps every arrival rate against a deployed target, and refuses it without E2E_LOAD_ALLOW', () => {
    const s = loadSettings({ E2E_LOAD_RATE: '50' }, { quick: false, embedded: false });
    expect(Math.max(...s.phases.flatMap((p) => [p.arrivalRate, p.rampTo ?? 0]))).toBe(DEPLOYED_MAX_RATE);
    expect(refusal(s, { embedded: false, baseURL: 'https://staging.example.com' })).toMatch(/E2E_LOAD_ALLOW=true/);
    const allowed = loadSettings({ E2E_LOAD_ALLOW: 'true' }, { quick: false, embedded: false });
    expect(refusal(allowed, { embedded: false, baseURL: 'https://staging.example.com' })).toBeUndefined();
    expect(refusal(s, { embedded: true, baseURL: 'http://127.0.0.1:1' })).toBeUndefined();
  });

  it('names every bad variable', () => {
    expect(() => loadSettings({ E2E_LOAD_RATE: 'fast', E2E_LOAD_PRESET: 'huge' }, { quick: false, embedded: true })).toThrow(/E2E_LOAD_PRESET[\s\S]*E2E_LOAD_RATE|E2E_LOAD_RATE[\s\S]*E2E_LOAD_PRESET/);
  });
});

describe('the Artillery script', () => {
  it('carries the thresholds as ensure conditions and no user data', () => {
    const script = buildScript({ settings: loadSettings({}, { quick: true, embedded: true }), baseURL: 'http://127.0.0.1:1', budgets: BUDGETS, processor: 'p.ts', chromiumArgs: [] }) as {
      config: { ensure: { conditions: { expression: string }[] } };
    };
    expect(script.config.ensure.conditions.map((c) => c.expression)).toContain('load.frames.misrouted == 0');
    expect(script.config.ensure.conditions.map((c) => c.expression)).toContain('load.connect_ms.p95 <= 2000');
    expect(JSON.stringify(script)).not.toMatch(/password|@example/);
  });
});

describe('the generator CPU', () => {
  it('reads ticks from /proc/<pid>/stat even when the command has spaces, and sums a process tree', () => {
    const stat = parseStat('42 (node worker 1) S 7 42 42 0 -1 4194560 100 0 0 0 150 50 0 0 20 0 11 0');
    expect(stat).toEqual({ ppid: 7, ticks: 200 });
    const tree = new Map([
      [1, { ppid: 0, ticks: 10 }],
      [2, { ppid: 1, ticks: 5 }],
      [3, { ppid: 2, ticks: 1 }],
      [4, { ppid: 9, ticks: 100 }],
    ]);
    expect([...treeTicks(1, tree).values()].reduce((a, b) => a + b)).toBe(16);
    const later = new Map([
      [1, 14],
      [3, 1],
      [5, 7],
    ]);
    expect(ticksBetween(treeTicks(1, tree), later), 'an ended child (2) must not count negative').toBe(4 + 0 + 7);
  });
});

describe('the run context handed to the workers', () => {
  it('survives passwords with quotes, newlines and = in one dotenv-safe token', () => {
    const context = { baseURL: 'http://h', apiURL: 'http://h', target: 'reference' as const, budgets: BUDGETS, readyTimeoutMs: 1, users: [{ key: 'u1', email: 'a@b.c', password: `it's\n"x"=y` }] };
    const token = encodeRunContext(context);
    expect(token).toMatch(/^[\w-]+$/);
    expect(readRunContext({ [RUN_CONTEXT_VAR]: token })).toEqual(context);
  });
});
