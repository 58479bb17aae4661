/**
 * What a load run does, from the environment (validated like the suite's own variables): the
 * preset, its phases, the mix of browser and protocol users, and the staging guards. Pure.
 */
import { z } from 'zod';

export type PresetName = 'default' | 'quick';

export interface Phase {
  name: 'warm-up' | 'ramp' | 'plateau';
  duration: number;
  arrivalRate: number;
  rampTo?: number;
}

export interface LoadSettings {
  preset: PresetName;
  phases: Phase[];
  /** Relative weights of the two kinds of virtual users. */
  weights: { protocol: number; browser: number };
  /** Runs each virtual user sends over its one socket or page, with `thinkSeconds` between them. */
  runsPerUser: number;
  thinkSeconds: number;
  /** How many accounts are generated for the embedded app. */
  generatedUsers: number;
  /** No phase arrives faster than this many users per second. */
  maxArrivalRate: number;
  /** E2E_LOAD_ALLOW=true: the user accepts load against a deployed target. */
  allowed: boolean;
}

interface Preset {
  warmup: number;
  ramp: number;
  plateau: number;
  warmupRate: number;
  rate: number;
  runsPerUser: number;
  thinkSeconds: number;
}

/** `quick` keeps over 200 protocol users connected at its plateau (10 arrivals/s × ~25 s each) and ends within two minutes. */
export const PRESETS: Record<PresetName, Preset> = {
  default: { warmup: 30, ramp: 60, plateau: 180, warmupRate: 1, rate: 10, runsPerUser: 6, thinkSeconds: 5 },
  quick: { warmup: 10, ramp: 10, plateau: 30, warmupRate: 2, rate: 10, runsPerUser: 4, thinkSeconds: 5 },
};

const seconds = z.coerce.number({ error: 'must be a number of seconds' }).int().positive();
const rate = z.coerce.number({ error: 'must be a number of users per second' }).positive();
const count = z.coerce.number({ error: 'must be a whole number' }).int();

const schema = z.object({
  E2E_LOAD_PRESET: z.enum(['default', 'quick'], { error: 'must be default or quick' }).optional(),
  E2E_LOAD_WARMUP_S: seconds.optional(),
  E2E_LOAD_RAMP_S: seconds.optional(),
  E2E_LOAD_PLATEAU_S: seconds.optional(),
  E2E_LOAD_RATE: rate.optional(),
  E2E_LOAD_RUNS_PER_USER: count.min(1).max(100).optional(),
  E2E_LOAD_THINK_S: z.coerce.number({ error: 'must be a number of seconds' }).min(0).max(600).optional(),
  E2E_LOAD_PROTOCOL_WEIGHT: count.min(0).default(60),
  E2E_LOAD_BROWSER_WEIGHT: count.min(0).default(1),
  E2E_LOAD_USERS: count.min(1).max(1000).default(64),
  E2E_LOAD_MAX_RATE: rate.optional(),
  E2E_LOAD_ALLOW: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
});

/** Against a deployed target nothing arrives faster than this unless E2E_LOAD_MAX_RATE says so. */
export const DEPLOYED_MAX_RATE = 5;

export class LoadConfigError extends Error {
  override name = 'LoadConfigError';
}

export function loadSettings(env: NodeJS.ProcessEnv, options: { quick: boolean; embedded: boolean }): LoadSettings {
  const given = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('E2E_LOAD_') && v?.trim()));
  const parsed = schema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
    throw new LoadConfigError(`Invalid load configuration:\n${problems.join('\n')}`);
  }
  const raw = parsed.data;
  if (raw.E2E_LOAD_PROTOCOL_WEIGHT + raw.E2E_LOAD_BROWSER_WEIGHT === 0) throw new LoadConfigError('E2E_LOAD_PROTOCOL_WEIGHT and E2E_LOAD_BROWSER_WEIGHT cannot both be 0');
  const preset: PresetName = options.quick ? 'quick' : (raw.E2E_LOAD_PRESET ?? 'default');
  const p = PRESETS[preset];
  const maxArrivalRate = raw.E2E_LOAD_MAX_RATE ?? (options.embedded ? Number.POSITIVE_INFINITY : DEPLOYED_MAX_RATE);
  const cap = (r: number) => Math.min(r, maxArrivalRate);
  const plateauRate = cap(raw.E2E_LOAD_RATE ?? p.rate);
  const warmupRate = cap(Math.min(p.warmupRate, plateauRate));
  return {
    preset,
    phases: [
      { name: 'warm-up', duration: raw.E2E_LOAD_WARMUP_S ?? p.warmup, arrivalRate: warmupRate },
      { name: 'ramp', duration: raw.E2E_LOAD_RAMP_S ?? p.ramp, arrivalRate: warmupRate, rampTo: plateauRate },
      { name: 'plateau', duration: raw.E2E_LOAD_PLATEAU_S ?? p.plateau, arrivalRate: plateauRate },
    ],
    weights: { protocol: raw.E2E_LOAD_PROTOCOL_WEIGHT, browser: raw.E2E_LOAD_BROWSER_WEIGHT },
    runsPerUser: raw.E2E_LOAD_RUNS_PER_USER ?? p.runsPerUser,
    thinkSeconds: raw.E2E_LOAD_THINK_S ?? p.thinkSeconds,
    generatedUsers: raw.E2E_LOAD_USERS,
    maxArrivalRate,
    allowed: raw.E2E_LOAD_ALLOW === 'true',
  };
}

/** Why a load run must not start, or undefined: only the embedded app takes load unasked. */
export function refusal(settings: LoadSettings, target: { embedded: boolean; baseURL: string }): string | undefined {
  if (target.embedded || settings.allowed) return undefined;
  return `Refusing to put load on ${target.baseURL}: set E2E_LOAD_ALLOW=true to confirm this target may take it (arrival rate capped at ${settings.maxArrivalRate}/s, E2E_LOAD_MAX_RATE).`;
}
