// Allure 3 report of the golden-path suite, built by scripts/allure-report.ts (`npm run report`).
// Results come from allure-playwright (reports/allure-results); history across runs is kept in
// reports/allure-history.jsonl so the report shows trends and new / fixed / regressed tests.
// By default the report is one self-contained file, reports/allure-report/index.html, which opens
// from disk (a browser refuses a multi-file report's data requests from file://).
// ALLURE_SITE=1 (set by `npm run report:open`) writes the multi-file app to reports/allure-site
// for serving over HTTP, reading history without adding to it.
import process from 'node:process';

// No `import { defineConfig } from 'allure'`: importing the `allure` package runs its CLI with
// the importer's argv, so a config that imports it cannot be loaded by anything but the CLI.

const site = process.env.ALLURE_SITE === '1';
const FAILED = ['failed', 'broken'];

const INFRASTRUCTURE =
  /ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|socket hang up|net::ERR_|unreachable|Target page, context or browser has been closed|browser has disconnected|Browser closed|Target crashed|Page crashed|crashed|Failed to launch|Executable doesn't exist|502 Bad Gateway|503 Service Unavailable|504 Gateway Timeout/i;
const SLA = /\bSLA\b/;
const CONTRACT = /schema violation|contract/i;
const ASSERTION = /expect\(|\bExpected\b|\bReceived\b|AssertionError/;
const TIMEOUT = /timeout .*exceeded|timed out|Timeout \d+ms/i;

/** @type {import('allure').AllureConfig} */
export default {
  name: 'Golden path — release sign-off',
  // scripts/allure-report.ts points the one-file build at a copy of the results without traces.
  resultsDir: process.env.ALLURE_RESULTS_DIR ?? './reports/allure-results',
  output: site ? './reports/allure-site' : './reports/allure-report',
  historyPath: './reports/allure-history.jsonl',
  historyLimit: 50,
  appendHistory: !site,
  plugins: {
    awesome: {
      options: {
        reportName: 'Golden path — release sign-off',
        singleFile: !site,
        reportLanguage: 'en',
        groupBy: ['checklistArea', 'checklist'],
      },
    },
  },
  // First match wins: infrastructure before everything, since a dead target fails every kind of check.
  categories: [
    {
      id: 'infrastructure',
      name: 'Infrastructure errors (target unreachable, browser crash)',
      matchers: [
        { statuses: FAILED, message: INFRASTRUCTURE },
        { statuses: FAILED, trace: INFRASTRUCTURE },
      ],
      expand: true,
    },
    { id: 'sla', name: 'SLA breaches', matchers: { statuses: FAILED, message: SLA }, expand: true },
    { id: 'contract', name: 'Contract drift (schema violations)', matchers: { statuses: FAILED, message: CONTRACT }, expand: true },
    { id: 'product', name: 'Product defects (assertion failures)', matchers: { statuses: FAILED, message: ASSERTION }, expand: true },
    { id: 'timeouts', name: 'Timeouts (stuck UI or slow target)', matchers: { statuses: FAILED, message: TIMEOUT } },
    { id: 'suite', name: 'Suite errors (test code or fixtures)', matchers: { statuses: FAILED } },
  ],
};
