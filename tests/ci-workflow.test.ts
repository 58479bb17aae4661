import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  strategy?: { matrix: { shard: number[]; total: number[] } };
  steps: Step[];
}
interface Workflow {
  on: { schedule?: { cron: string }[] };
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}

const WORKFLOW = '.github/workflows/golden-path.yml';
const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as Workflow;
const scripts = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((s) => (s.run ? [s.run] : [])));

describe(WORKFLOW, () => {
  it('runs nightly, one run at a time per branch', () => {
    expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(workflow.concurrency?.group).toBeTruthy();
  });

  it('calls only npm scripts that package.json has', () => {
    const called = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!));
    expect(called.length).toBeGreaterThan(0);
    for (const name of called) expect(scripts, `npm run ${name}`).toHaveProperty(name);
  });

  it('runs one shard per matrix entry, numbered 1..total', () => {
    const { shard, total } = workflow.jobs.shard!.strategy!.matrix;
    expect(total).toHaveLength(1);
    expect(shard).toEqual(Array.from({ length: total[0]! }, (_, i) => i + 1));
    expect(runs).toContain('npm run e2e -- --shard=${{ matrix.shard }}/${{ matrix.total }}');
  });

  it('merges after every shard, publishes the sign-off as the job summary and uploads the reports', () => {
    const merge = workflow.jobs.merge!;
    expect(merge.needs).toBe('shard');
    expect(merge.if).toContain('!cancelled()');
    const steps = merge.steps;
    expect(steps.some((s) => s.run === 'npm run merge')).toBe(true);
    expect(steps.some((s) => s.run?.includes('reports/signoff.md') && s.run.includes('$GITHUB_STEP_SUMMARY'))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('actions/download-artifact') && s.with?.path === 'reports/blob')).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact') && String(s.with?.path).includes('reports/'))).toBe(true);
    const shardSteps = workflow.jobs.shard!.steps;
    expect(shardSteps.some((s) => s.uses?.startsWith('actions/upload-artifact') && s.with?.path === 'reports/blob')).toBe(true);
  });
});
