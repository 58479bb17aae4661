/**
 * Options for the `allure-playwright` reporter entry in playwright.config.ts:
 * results folder, environment info, and checklist labels on every test result.
 *
 * Checklist labels: allure-playwright turns an unknown annotation into a step named
 * "checklist: GP-04". The listener below turns those into labels instead —
 * `checklist=GP-04`, `checklistArea=realtime`, `severity=blocker|normal` — so the Allure
 * report can be grouped by checklist item (see allurerc.mjs).
 */
import type AllureReporter from 'allure-playwright';
import fs from 'node:fs';
import path from 'node:path';
import { checklistById } from '../checklist/checklist';

export type AllurePlaywrightOptions = NonNullable<ConstructorParameters<typeof AllureReporter>[0]>;
type LifecycleListener = NonNullable<AllurePlaywrightOptions['listeners']>[number];
type AllureTestResult = Parameters<NonNullable<LifecycleListener['beforeTestResultStop']>>[0];

export const ALLURE_RESULTS_DIR = 'reports/allure-results';

/**
 * What is known when the config loads. The target's version and the exact browser build are
 * only known after the run: scripts/allure-report.ts adds them from reports/signoff.json.
 */
export function allureEnvironmentInfo(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const info: Record<string, string> = {
    target: env.E2E_RESOLVED_BASE_URL ?? env.E2E_BASE_URL ?? 'unknown',
    profile: env.E2E_TARGET ?? 'unknown',
    environment: env.E2E_ENV ?? 'unknown',
    node: process.version,
  };
  if (env.CI) info.ci = env.CI;
  return info;
}

/**
 * allure-playwright never empties its results folder, so results of earlier runs would show up
 * as retries in the next report. Call this once per run before the tests (global setup), never
 * from code that workers load.
 */
export function resetAllureResults(root: string = process.cwd()): void {
  fs.rmSync(path.resolve(root, ALLURE_RESULTS_DIR), { recursive: true, force: true });
}

const CHECKLIST_STEP = /^checklist: (.*)$/;

/** Checklist annotations (shown by allure-playwright as steps) become labels. */
export function applyChecklistLabels(result: AllureTestResult): void {
  const ids: string[] = [];
  result.steps = result.steps.filter((step) => {
    const match = CHECKLIST_STEP.exec(step.name ?? '');
    if (!match) return true;
    ids.push(...match[1]!.split(/[\s,]+/).filter(Boolean));
    return false;
  });
  const items = ids.map((id) => ({ id, item: checklistById.get(id) }));
  for (const { id, item } of items) {
    result.labels.push({ name: 'checklist', value: item ? `${id} ${item.title}` : `${id} (unknown item)` });
    if (item) result.labels.push({ name: 'checklistArea', value: item.area });
  }
  if (items.length > 0 && !result.labels.some((l) => l.name === 'severity')) {
    const blocking = items.some(({ item }) => item?.blocking);
    result.labels.push({ name: 'severity', value: blocking ? 'blocker' : 'normal' });
  }
}

export const checklistLabelsListener: LifecycleListener = { beforeTestResultStop: applyChecklistLabels };

export function allurePlaywrightOptions(overrides: Partial<AllurePlaywrightOptions> = {}): AllurePlaywrightOptions {
  return {
    resultsDir: ALLURE_RESULTS_DIR,
    environmentInfo: allureEnvironmentInfo(),
    listeners: [checklistLabelsListener],
    ...overrides,
  };
}
