import { describe, expect, it } from 'vitest';
import { summarise } from '../scripts/verify/results';
import { classify, HALF_CAUGHT, namesCause, renderText } from '../scripts/verify/table';
import type { SuiteRun } from '../scripts/verify/run-suite';
import { causeFirst, lastStepPath } from '../reporters/signoff/text';

const TIMEOUT = 'Test timeout of 90000ms exceeded.';

describe('the message that names the cause', () => {
  it('is the test’s own error, not a bare test timeout that came first', () => {
    expect(causeFirst([TIMEOUT, 'Error: locator.click: Test timeout of 90000ms exceeded.'], 'Send "hi"')).toBe(
      `Error: locator.click: Test timeout of 90000ms exceeded. in step "Send "hi"" (then: ${TIMEOUT})`,
    );
    expect(causeFirst(['Error: the answer must show', TIMEOUT])).toBe('Error: the answer must show');
  });

  it('names the step that was running when a bare timeout is all there is', () => {
    const steps = [{ title: 'Open the chat', steps: [] }, { title: 'The run ends', steps: [{ title: 'wait for the answer' }] }];
    expect(lastStepPath(steps)).toBe('The run ends › wait for the answer');
    expect(causeFirst([TIMEOUT], lastStepPath(steps))).toBe('Test timeout of 90000ms exceeded in step "The run ends › wait for the answer"');
    expect(causeFirst([TIMEOUT])).toBe(TIMEOUT);
  });

  it('leaves hooks and fixtures out of the running step', () => {
    expect(lastStepPath([{ title: 'The run ends', category: 'test.step' }, { title: 'After Hooks', category: 'hook' }])).toBe('The run ends');
  });

  it('is what verify:suite reads from the JSON report', () => {
    const outcome = summarise({
      suites: [
        {
          title: 'a.spec.ts',
          specs: [
            {
              title: 'slow',
              tests: [{ projectName: 'chromium', status: 'unexpected', results: [{ status: 'timedOut', errors: [{ message: TIMEOUT }], steps: [{ title: 'The agent starts' }] }] }],
            },
          ],
        },
      ],
    });
    expect(outcome.failed[0]!.message).toBe('Test timeout of 90000ms exceeded in step "The agent starts"');
  });
});

describe('verify:suite: caught or half-caught', () => {
  const defect = { id: 'slow-first-event', area: 'pipeline' as const, description: 'late agent_started', patches: [], cause: /agent_started|first (agent )?event|SLA|time/i };
  const run = (...messages: string[]): SuiteRun => ({
    passed: 10,
    failed: messages.map((message, i) => ({ title: `t${i}`, project: 'chromium', tags: [], status: 'failed', message, messages: [message] })),
    skipped: 0,
    runErrors: [],
    stoppedEarly: false,
    exitCode: 1,
    wallMs: 1000,
    timedOut: false,
    reportFile: 'r.json',
    logFile: 'l.log',
  });

  it('a test timeout is a symptom even when the cause pattern would match it', () => {
    expect(namesCause(defect, 'Test timeout of 90000ms exceeded in step "The agent starts"')).toBe(false);
    expect(namesCause(defect, 'First-event SLA missed (E2E_SLA_FIRST_EVENT_MS): no agent_started within 5000 ms')).toBe(true);
  });

  it('counts the first message only: a later message naming the cause does not make it caught', () => {
    const result = classify(defect, { ...run(), failed: [{ ...run(TIMEOUT).failed[0]!, messages: [TIMEOUT, 'no agent_started within 5000 ms'] }] }, [], new Set());
    expect(result).toMatchObject({ verdict: 'caught', named: false });
    expect(renderText({ errors: [], run: run() }, [result])).toContain(HALF_CAUGHT);
    expect(classify(defect, run('no agent_started within 5000 ms'), [], new Set())).toMatchObject({ verdict: 'caught', named: true });
  });
});
