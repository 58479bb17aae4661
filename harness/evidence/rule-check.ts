/**
 * Checks of rules that hold in every test (checklist/rules.ts). When such a check fails, by
 * throwing or by a soft assertion, the test records which rule broke before the failure goes on,
 * so the sign-off counts it against the rule's checklist item too.
 */
import { test } from '@playwright/test';
import { RULE_VIOLATION_ANNOTATION, type RuleTag } from '../../checklist/rules';

export async function checkRule<T>(rule: RuleTag, check: () => Promise<T>): Promise<T> {
  const info = test.info();
  const errorsBefore = info.errors.length;
  try {
    const result = await check();
    if (info.errors.length > errorsBefore) recordRuleViolation(rule);
    return result;
  } catch (error) {
    recordRuleViolation(rule);
    throw error;
  }
}

/** The synchronous form of `checkRule`, for checks made of plain (soft) assertions. */
export function checkRuleNow(rule: RuleTag, check: () => void): void {
  const info = test.info();
  const errorsBefore = info.errors.length;
  try {
    check();
  } catch (error) {
    recordRuleViolation(rule);
    throw error;
  }
  if (info.errors.length > errorsBefore) recordRuleViolation(rule);
}

function recordRuleViolation(rule: RuleTag): void {
  const { annotations } = test.info();
  if (!annotations.some((a) => a.type === RULE_VIOLATION_ANNOTATION && a.description === rule)) {
    annotations.push({ type: RULE_VIOLATION_ANNOTATION, description: rule });
  }
}
