import type { Suite, TestCase, TestResult } from '@playwright/test/reporter';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectTest } from '../reporters/signoff/collect';
import { redact } from '../reporters/signoff/text';

type Outcome = ReturnType<TestCase['outcome']>;

function result(over: Partial<TestResult> = {}): TestResult {
  return { status: 'passed', duration: 100, retry: 0, errors: [], attachments: [], annotations: [], ...over } as unknown as TestResult;
}

function testCase(outcome: Outcome, results: TestResult[], annotations: TestCase['annotations'] = []): TestCase {
  const project = { name: 'chromium' };
  const fileSuite = { type: 'file', title: 'golden.spec.ts', project: () => project } as unknown as Suite;
  const describeSuite = { type: 'describe', title: 'golden path', parent: fileSuite, project: () => project } as unknown as Suite;
  return {
    id: 'abc-123',
    title: 'streams five events',
    parent: describeSuite,
    location: { file: '/repo/e2e/golden.spec.ts', line: 42, column: 1 },
    annotations,
    results,
    outcome: () => outcome,
  } as unknown as TestCase;
}

const ctx = { rootDir: '/repo', htmlReport: 'html/index.html' };
const checklist = [{ type: 'checklist', description: 'GP-04' }];

describe('collectTest', () => {
  it('records a passing test with its checklist ids, location and report link', () => {
    const { record } = collectTest(testCase('expected', [result()], checklist), ctx);
    expect(record).toMatchObject({
      title: 'golden path › streams five events',
      file: 'e2e/golden.spec.ts',
      line: 42,
      project: 'chromium',
      status: 'passed',
      attempts: 1,
      checklistIds: ['GP-04'],
      reportHref: 'html/index.html#?testId=abc-123',
    });
    expect(record.error).toBeUndefined();
  });

  it('records the rules a failing attempt broke, not those of a passing one', () => {
    const broke = (description: string) => [{ type: 'rule-violation', description }];
    const failing = result({ status: 'failed', errors: [{ message: 'Error: run ordering rules broken:\nseq 5 missing\n\nExpected: []' }], annotations: broke('run-sequence: run ordering rules broken:\nseq 5 missing') });
    const passing = result({ retry: 1, annotations: broke('sla-run') });
    const { record } = collectTest(testCase('flaky', [failing, passing], checklist), ctx);
    expect(record.brokeRules).toEqual([{ rule: 'run-sequence', error: 'run ordering rules broken: seq 5 missing' }]);
    // A heading that ends with ':' is read with the line that says what it announces.
    expect(record.error).toBe('Error: run ordering rules broken: seq 5 missing');
    expect(collectTest(testCase('expected', [result()], checklist), ctx).record.brokeRules).toBeUndefined();
  });

  it('records the rule checks the runner kept from deciding apart from a failure it explains', () => {
    const why = 'inconclusive: runner overloaded: first agent event after send took 5300 ms, budget 5000 ms — while the event loop stalled 900 ms';
    const passed = result({ annotations: [{ type: 'rule-inconclusive', description: `sla-first-event: ${why}` }] });
    const { record } = collectTest(testCase('expected', [passed], checklist), ctx);
    expect(record.inconclusiveRules).toEqual([{ rule: 'sla-first-event', note: why }]);
    // Not a failure of the test: the items it declares keep their own status.
    expect(record.inconclusive).toBeUndefined();
  });

  it('records why a skipped test was not applicable here', () => {
    const why = 'target profile "netra-apex" has no fault API';
    const skipped = result({ status: 'skipped', annotations: [{ type: 'not-applicable', description: why }, { type: 'skip', description: why }] });
    const { record } = collectTest(testCase('skipped', [skipped], checklist), ctx);
    expect(record).toMatchObject({ status: 'skipped', skipReason: why, notApplicable: why });
    expect(collectTest(testCase('skipped', [result({ status: 'skipped' })], checklist), ctx).record.notApplicable).toBeUndefined();
  });

  it('marks failed-then-passed as flaky and keeps the first line of the failing attempt', () => {
    const failing = result({ status: 'failed', errors: [{ message: '\u001b[31mError: expected 5 events\u001b[39m\n\nexpect(received)…' }] });
    const { record } = collectTest(testCase('flaky', [failing, result({ retry: 1 })], checklist), ctx);
    expect(record.status).toBe('flaky');
    expect(record.attempts).toBe(2);
    expect(record.durationMs).toBe(200);
    expect(record.error).toBe('Error: expected 5 events');
  });

  it('takes a failed test’s error from its last failing attempt', () => {
    const first = result({ status: 'failed', errors: [{ message: 'Error: first' }] });
    const last = result({ status: 'timedOut', errors: [{ message: 'Test timeout of 30000ms exceeded.' }] });
    expect(collectTest(testCase('unexpected', [first, last], checklist), ctx).record).toMatchObject({
      status: 'failed',
      error: 'Test timeout of 30000ms exceeded.',
    });
  });

  it('gives the skip reason from the skip annotation, or says the test did not run', () => {
    const skipped = result({ status: 'skipped', annotations: [{ type: 'skip', description: 'profile lacks resume' }] });
    expect(collectTest(testCase('skipped', [skipped], checklist), ctx).record.skipReason).toBe('profile lacks resume');
    expect(collectTest(testCase('skipped', [], checklist), ctx).record.skipReason).toMatch(/^did not run/);
  });

  it('reads sla-metrics from a body and from a file, and warns about an unreadable one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signoff-'));
    const file = path.join(dir, 'sla.json');
    fs.writeFileSync(file, JSON.stringify({ runMs: 12000 }));
    const attachments = [
      { name: 'sla-metrics', contentType: 'application/json', body: Buffer.from('{"connectMs":400,"firstEventMs":1500}') },
      { name: 'sla-metrics', contentType: 'application/json', path: file },
      { name: 'sla-metrics', contentType: 'application/json', body: Buffer.from('{"connectMs":"fast"}') },
    ];
    const collected = collectTest(testCase('expected', [result({ attachments })], checklist), ctx);
    expect(collected.slaSamples.map(({ test: _t, ...s }) => s)).toEqual([{ connectMs: 400, firstEventMs: 1500 }, { runMs: 12000 }]);
    expect(collected.slaSamples[0]!.test).toBe('golden path › streams five events (e2e/golden.spec.ts:42)');
    expect(collected.warnings).toHaveLength(1);
    expect(collected.warnings[0]).toMatch(/^sla-metrics attachment of golden path › streams five events .* is unreadable/);
    fs.rmSync(dir, { recursive: true });
  });

  it('copies file evidence and frame timelines under evidence/<test id>/, marking retries', () => {
    const a = (p: string) => ({ name: 'screenshot', contentType: 'image/png', path: p });
    const timeline = Buffer.from('<!doctype html><h1>timeline</h1>');
    const results = [
      result({ status: 'failed', attachments: [a('/repo/test-results/golden/test failed-1.png')] }),
      result({
        attachments: [
          a('/repo/test-results/golden-retry1/test-finished-1.png'),
          { name: 'ws-timeline (user2).html', contentType: 'text/html', body: timeline },
        ],
      }),
    ];
    const { record, evidenceFiles } = collectTest(testCase('flaky', results, checklist), ctx);
    expect(record.evidence).toEqual([
      { name: 'screenshot', href: 'evidence/abc-123/test-failed-1.png', contentType: 'image/png' },
      { name: 'screenshot (retry 1)', href: 'evidence/abc-123/retry1-test-finished-1.png', contentType: 'image/png' },
      { name: 'ws-timeline (user2).html (retry 1)', href: 'evidence/abc-123/retry1-ws-timeline-user2.html', contentType: 'text/html' },
    ]);
    expect(evidenceFiles).toEqual([
      { file: 'evidence/abc-123/test-failed-1.png', from: '/repo/test-results/golden/test failed-1.png' },
      { file: 'evidence/abc-123/retry1-test-finished-1.png', from: '/repo/test-results/golden-retry1/test-finished-1.png' },
      { file: 'evidence/abc-123/retry1-ws-timeline-user2.html', from: timeline },
    ]);
  });

  it('names the attachments that live only in the HTML report', () => {
    const body = (name: string) => ({ name, contentType: 'image/png', body: Buffer.from('x') });
    const trace = { name: 'trace', contentType: 'application/zip', path: '/repo/test-results/golden-retry1/trace.zip' };
    const results = [result({ attachments: [body('screen: connected'), body('sla-metrics')] }), result({ attachments: [body('screen: connected'), trace] })];
    expect(collectTest(testCase('expected', results, checklist), ctx).record.inReport).toEqual([
      'screen: connected',
      'sla-metrics',
      'screen: connected (retry 1)',
      'trace (retry 1)',
    ]);
  });

  it('picks up a browser version a test attached', () => {
    const annotations = [...checklist, { type: 'browser-version', description: '141.0.7390.37' }];
    expect(collectTest(testCase('expected', [result()], annotations), ctx).browserVersion).toBe('141.0.7390.37');
  });
});

describe('redact', () => {
  it('masks tokens, tickets and passwords in what the sign-off prints', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    expect(redact(`Authorization: Bearer ${jwt}`)).not.toContain(jwt);
    expect(redact('wss://host/ws?ticket=tk_123456789&x=1')).toBe('wss://host/ws?ticket=[redacted]&x=1');
    expect(redact('{"password":"hunter22"}')).toBe('{"password":"[redacted]"}');
    expect(redact('https://user:secretpw@host/')).toBe('https://user:[redacted]@host/');
  });
});
