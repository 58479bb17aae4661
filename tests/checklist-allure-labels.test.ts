import { describe, expect, it } from 'vitest';
import { allureEnvironmentInfo, allurePlaywrightOptions, applyChecklistLabels } from '../reporters/allure-options';

type Result = Parameters<typeof applyChecklistLabels>[0];
const step = (name: string) => ({ name, status: 'passed', stage: 'finished', steps: [], attachments: [], parameters: [], statusDetails: {} });

describe('checklist labels on Allure results', () => {
  it('turns "checklist: GP-xx" annotation steps into labels and drops the steps', () => {
    const result = { labels: [], steps: [step('checklist: GP-04'), step('Click send')] } as unknown as Result;
    applyChecklistLabels(result);
    expect(result.steps.map((s) => s.name)).toEqual(['Click send']);
    expect(result.labels).toEqual([
      { name: 'checklist', value: 'GP-04 The five critical events are delivered and rendered live, in order' },
      { name: 'checklistArea', value: 'realtime' },
      { name: 'severity', value: 'blocker' },
    ]);
  });

  it('marks unknown ids, and leaves results without checklist steps alone', () => {
    const unknown = { labels: [], steps: [step('checklist: GP-99')] } as unknown as Result;
    applyChecklistLabels(unknown);
    expect(unknown.labels).toContainEqual({ name: 'checklist', value: 'GP-99 (unknown item)' });
    const plain = { labels: [{ name: 'severity', value: 'minor' }], steps: [step('Open chat')] } as unknown as Result;
    applyChecklistLabels(plain);
    expect(plain.labels).toEqual([{ name: 'severity', value: 'minor' }]);
  });
});

describe('allure-playwright options', () => {
  it('write to reports/allure-results with the target in the environment', () => {
    expect(allureEnvironmentInfo({ E2E_RESOLVED_BASE_URL: 'https://staging.example.test', E2E_TARGET: 'netra-apex', E2E_ENV: 'staging' })).toMatchObject({
      target: 'https://staging.example.test',
      profile: 'netra-apex',
      environment: 'staging',
    });
    const options = allurePlaywrightOptions();
    expect(options.resultsDir).toBe('reports/allure-results');
    expect(options.listeners).toHaveLength(1);
  });
});
