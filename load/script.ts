/**
 * The Artillery script of a load run, built from the settings and the suite's SLA budgets. The
 * same script runs locally (`artillery run`) and distributed (`artillery run-fargate` / `run-aci`).
 * Pure: no secrets go in (users travel in E2E_LOAD_RUN, see run-context.ts).
 */
import type { LoadSettings } from './settings';
import { METRIC } from './run-context';

export interface ScriptInput {
  settings: LoadSettings;
  baseURL: string;
  budgets: { connectMs: number; firstEventMs: number; runMs: number };
  /** Path of the processor, relative to where the script file is written. */
  processor: string;
  /** The Chromium the browser users launch (config/browser.ts), when not Playwright's own. */
  chromiumPath?: string;
  chromiumArgs: readonly string[];
}

export interface Threshold {
  /** A counter, or `<summary>.p95`-style aggregation of a histogram, as Artillery's report names it. */
  metric: string;
  op: '<=' | '==' | '>=';
  limit: number;
  label: string;
}

/** What must hold for the run to pass: the suite's SLA budgets at p95, and a clean wire. */
export function thresholds(budgets: ScriptInput['budgets']): Threshold[] {
  return [
    { metric: `${METRIC.connectMs}.p95`, op: '<=', limit: budgets.connectMs, label: 'connect p95 within E2E_SLA_CONNECT_MS' },
    { metric: `${METRIC.firstEventMs}.p95`, op: '<=', limit: budgets.firstEventMs, label: 'first event p95 within E2E_SLA_FIRST_EVENT_MS' },
    { metric: `${METRIC.runMs}.p95`, op: '<=', limit: budgets.runMs, label: 'run time p95 within E2E_SLA_RUN_MS' },
    { metric: METRIC.frames('misrouted'), op: '==', limit: 0, label: "no frame reached another user's socket" },
    { metric: METRIC.frames('invalid'), op: '==', limit: 0, label: 'no frame broke the schema' },
    { metric: METRIC.frames('lost'), op: '==', limit: 0, label: 'no frame of a run was lost' },
    { metric: METRIC.frames('duplicated'), op: '==', limit: 0, label: 'no frame arrived twice' },
    { metric: METRIC.frames('rule_violations'), op: '==', limit: 0, label: 'every run kept the sequence rules' },
    { metric: METRIC.runsCompleted, op: '>=', limit: 1, label: 'at least one run completed' },
  ];
}

export function buildScript(input: ScriptInput): Record<string, unknown> {
  const { settings } = input;
  const launchOptions = input.chromiumPath ? { executablePath: input.chromiumPath, args: [...input.chromiumArgs] } : {};
  const scenarios = [
    {
      name: 'protocol user',
      weight: settings.weights.protocol,
      flow: [
        { function: 'protocolConnect' },
        { loop: [{ function: 'protocolRun' }, { think: settings.thinkSeconds }], count: settings.runsPerUser },
        { function: 'protocolClose' },
      ],
    },
    { name: 'browser user', weight: settings.weights.browser, engine: 'playwright', testFunction: 'browserJourney' },
  ].filter((s) => s.weight > 0);
  return {
    config: {
      target: input.baseURL,
      processor: input.processor,
      phases: settings.phases.map((p) => ({ ...p })),
      variables: { runsPerUser: [settings.runsPerUser], thinkSeconds: [settings.thinkSeconds] },
      engines: { playwright: { launchOptions, aggregateByName: true, defaultNavigationTimeout: 60 } },
      plugins: { ensure: {} },
      ensure: { conditions: thresholds(input.budgets).map((t) => ({ expression: `${t.metric} ${t.op} ${t.limit}`, strict: true })) },
    },
    before: { flow: [{ function: 'signInUsers' }] },
    scenarios,
  };
}
