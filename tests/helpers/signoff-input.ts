/** Inputs of the sign-off model that the sign-off tests share: a run, the SLA budgets, the report links. */
import type { RunInfo } from '../../reporters/signoff/types';

export const BUDGETS = { connectMs: 2000, firstEventMs: 5000, runMs: 60000 };
export const LINKS = { htmlReport: 'html/index.html', allureReport: 'allure-report/index.html', json: 'signoff.json' };

/** A full, passed run against a staging target, then the given changes. */
export const runInfo = (over: Partial<RunInfo> = {}): RunInfo => ({
  targetUrl: 'https://staging.example.test',
  version: '1.2.3',
  suiteCommit: 'abc1234',
  date: '2025-01-01T00:00:00.000Z',
  profile: 'reference',
  environment: 'staging',
  browsers: ['chromium (chromium)'],
  playwrightVersion: '1.65.1',
  status: 'passed',
  durationMs: 60000,
  globalErrors: [],
  scope: { full: true, reasons: [] },
  ...over,
});
