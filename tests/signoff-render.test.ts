import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../checklist/checklist';
import { buildSignoffModel } from '../reporters/signoff/model';
import { renderHtml } from '../reporters/signoff/render-html';
import { renderJson } from '../reporters/signoff/render-json';
import type { TestRecord } from '../reporters/signoff/types';

function record(id: string, over: Partial<TestRecord> = {}): TestRecord {
  return {
    id: `t-${id}`, title: `proves ${id}`, file: 'e2e/golden.spec.ts', line: 1, project: 'chromium', status: 'passed',
    durationMs: 900, attempts: 1, checklistIds: [id], evidence: [], reportHref: `html/index.html#?testId=t-${id}`, ...over,
  };
}

function model(tests: TestRecord[]) {
  return buildSignoffModel({
    run: {
      targetUrl: 'https://staging.example.test', version: '2.0.0', suiteCommit: 'abc1234', date: '2025-01-01T00:00:00.000Z',
      profile: 'netra-apex', environment: 'staging', browsers: ['chromium (chromium 141)'], playwrightVersion: '1.65.1',
      status: 'failed', durationMs: 1000, globalErrors: [], scope: { full: true, reasons: [] },
    },
    tests,
    slaSamples: [{ connectMs: 2500, test: 'slow <one>' }],
    slaBudgets: { connectMs: 2000, firstEventMs: 5000, runMs: 60000 },
    links: { htmlReport: 'html/index.html', allureReport: 'allure-report/index.html', json: 'signoff.json' },
  });
}

const failing = [
  ...CHECKLIST.filter((i) => i.id !== 'GP-04').map((i) => record(i.id)),
  record('GP-04', {
    status: 'failed',
    error: 'Error: rendered <script>alert(1)</script> as HTML',
    evidence: [{ name: 'trace', href: '../test-results/golden/trace.zip', contentType: 'application/zip' }],
  }),
];

describe('signoff.html', () => {
  const html = renderHtml(model(failing));

  it('is one self-contained page with the verdict banner first', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<link |<script|src="http/);
    const bannerAt = html.indexOf('class="banner nogo"');
    expect(bannerAt).toBeGreaterThan(0);
    expect(bannerAt).toBeLessThan(html.indexOf('Checklist'));
    expect(html).toContain('<div class="decision">NO-GO</div>');
    expect(html).toContain('Blocked by GP-04 (The five critical events');
  });

  it('escapes what tests reported', () => {
    expect(html).toContain('rendered &lt;script&gt;alert(1)&lt;/script&gt; as HTML');
    expect(html).toContain('slowest: slow &lt;one&gt;');
  });

  it('shows status chips, evidence links, SLA and sign-off boxes', () => {
    expect(html).toContain('<span class="chip s-failed">failed</span>');
    expect(html).toContain('<a href="../test-results/golden/trace.zip">trace</a>');
    expect(html).toContain('<a href="html/index.html#?testId=t-GP-04">report</a>');
    expect(html).toContain('<a href="allure-report/index.html">Allure report</a>');
    expect(html).toMatch(/Socket connected.*BREACH/s);
    expect(html).toContain('<h3>QA lead</h3>');
    expect(html).toContain('<h3>Release manager</h3>');
  });
});

describe('signoff.json', () => {
  it('is the model, parseable and versioned', () => {
    const parsed = JSON.parse(renderJson(model(failing)));
    expect(parsed.schemaVersion).toBe(1);
    expect(parsed.verdict.decision).toBe('NO-GO');
    expect(parsed.items).toHaveLength(CHECKLIST.length);
    expect(parsed.items.find((r: { item: { id: string } }) => r.item.id === 'GP-04').status).toBe('failed');
    expect(parsed.sla[0]).toMatchObject({ metric: 'connectMs', p95: 2500, status: 'breach' });
  });
});

describe('signoff.html of an INCONCLUSIVE run', () => {
  it('is neither GO nor NO-GO when only the runner kept an item from passing, and names the figure', () => {
    const overloaded = 'inconclusive: runner overloaded: the connection status must show "connected" — while page timers ran 1.2 s late';
    const tests = [...CHECKLIST.filter((i) => i.id !== 'GP-02').map((i) => record(i.id)), record('GP-02', { status: 'failed', error: 'Error: x', inconclusive: overloaded })];
    const m = buildSignoffModel({ ...model(tests), tests, slaSamples: [], slaBudgets: { connectMs: 2000, firstEventMs: 5000, runMs: 60000 } });
    expect(m.verdict.decision).toBe('INCONCLUSIVE');
    const page = renderHtml(m);
    expect(page).toContain('class="banner inconclusive"');
    expect(page).toContain('<div class="decision">INCONCLUSIVE</div>');
    expect(page).toContain('Inconclusive — runner overloaded (1)');
    expect(page).toContain('page timers ran 1.2 s late');
  });
});
