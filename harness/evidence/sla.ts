/** SLA figures: measured by the journey, held against the budgets from config, attached for the sign-off. */
import { expect, test } from '@playwright/test';
import type { RuleTag } from '../../checklist/rules';
import type { SuiteConfig } from '../../config/env';
import { runnerLoad } from '../runner-load/runner-load';
import { classifyFigure } from '../runner-load/starvation';
import { checkRuleNow, noteRuleInconclusive } from './signoff-marks';

export type Budgets = SuiteConfig['budgets'];

export interface SlaMetrics {
  connectMs?: number;
  firstEventMs?: number;
  runMs?: number;
}

/**
 * Attaches the measured figures, each with how starved the runner was while it was measured
 * (`runner`) and the thresholds of "starved" (`starvedAt`); the sign-off reporter aggregates
 * every `sla-metrics` attachment.
 */
export async function attachSla(metrics: SlaMetrics): Promise<void> {
  const runner = Object.fromEntries(
    (Object.entries(metrics) as [keyof SlaMetrics, number | undefined][]).flatMap(([key, value]) => {
      const step = value === undefined ? undefined : runnerLoad.stepOf(key, value);
      return step ? [[key, step.load]] : [];
    }),
  );
  const body = { ...metrics, runner, ...(runnerLoad.thresholds ? { starvedAt: runnerLoad.thresholds } : {}) };
  await test.info().attach('sla-metrics', { body: JSON.stringify(body), contentType: 'application/json' });
}

const SLA_CHECKS = [
  ['connectMs', 'socket connected', 'sla-connect'],
  ['firstEventMs', 'first agent event after send', 'sla-first-event'],
  ['runMs', 'whole run', 'sla-run'],
] as const satisfies readonly (readonly [keyof SlaMetrics, string, RuleTag])[];

/**
 * Each measured figure against its budget, with the runner's load over the step that measured it
 * (see harness/runner-load/starvation.ts for when a miss is the runner's).
 */
export function classifyMeasured(measured: SlaMetrics, budgets: Budgets) {
  return SLA_CHECKS.flatMap(([key, what, rule]) => {
    const value = measured[key];
    if (value === undefined) return [];
    const load = runnerLoad.stepOf(key, value)?.load;
    const verdict = classifyFigure({ what, valueMs: value, budgetMs: budgets[key], load }, runnerLoad.thresholds);
    return [{ key, value, load, verdict, rule }];
  });
}

/**
 * Attaches the measured figures and holds each against its budget (soft: every breach is reported).
 * A miss the runner's own starvation can account for fails nothing: it is noted as inconclusive
 * against the SLA's own rule, so the sign-off shows that item (not every item of the test) as such.
 */
export async function expectWithinBudgets(measured: SlaMetrics, budgets: Budgets): Promise<void> {
  await attachSla(measured);
  for (const { value, key, verdict, rule } of classifyMeasured(measured, budgets)) {
    if (verdict.kind === 'inconclusive') noteRuleInconclusive(rule, verdict.text);
    else checkRuleNow(rule, () => expect.soft(value, verdict.kind === 'product' ? verdict.text : `SLA breach: ${key}`).toBeLessThanOrEqual(budgets[key]));
  }
}
