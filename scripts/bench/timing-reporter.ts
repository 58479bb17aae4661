/**
 * Reporter used by `npm run bench` only: for each test, its duration, the part of it spent
 * starting the worker's browser (paid once per worker, by its first test), and the run it
 * observed (from its `sla-metrics` attachment). Writes one JSON file for the bench script.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult, TestStep } from '@playwright/test/reporter';

export interface TimedTest {
  title: string;
  durationMs: number;
  browserStartMs: number;
  /** Send (the message leaving the page) → first frame of the observed run(s). */
  firstEventMs: number;
  /** First → closing frame of the observed run(s). */
  runMs: number;
  /** The test's top-level steps (hooks and fixtures included), in order: where its time went. */
  steps: { title: string; durationMs: number }[];
}

export const TIMINGS_FILE = path.join('.tmp', 'bench', 'timings.json');

export default class TimingReporter implements Reporter {
  private readonly browserStart = new Map<TestResult, number>();
  private readonly steps = new Map<TestResult, TimedTest['steps']>();
  private readonly rows: TimedTest[] = [];

  onStepEnd(_test: TestCase, result: TestResult, step: TestStep): void {
    if (step.category === 'pw:api' && step.title === 'Launch browser') {
      this.browserStart.set(result, (this.browserStart.get(result) ?? 0) + step.duration);
    }
    if (!step.parent && step.category !== 'pw:api') {
      const steps = this.steps.get(result) ?? [];
      steps.push({ title: step.title, durationMs: step.duration });
      this.steps.set(result, steps);
    }
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const metrics = result.attachments
      .filter((a) => a.name === 'sla-metrics' && a.body)
      .map((a) => JSON.parse(a.body!.toString()) as { firstEventMs?: number; runMs?: number });
    if (!metrics.length) return;
    this.rows.push({
      title: test.title,
      durationMs: result.duration,
      browserStartMs: this.browserStart.get(result) ?? 0,
      firstEventMs: metrics.reduce((sum, m) => sum + (m.firstEventMs ?? 0), 0),
      runMs: metrics.reduce((sum, m) => sum + (m.runMs ?? 0), 0),
      steps: this.steps.get(result) ?? [],
    });
  }

  onEnd(): void {
    mkdirSync(path.dirname(TIMINGS_FILE), { recursive: true });
    writeFileSync(TIMINGS_FILE, JSON.stringify(this.rows, null, 2));
  }

  printsToStdio(): boolean {
    return false;
  }
}
