/**
 * The load generator's own CPU: the Artillery process and every process it started (workers,
 * Chromium), sampled from /proc. A generator near 100 % of its cores measures itself, not the
 * target. Where /proc is missing (not Linux) only the machine's load average is kept.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

export interface CpuSample {
  /** Seconds since sampling began. */
  t: number;
  /** CPU used in the interval, in % of one core (200 = two cores busy). */
  generatorPct: number;
  /** The embedded target's server, when it runs on this machine. */
  targetPct?: number;
  loadPerCore: number;
}

const TICKS_PER_SECOND = 100;

/** utime + stime (clock ticks) of `pid` and its descendants. */
export function treeTicks(pid: number, stats: ReadonlyMap<number, { ppid: number; ticks: number }>): number {
  let total = stats.get(pid)?.ticks ?? 0;
  for (const [child, stat] of stats) if (stat.ppid === pid && child !== pid) total += treeTicks(child, stats);
  return total;
}

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
export function parseStat(text: string): { ppid: number; ticks: number } {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function readStats(): Map<number, { ppid: number; ticks: number }> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      stats.set(Number(entry), parseStat(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return stats;
}

export class CpuSampler {
  readonly samples: CpuSample[] = [];
  private timer?: NodeJS.Timeout;
  private readonly startedAt = Date.now();
  private last?: { at: number; generator: number; target: number };

  constructor(
    private readonly generatorPid: number,
    private readonly targetPid?: number,
    private readonly everyMs = 2_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
  }

  stop(): CpuSample[] {
    clearInterval(this.timer);
    return this.samples;
  }

  private sample(): void {
    const loadPerCore = os.loadavg()[0]! / os.availableParallelism();
    const at = Date.now();
    const t = Math.round((at - this.startedAt) / 1000);
    if (!existsSync('/proc/self/stat')) {
      this.samples.push({ t, generatorPct: Number.NaN, loadPerCore });
      return;
    }
    const stats = readStats();
    const now = { at, generator: treeTicks(this.generatorPid, stats), target: this.targetPid ? treeTicks(this.targetPid, stats) : 0 };
    if (this.last) {
      const seconds = (now.at - this.last.at) / 1000;
      const pct = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
      this.samples.push({
        t,
        generatorPct: pct(now.generator - this.last.generator),
        targetPct: this.targetPid ? pct(now.target - this.last.target) : undefined,
        loadPerCore: Math.round(loadPerCore * 100) / 100,
      });
    }
    this.last = now;
  }
}

/** Peak and mean of the generator's CPU, in % of one core, and the cores it had. */
export function cpuFigures(samples: readonly CpuSample[]): { peakPct: number; meanPct: number; cores: number; peakTargetPct?: number } {
  const pcts = samples.map((s) => s.generatorPct).filter((v) => Number.isFinite(v));
  const targets = samples.map((s) => s.targetPct).filter((v): v is number => v !== undefined);
  return {
    peakPct: Math.max(0, ...pcts),
    meanPct: pcts.length ? Math.round(pcts.reduce((a, b) => a + b, 0) / pcts.length) : 0,
    cores: os.availableParallelism(),
    peakTargetPct: targets.length ? Math.max(...targets) : undefined,
  };
}
