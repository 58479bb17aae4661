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

type Stats = ReadonlyMap<number, { ppid: number; ticks: number }>;

/** utime + stime (clock ticks) of `pid` and each of its descendants, by pid. */
export function treeTicks(pid: number, stats: Stats, into = new Map<number, number>()): Map<number, number> {
  const own = stats.get(pid);
  if (own) into.set(pid, own.ticks);
  for (const [child, stat] of stats) if (stat.ppid === pid && child !== pid) treeTicks(child, stats, into);
  return into;
}

/** Ticks used between two readings of a tree: a process that ended takes its ticks with it, so only growth counts. */
export function ticksBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += Math.max(0, ticks - (before.get(pid) ?? 0));
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
  private last?: { at: number; generator: Map<number, number>; target: Map<number, number> };

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
    const now = { at, generator: treeTicks(this.generatorPid, stats), target: this.targetPid ? treeTicks(this.targetPid, stats) : new Map<number, number>() };
    if (this.last) {
      const seconds = (now.at - this.last.at) / 1000;
      const pct = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100);
      this.samples.push({
        t,
        generatorPct: pct(ticksBetween(this.last.generator, now.generator)),
        targetPct: this.targetPid ? pct(ticksBetween(this.last.target, now.target)) : undefined,
        loadPerCore: Math.round(loadPerCore * 100) / 100,
      });
    }
    this.last = now;
  }
}

/** Peak and mean of the generator's CPU, in % of one core, the cores it had, and how busy the whole machine was. */
export function cpuFigures(samples: readonly CpuSample[]): { peakPct: number; meanPct: number; cores: number; peakTargetPct?: number; peakLoadPerCore: number } {
  const pcts = samples.map((s) => s.generatorPct).filter((v) => Number.isFinite(v));
  const targets = samples.map((s) => s.targetPct).filter((v): v is number => v !== undefined);
  return {
    peakPct: Math.max(0, ...pcts),
    meanPct: pcts.length ? Math.round(pcts.reduce((a, b) => a + b, 0) / pcts.length) : 0,
    cores: os.availableParallelism(),
    peakTargetPct: targets.length ? Math.max(...targets) : undefined,
    peakLoadPerCore: Math.max(0, ...samples.map((s) => s.loadPerCore)),
  };
}
