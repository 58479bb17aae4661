import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../checklist/checklist';
import { buildSignoffModel, type SignoffInput } from '../reporters/signoff/model';
import { renderMarkdown } from '../reporters/signoff/render-md';
import { parseSlaMetrics, percentile, slaBudgetsFromEnv, slaFigures } from '../reporters/signoff/sla';
import type { SlaSample, TestRecord } from '../reporters/signoff/types';
import { BUDGETS, LINKS, runInfo } from './helpers/signoff-input';

function record(id: string, over: Partial<TestRecord> = {}): TestRecord {
  return {
    id: `test-${id}`,
    title: `proves ${id}`,
    file: 'e2e/golden.spec.ts',
    line: 10,
    project: 'chromium',
    status: 'passed',
    durationMs: 1000,
    attempts: 1,
    checklistIds: [id],
    evidence: [],
    ...over,
  };
}

const run = runInfo;

/** Every item proven by one passing test, then the given changes. */
function model(changes: Record<string, Partial<TestRecord> | null> = {}, over: Partial<SignoffInput> = {}) {
  const tests = CHECKLIST.filter((i) => changes[i.id] !== null).map((i) => record(i.id, changes[i.id] ?? {}));
  const okSamples: SlaSample[] = [{ connectMs: 500, firstEventMs: 1200, runMs: 20000, test: 't' }];
  return buildSignoffModel({ run: run(), tests, slaSamples: okSamples, slaBudgets: BUDGETS, links: LINKS, ...over });
}

describe('the verdict rule', () => {
  it('is GO when every item passed', () => {
    const m = model();
    expect(m.verdict.decision).toBe('GO');
    expect(m.verdict.blockers).toEqual([]);
    expect(m.verdict.headline).toMatch(/^GO — all \d+ blocking items passed$/);
    expect(m.verdict.failsRun).toBe(false);
  });

  it('is NO-GO when a blocking item failed, and says which test and why', () => {
    const m = model({ 'GP-04': { status: 'failed', title: 'streams five events', error: 'Error: expected 5 events, got 4' } });
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.failsRun).toBe(true);
    expect(m.verdict.headline).toBe(
      'NO-GO — blocked by GP-04 (The five critical events are delivered and rendered live, in order): test "streams five events" failed: Error: expected 5 events, got 4',
    );
  });

  it('is NO-GO when a blocking item was flaky (failed, then passed on retry)', () => {
    const m = model({ 'GP-13': { status: 'flaky', attempts: 2, error: 'Error: frame seq 7 seen twice' } });
    expect(m.items.find((r) => r.item.id === 'GP-13')?.status).toBe('flaky');
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers[0]).toContain('was flaky (failed, then passed on retry 1): Error: frame seq 7 seen twice');
  });

  it('is NO-GO when a blocking item was skipped, with the skip reason', () => {
    const m = model({ 'GP-24': { status: 'skipped', skipReason: 'profile has no password login' } });
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers).toEqual([
      expect.stringMatching(/^GP-24 \(.*\): test "proves GP-24" skipped: profile has no password login$/),
    ]);
  });

  it('is NO-GO when a blocking item has no test', () => {
    const m = model({ 'GP-17': null });
    expect(m.items.find((r) => r.item.id === 'GP-17')?.status).toBe('no-test');
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers[0]).toMatch(/^GP-17 .*no test proves this item$/);
  });

  it('stays GO when only non-blocking items failed, and lists them as warnings', () => {
    const m = model({ 'GP-27': { status: 'failed', error: 'Error: bad frame not answered' }, 'GP-14': { status: 'skipped', skipReason: 'no resume' } });
    expect(m.verdict.decision).toBe('GO');
    expect(m.verdict.warnings.join('\n')).toContain('GP-27');
    expect(m.verdict.warnings.join('\n')).toContain('GP-14');
    expect(m.verdict.headline).toMatch(/2 warnings to review$/);
  });

  it('counts an item as passed when one of its tests passed and another was skipped, with a warning', () => {
    const m = model({}, {});
    const tests = [...m.items.flatMap((r) => r.tests), record('GP-02', { id: 'extra', status: 'skipped', skipReason: 'firefox lacks it' })];
    const m2 = buildSignoffModel({ run: run(), tests, slaSamples: [], slaBudgets: BUDGETS, links: m.links });
    expect(m2.items.find((r) => r.item.id === 'GP-02')?.status).toBe('passed');
    expect(m2.verdict.warnings.some((w) => w.startsWith('GP-02') && w.includes('1 of 2 tests skipped'))).toBe(true);
  });

  it('is NO-GO when the run was interrupted or errored outside the tests, and that leads the headline', () => {
    const errored = model({ 'GP-25': { status: 'skipped', skipReason: 'did not run' } }, { run: run({ status: 'failed', globalErrors: ['Error: connect ECONNREFUSED 127.0.0.1:4310'] }) });
    expect(errored.verdict.headline).toMatch(/^NO-GO — blocked by the run errored outside the tests: Error: connect ECONNREFUSED/);
    const interrupted = model({}, { run: run({ status: 'interrupted' }) });
    expect(interrupted.verdict.decision).toBe('NO-GO');
    expect(interrupted.verdict.blockers).toEqual(['the run was interrupted before it finished']);
  });

  it('is NO-GO when the checklist guard failed', () => {
    const m = model({}, { guardErrors: [{ kind: 'unknown-item', itemId: 'GP-99', testTitle: 't', message: 'test "t" names unknown checklist item "GP-99"' }] });
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.blockers).toEqual(['checklist guard: test "t" names unknown checklist item "GP-99"']);
  });

  it('is NO-GO when an SLA p95 is over budget, a warning when only single samples are', () => {
    const slow = (n: number, ms: number): SlaSample[] => Array.from({ length: n }, () => ({ connectMs: ms, test: 'load' }));
    const breach = model({}, { slaSamples: [...slow(18, 900), ...slow(2, 2500)] });
    expect(breach.verdict.decision).toBe('NO-GO');
    expect(breach.verdict.blockers[0]).toBe('SLA breach: Socket connected p95 2.5 s is over the 2 s budget (slowest: load)');
    const spike = model({}, { slaSamples: [...slow(39, 900), ...slow(1, 2500)] });
    expect(spike.verdict.decision).toBe('GO');
    expect(spike.verdict.warnings.some((w) => w.startsWith('SLA: 1 of 40 "Socket connected" samples over'))).toBe(true);
  });

  it('does not fail the exit code of a narrowed run whose only blockers were not selected', () => {
    const narrowed = run({ scope: { full: false, reasons: ['--grep @auth'] } });
    const m = model({ 'GP-04': null, 'GP-05': null }, { run: narrowed });
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.failsRun).toBe(false);
    expect(m.verdict.headline).toMatch(/^NO-GO — not a release run: narrowed \(--grep @auth\), 2 blocking items not run/);
    const failing = model({ 'GP-04': null, 'GP-21': { status: 'failed', error: 'Error: x' } }, { run: narrowed });
    expect(failing.verdict.failsRun).toBe(true);
    expect(failing.verdict.headline).toMatch(/^NO-GO — blocked by GP-21/);
  });
});

describe('SLA figures', () => {
  it('uses nearest-rank percentiles', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 0.5)).toBe(5);
    expect(percentile(ten, 0.95)).toBe(10);
    expect(percentile(ten, 0.9)).toBe(9);
    expect(percentile([42], 0.95)).toBe(42);
    expect(percentile([], 0.5)).toBeUndefined();
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.95)).toBe(95);
  });

  it('computes p50 / p95 / max per metric against its budget, over samples that have it', () => {
    const samples: SlaSample[] = [
      { connectMs: 300, firstEventMs: 900, test: 'a' },
      { connectMs: 700, runMs: 30000, test: 'b' },
      { connectMs: 500, test: 'c' },
    ];
    const [connect, firstEvent, whole] = slaFigures(samples, BUDGETS);
    expect(connect).toMatchObject({ metric: 'connectMs', samples: 3, p50: 500, p95: 700, max: 700, status: 'ok', overBudget: 0, worstTest: 'b' });
    expect(firstEvent).toMatchObject({ samples: 1, p50: 900, status: 'ok' });
    expect(whole).toMatchObject({ samples: 1, max: 30000, budgetMs: 60000 });
    expect(slaFigures([], BUDGETS).map((f) => f.status)).toEqual(['no-data', 'no-data', 'no-data']);
  });

  it('reads an sla-metrics body (object or array) and refuses nonsense', () => {
    expect(parseSlaMetrics('{"connectMs":120,"firstEventMs":800}', 't')).toEqual([{ connectMs: 120, firstEventMs: 800, test: 't' }]);
    expect(parseSlaMetrics('[{"runMs":1},{"runMs":2}]', 't')).toHaveLength(2);
    expect(() => parseSlaMetrics('{"connectMs":-5}', 't')).toThrow();
    expect(() => parseSlaMetrics('not json', 't')).toThrow();
  });

  it('takes budgets from the environment, with the platform targets as defaults', () => {
    expect(slaBudgetsFromEnv({})).toEqual(BUDGETS);
    expect(slaBudgetsFromEnv({ E2E_SLA_CONNECT_MS: '1500', E2E_SLA_RUN_MS: 'nope' })).toEqual({ ...BUDGETS, connectMs: 1500 });
  });
});

describe('the markdown sign-off', () => {
  it('says in its first lines what blocks the release', () => {
    const m = model({ 'GP-04': { status: 'failed', title: 'streams five events', error: 'Error: expected 5 events, got 4' } });
    const lines = renderMarkdown(m).split('\n');
    expect(lines[0]).toBe('# Release sign-off: NO-GO');
    expect(lines[2]).toBe(
      '**NO-GO — blocked by GP-04 (The five critical events are delivered and rendered live, in order): test "streams five events" failed: Error: expected 5 events, got 4**',
    );
  });

  it('has the facts, the rule and blank sign-off lines', () => {
    const md = renderMarkdown(model());
    expect(md.split('\n')[2]).toMatch(/^\*\*GO — all/);
    expect(md).toContain('| Target | https://staging.example.test |');
    expect(md).toContain('| Version | 1.2.3 |');
    expect(md).toContain('## Verdict rule');
    expect(md).toMatch(/\*\*QA lead\*\*\n\nName: _+ {2}Date: _+ {2}Signature: _+/);
    expect(md).toMatch(/\*\*Release manager\*\*\n\nName: _+/);
  });
});

describe('inconclusive: runner overloaded', () => {
  const starvedLoad = { eventLoopMs: 900, pageLagMs: 1200, loadPerCore: 9, cores: 2 };
  const thresholds = { eventLoopMs: 250, pageLagMs: 500, loadPerCore: 8 };
  const overloaded = 'inconclusive: runner overloaded: the connection status must show "connected" — while page timers ran 1.2 s late';

  it('makes an item whose only failure the runner explains inconclusive, and the run INCONCLUSIVE, not GO', () => {
    const m = model({ 'GP-02': { status: 'failed', error: 'Error: the connection status must show "connected"', inconclusive: overloaded } });
    expect(m.items.find((r) => r.item.id === 'GP-02')).toMatchObject({ status: 'inconclusive', note: expect.stringContaining(overloaded) });
    expect(m.verdict.decision).toBe('INCONCLUSIVE');
    expect(m.verdict.blockers).toEqual([]);
    expect(m.verdict.inconclusive[0]).toMatch(/^GP-02 .*runner overloaded.*page timers ran 1\.2 s late/);
    expect(m.verdict.headline).toMatch(/^INCONCLUSIVE — GP-02/);
    expect(m.verdict.failsRun).toBe(true);
    expect(m.rule.join('\n')).toMatch(/INCONCLUSIVE .* E2E_STARVED_/);
    expect(renderMarkdown(m)).toContain('Inconclusive — runner overloaded');
  });

  it('a flaky test whose failure the runner explains is inconclusive too', () => {
    expect(model({ 'GP-03': { status: 'flaky', attempts: 2, inconclusive: overloaded } }).items.find((r) => r.item.id === 'GP-03')!.status).toBe('inconclusive');
  });

  it("an SLA figure the runner explains makes only the SLA rule's item inconclusive; the test's other items keep their status", () => {
    const slow = 'inconclusive: runner overloaded: first agent event after send took 5300 ms, budget 5000 ms — while the event loop stalled 900 ms';
    // A passed test proving GP-04 and GP-13 measured the first-event figure (rule sla-first-event → GP-03).
    const m = model({ 'GP-04': { checklistIds: ['GP-04', 'GP-13'], title: 'streams five events', inconclusiveRules: [{ rule: 'sla-first-event', note: slow }] } });
    const status = (id: string) => m.items.find((r) => r.item.id === id)!;
    expect(status('GP-03')).toMatchObject({ status: 'inconclusive', note: `test "streams five events": ${slow}` });
    expect(status('GP-04').status).toBe('passed');
    expect(status('GP-13').status).toBe('passed');
    expect(m.verdict.decision).toBe('INCONCLUSIVE');
    expect(m.verdict.inconclusive).toHaveLength(1);
    expect(m.verdict.inconclusive[0]).toMatch(/^GP-03 /);
    // A product failure of the SLA item stays a failure whatever else the runner explains.
    const broken = model({
      'GP-03': { status: 'failed', error: 'SLA breach: firstEventMs', brokeRules: [{ rule: 'sla-first-event' }] },
      'GP-04': { inconclusiveRules: [{ rule: 'sla-first-event', note: slow }] },
    });
    expect(broken.items.find((r) => r.item.id === 'GP-03')!.status).toBe('failed');
  });

  it('never hides a product failure: any product blocker makes it NO-GO', () => {
    const m = model({
      'GP-02': { status: 'failed', inconclusive: overloaded },
      'GP-03': { status: 'failed', error: 'First-event SLA missed (E2E_SLA_FIRST_EVENT_MS): no agent_started within 5000 ms' },
    });
    expect(m.verdict.decision).toBe('NO-GO');
    expect(m.verdict.headline).toMatch(/GP-03 .*First-event SLA missed/);
    expect(m.verdict.inconclusive).toHaveLength(1);
    const mixed = model({ 'GP-02': null }, { tests: [record('GP-02', { status: 'failed', inconclusive: overloaded }), record('GP-02', { id: 'other', status: 'failed', error: 'Error: real' })] });
    expect(mixed.items.find((r) => r.item.id === 'GP-02')!.status).toBe('failed');
    const ruleBroken = model({
      'GP-02': { status: 'failed', inconclusive: overloaded },
      'GP-11': { status: 'failed', error: 'SLA breach: socket connected took 4000 ms, budget 2000 ms', brokeRules: [{ rule: 'sla-connect' }] },
    });
    expect(ruleBroken.items.find((r) => r.item.id === 'GP-02')!.status).toBe('failed');
  });

  it('an SLA p95 over budget only with samples the runner explains is inconclusive; beyond them it is a breach', () => {
    const sample = (connectMs: number, starved: boolean): SlaSample => ({
      connectMs,
      test: `t${connectMs}`,
      ...(starved ? { runner: { connectMs: starvedLoad }, starvedAt: thresholds } : {}),
    });
    const explained = slaFigures([sample(2500, true), sample(2600, true), sample(300, false)], BUDGETS)[0]!;
    expect(explained).toMatchObject({ status: 'inconclusive', starvedSamples: 2 });
    const beyond = slaFigures([sample(4000, true), sample(2600, false), sample(300, false)], BUDGETS)[0]!;
    expect(beyond.status).toBe('breach');
    const m = model({}, { slaSamples: [sample(2500, true), sample(2600, true), { firstEventMs: 1000, runMs: 2000, test: 't' }] });
    expect(m.verdict.decision).toBe('INCONCLUSIVE');
    expect(m.verdict.inconclusive[0]).toMatch(/^SLA Socket connected: p95 2\.6 s is over the 2 s budget only with the 2 samples measured while the runner was overloaded/);
  });

  it('reads the runner figures of an sla-metrics attachment', () => {
    const [sampleRead] = parseSlaMetrics(JSON.stringify({ connectMs: 2500, runner: { connectMs: starvedLoad }, starvedAt: thresholds }), 't');
    expect(sampleRead).toMatchObject({ runner: { connectMs: starvedLoad }, starvedAt: thresholds });
  });
});
