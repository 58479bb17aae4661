import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyFigure, classifyRanOutWait, ranOutAfterMs, starvedBy, type LoadFigures } from '../harness/runner-load/starvation';
import { describeWait, runnerLoad, waitTimer, type WaitTimeout } from '../harness/runner-load/runner-load';
import { classifyTestFailure } from '../harness/runner-load/test-failure';

const THRESHOLDS = { eventLoopMs: 250, pageLagMs: 500, loadPerCore: 8 };
const calm: LoadFigures = { eventLoopMs: 20, pageLagMs: 30, loadPerCore: 1.5, cores: 2 };
const stalled: LoadFigures = { eventLoopMs: 900, pageLagMs: 1200, loadPerCore: 9, cores: 2 };
const busyButRunning: LoadFigures = { eventLoopMs: 40, pageLagMs: 60, loadPerCore: 10, cores: 2 };

describe('when the runner counts as starved', () => {
  it('names each figure over its threshold, and none when it kept up', () => {
    expect(starvedBy(calm, THRESHOLDS)).toEqual([]);
    const over = starvedBy(stalled, THRESHOLDS);
    expect(over).toHaveLength(3);
    expect(over[0]).toMatch(/event loop stalled 900 ms \(threshold 250 ms\)/);
    expect(over[1]).toMatch(/page timers ran 1\.2 s late/);
    expect(over[2]).toMatch(/load average 18\.0 on 2 cores \(threshold 8 per core\)/);
  });
});

describe('an SLA figure over its budget', () => {
  const connect = (valueMs: number, load?: LoadFigures) => ({ what: 'socket connected', valueMs, budgetMs: 2000, load });

  it('within its budget is within, starved or not', () => {
    expect(classifyFigure(connect(1999, stalled), THRESHOLDS).kind).toBe('within');
  });

  it("is the runner's when the runner was starved and its own stall is longer than the overshoot", () => {
    const verdict = classifyFigure(connect(2021, stalled), THRESHOLDS);
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.kind !== 'within' && verdict.text).toMatch(/^inconclusive: runner overloaded: socket connected took 2021 ms, budget 2000 ms.*1\.2 s stall/);
  });

  it("is the target's when the runner kept up", () => {
    expect(classifyFigure(connect(2021, calm), THRESHOLDS)).toEqual({ kind: 'product', text: 'SLA breach: socket connected took 2021 ms, budget 2000 ms' });
  });

  it("is the target's when the overshoot is longer than anything the starved runner lost", () => {
    const verdict = classifyFigure({ what: 'first agent event after send', valueMs: 6500, budgetMs: 5000, load: stalled }, THRESHOLDS);
    expect(verdict.kind).toBe('product');
    expect(verdict.kind !== 'within' && verdict.text).toMatch(/^SLA breach: first agent event after send took 6500 ms, budget 5000 ms; the runner was loaded .* shorter than the 1\.5 s overshoot$/);
  });

  it("is the target's on load average alone: a loaded machine whose runner never stalled long enough", () => {
    expect(classifyFigure(connect(2100, busyButRunning), THRESHOLDS).kind).toBe('product');
  });

  it("is the target's without figures or thresholds", () => {
    expect(classifyFigure(connect(2021), THRESHOLDS).kind).toBe('product');
    expect(classifyFigure(connect(2021, stalled), undefined).kind).toBe('product');
  });
});

describe('a wait that ran out', () => {
  it('is told by the timeout Playwright states, and never by the suite’s own frame waits', () => {
    expect(ranOutAfterMs('Error: the connection status must show "connected"\n\nExpected: "connected"\nTimeout: 5000ms')).toBe(5000);
    expect(ranOutAfterMs('Test timeout of 90000ms exceeded.')).toBe(90000);
    expect(ranOutAfterMs('locator.click: Timeout 30000ms exceeded.')).toBe(30000);
    expect(ranOutAfterMs('no agent_started of supervisor within 5000 ms; last frames: none')).toBeUndefined();
    expect(ranOutAfterMs('expect(received).toEqual(expected)')).toBeUndefined();
  });

  it("is the runner's only while the runner was starved", () => {
    expect(classifyRanOutWait('the connection status must show "connected"', stalled, THRESHOLDS, 5000)).toMatchObject({
      kind: 'inconclusive',
      text: expect.stringMatching(/^inconclusive: runner overloaded: the connection status must show "connected" — while test worker's event loop stalled/),
    });
    expect(classifyRanOutWait('the connection status must show "connected"', calm, THRESHOLDS, 5000).kind).toBe('product');
  });

  it("is the target's when the runner's longest stall is too short a share of the wait to explain it", () => {
    // A state that never came within 30 s: a 1.2 s stall on the way does not explain it.
    const verdict = classifyRanOutWait('the connection status did not go reconnecting → connected', stalled, THRESHOLDS, 30_000);
    expect(verdict.kind).toBe('product');
    expect(verdict.kind === 'product' && verdict.text).toMatch(/longest stall, 1\.2 s, is too short to explain a 30 s wait/);
    expect(classifyRanOutWait('x', stalled, THRESHOLDS, 12_000).kind).toBe('inconclusive');
  });

  it('makes a failed test inconclusive only when every error is a wait that ran out while the runner was starved', () => {
    const failed = (...messages: string[]) => ({ status: 'failed' as const, expectedStatus: 'passed' as const, errors: messages.map((message) => ({ message })) });
    runnerLoad.recordPageLag(Date.now(), 2000);
    const started = Date.now() - 10_000;
    expect(classifyTestFailure(failed('Error: thinking must show\n\nTimeout: 5000ms'), started, THRESHOLDS)?.kind).toBe('inconclusive');
    expect(classifyTestFailure(failed('Error: the chat must show\n\nTimeout: 30000ms'), started, THRESHOLDS)?.kind).toBe('product');
    expect(classifyTestFailure(failed('Error: thinking must show\n\nTimeout: 5000ms', 'SLA breach: whole run took 70000 ms'), started, THRESHOLDS)?.kind).toBeUndefined();
    expect(classifyTestFailure(failed('no agent_completed within 60000 ms'), started, THRESHOLDS)).toBeUndefined();
    expect(classifyTestFailure({ ...failed('x'), status: 'passed' }, started, THRESHOLDS)).toBeUndefined();
  });
});

describe('frame waits', () => {
  afterEach(() => {
    runnerLoad.endTest();
    vi.useRealTimers();
  });

  const waitFor = (budgetMs: number) => {
    let ranOut: WaitTimeout | undefined;
    waitTimer(budgetMs, (t) => (ranOut = t));
    return () => ranOut;
  };

  it('run out at their budget while the runner keeps up', async () => {
    vi.useFakeTimers();
    runnerLoad.beginTest(() => Infinity, THRESHOLDS);
    const ranOut = waitFor(5000);
    await vi.advanceTimersByTimeAsync(4999);
    expect(ranOut()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(ranOut()).toEqual({ waitedMs: 5000, creditMs: 0, cutShort: false });
  });

  it("are given the runner's own longest stall on top of their budget", async () => {
    vi.useFakeTimers();
    runnerLoad.beginTest(() => Infinity, THRESHOLDS);
    const ranOut = waitFor(5000);
    await vi.advanceTimersByTimeAsync(3000);
    runnerLoad.recordPageLag(Date.now(), 800);
    await vi.advanceTimersByTimeAsync(2000);
    expect(ranOut()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(800);
    expect(ranOut()).toMatchObject({ creditMs: 800, cutShort: false });
    expect(describeWait(5000, ranOut()!)).toBe('within 5000 ms (+800 ms the runner itself stalled)');
  });

  it("stop before the test's own time runs out, and say so", async () => {
    vi.useFakeTimers();
    const deadline = Date.now() + 2000;
    runnerLoad.beginTest(() => deadline, THRESHOLDS);
    const ranOut = waitFor(60_000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(ranOut()).toMatchObject({ waitedMs: 2000, cutShort: true });
    expect(describeWait(60_000, ranOut()!)).toBe("within 2000 ms (cut short of its 60000 ms: the test's own time runs out)");
  });
});
