/** What the load reports are written from. */
import type { CpuSample, cpuFigures } from './cpu';
import type { LoadSettings } from './settings';
import type { LoadSummary } from './summary';

export interface ReportInput {
  summary: LoadSummary;
  cpu: CpuSample[];
  cpuFigures: ReturnType<typeof cpuFigures>;
  settings: LoadSettings;
  /** Where the load went, in words (a URL, or the embedded app and its folder). */
  target: string;
  profile: string;
  startedAt: Date;
  /** Artillery's own exit code (its `ensure` checks decide it). */
  artilleryExit: number;
  /** The first problems the virtual users met, worded (failed runs, broken frames). */
  problems: string[];
}

const fmt = (v: number | undefined) => (v === undefined ? '–' : String(Math.round(v)));

/** The rows both reports show, so they cannot disagree. */
export function latencyRows(summary: LoadSummary): string[][] {
  const { latency } = summary;
  return [
    ['connect (ticket → connection_established)', latency.connect],
    ['first event after send', latency.firstEvent],
    ['run time (agent_started → end)', latency.run],
    ['browser: send → answer on screen', latency.browserAnswer],
  ].map(([label, p]) => {
    const q = p as LoadSummary['latency']['connect'];
    return [label as string, String(q.count), fmt(q.p50), fmt(q.p95), fmt(q.p99)];
  });
}

export function runRows(summary: LoadSummary): string[][] {
  const failed = Object.entries(summary.runs.failedByKind);
  return [
    ['started', String(summary.runs.started)],
    ['completed', String(summary.runs.completed)],
    ...failed.map(([kind, n]) => [`failed: ${kind}`, String(n)]),
    ...(failed.length === 0 ? [['failed', '0']] : []),
  ];
}

export function frameRows(summary: LoadSummary): string[][] {
  return Object.entries(summary.frames).map(([name, n]) => [name.replace('_', ' '), String(n)]);
}

export function thresholdRows(summary: LoadSummary): string[][] {
  return summary.thresholds.map((t) => [t.passed ? 'pass' : 'FAIL', t.label, `${t.metric} ${t.op} ${t.limit}`, fmt(t.value)]);
}

export function headline(input: ReportInput): string[] {
  const { summary, cpuFigures: cpu, settings } = input;
  const passed = summary.passed && input.artilleryExit === 0;
  return [
    `Verdict: ${passed ? 'PASSED' : 'FAILED'}${input.artilleryExit !== 0 && summary.passed ? ` (Artillery exited ${input.artilleryExit})` : ''}`,
    `Target: ${input.target} (profile ${input.profile}); started ${input.startedAt.toISOString()}`,
    `Preset: ${settings.preset}; phases ${settings.phases.map((p) => `${p.name} ${p.duration}s @${p.arrivalRate}${p.rampTo ? `→${p.rampTo}` : ''}/s`).join(', ')}; ${settings.runsPerUser} runs per user, ${settings.thinkSeconds}s think; weights protocol ${settings.weights.protocol} : browser ${settings.weights.browser}`,
    `Peak concurrent users (per generator worker): ${summary.users.peakProtocol} protocol, ${summary.users.peakBrowser} browser; virtual users created ${summary.users.created}, completed ${summary.users.completed}, failed ${summary.users.failed}`,
    `Load generator CPU: peak ${cpu.peakPct} %, mean ${cpu.meanPct} % of one core (${cpu.cores} cores)${cpu.peakTargetPct !== undefined ? `; embedded target peak ${cpu.peakTargetPct} %` : ''}. A generator near ${cpu.cores * 100} % measures itself, not the target.`,
    `Machine load average per core, peak: ${cpu.peakLoadPerCore}${cpu.peakLoadPerCore > 1 ? ' — more work than cores: every latency above includes waiting for a CPU, whoever caused it' : ''}.`,
  ];
}
