/**
 * What a test declares about itself: checklist items and Allure labels. Declarations are static
 * so reporters can read them before any test runs.
 */
import type { TestDetailsAnnotation } from '@playwright/test';

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
