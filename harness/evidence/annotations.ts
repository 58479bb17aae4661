/**
 * What a test declares about itself: checklist items and Allure labels. Declarations are static
 * so reporters can read them before any test runs.
 */
import { test, type TestDetailsAnnotation } from '@playwright/test';
import { NOT_APPLICABLE_ANNOTATION } from '../../checklist/checklist';

export type Severity = 'blocker' | 'critical' | 'normal' | 'minor' | 'trivial';

export interface JourneyMeta {
  epic: string;
  feature: string;
  story: string;
  severity: Severity;
  /** Checklist items (checklist/checklist.ts) this test proves. */
  proves: string[];
}

/** Annotations for `test(title, { annotation: journey({...}) }, body)`. */
export function journey(meta: JourneyMeta): TestDetailsAnnotation[] {
  return [
    { type: 'allure.label.epic', description: meta.epic },
    { type: 'allure.label.feature', description: meta.feature },
    { type: 'allure.label.story', description: meta.story },
    { type: 'allure.label.severity', description: meta.severity },
    ...meta.proves.map((id) => ({ type: 'checklist', description: id })),
  ];
}

/**
 * Skips the test when the target cannot exercise it (no fault API, faults not allowed here). The
 * sign-off shows its items as "not applicable here" with `reason` where their policy allows it
 * (checklist/checklist.ts `applicability`), instead of as skipped.
 */
export function skipAsNotApplicable(condition: boolean, reason: string): void {
  if (!condition) return;
  test.info().annotations.push({ type: NOT_APPLICABLE_ANNOTATION, description: reason });
  test.skip(true, reason);
}
