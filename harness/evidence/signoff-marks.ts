/**
 * What a test records while it runs, for the sign-off: the rule a failed check broke
 * (checklist/rules.ts), and why the target could not exercise it (checklist `needs`).
 */
import { test } from '@playwright/test';
import { NOT_APPLICABLE_ANNOTATION } from '../../checklist/checklist';
import { RULE_INCONCLUSIVE_ANNOTATION, RULE_VIOLATION_ANNOTATION, ruleViolationOf, type RuleTag } from '../../checklist/rules';

/**
 * Runs a check of a rule that holds in every test (checklist/rules.ts). When the check fails, by
 * throwing or by a soft assertion, the test records which rule broke before the failure goes on,
 * so the sign-off counts it against the rule's checklist item too.
 */
export async function checkRule<T>(rule: RuleTag, check: () => Promise<T>): Promise<T> {
  const info = test.info();
  const errorsBefore = info.errors.length;
  try {
    const result = await check();
    if (info.errors.length > errorsBefore) recordRuleViolation(rule, info.errors.at(-1)?.message);
    return result;
  } catch (error) {
    recordRuleViolation(rule, messageOf(error));
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
    recordRuleViolation(rule, messageOf(error));
    throw error;
  }
  if (info.errors.length > errorsBefore) recordRuleViolation(rule, info.errors.at(-1)?.message);
}

const messageOf = (error: unknown): string | undefined => (error instanceof Error ? error.message : undefined);

/** Once per rule and attempt, with the start of the failure's message (the sign-off shows its first line). */
function recordRuleViolation(rule: RuleTag, message: string | undefined): void {
  const { annotations } = test.info();
  if (annotations.some((a) => a.type === RULE_VIOLATION_ANNOTATION && ruleViolationOf(a).rule === rule)) return;
  annotations.push({ type: RULE_VIOLATION_ANNOTATION, description: message ? `${rule}: ${message.slice(0, 400)}` : rule });
}

/**
 * A check of `rule` the runner's own starvation kept from deciding (why: "inconclusive: runner
 * overloaded: …"): the sign-off shows the rule's item as inconclusive, and only that item.
 */
export function noteRuleInconclusive(rule: RuleTag, why: string): void {
  test.info().annotations.push({ type: RULE_INCONCLUSIVE_ANNOTATION, description: `${rule}: ${why.slice(0, 400)}` });
}

/**
 * Skips the test when the target cannot exercise it (no fault API, faults not allowed here). The
 * sign-off shows its items as "not applicable here" with `reason` where their checklist entry says
 * what they `need`, instead of as skipped.
 */
export function skipAsNotApplicable(condition: boolean, reason: string): void {
  if (!condition) return;
  test.info().annotations.push({ type: NOT_APPLICABLE_ANNOTATION, description: reason });
  test.skip(true, reason);
}
