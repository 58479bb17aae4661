/** SLA figures: measured by the journey, held against the budgets from config, attached for the sign-off. */
import { expect, test } from '@playwright/test';
import type { RuleTag } from '../../checklist/rules';
import type { SuiteConfig } from '../../config/env';
import { checkRuleNow } from './signoff-marks';

export type Budgets = SuiteConfig['budgets'];

export interface SlaMetrics {
  connectMs?: number;
  firstEventMs?: number;
  runMs?: number;
}

/** Attaches the measured figures; the sign-off reporter aggregates every `sla-metrics` attachment. */
export async function attachSla(metrics: SlaMetrics): Promise<void> {
  await test.info().attach('sla-metrics', { body: JSON.stringify(metrics), contentType: 'application/json' });
}

/** Attaches the measured figures and holds each against its budget (soft: every breach is reported). */
export async function expectWithinBudgets(measured: SlaMetrics, budgets: Budgets): Promise<void> {
  await attachSla(measured);
  const checks: [keyof SlaMetrics, number, string, RuleTag][] = [
    ['connectMs', budgets.connectMs, 'socket connected', 'sla-connect'],
    ['firstEventMs', budgets.firstEventMs, 'first agent event after send', 'sla-first-event'],
    ['runMs', budgets.runMs, 'whole run', 'sla-run'],
  ];
  for (const [key, budget, what, rule] of checks) {
    const value = measured[key];
    if (value !== undefined) {
      checkRuleNow(rule, () => expect.soft(value, `SLA breach: ${what} took ${value} ms, budget ${budget} ms`).toBeLessThanOrEqual(budget));
    }
  }
}
