/**
 * The one place where the suite's configuration is read: `.env`, then `.env.<E2E_ENV>`,
 * validated with zod before any browser starts. Every bad variable is named in one error.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { getProfile, PROFILE_NAMES, type ProfileName } from '../profiles';
import type { UserCredentials } from '../profiles/types';
import type { StarvationThresholds } from '../harness/runner-load/starvation';

/** Enough private fault and extra users for any worker count a 2-core machine would use. */
const WORKER_SLOTS_EMBEDDED = 8;

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const millis = z.coerce.number({ error: 'must be a number of milliseconds' }).int().positive();
const optionalText = z.string().trim().min(1).optional();

const schema = z
  .object({
    E2E_ENV: z.string().regex(/^[\w-]+$/, 'must be a plain name such as "staging"').optional(),
    E2E_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://staging.example.com' }).optional(),
    E2E_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://api.staging.example.com' }).optional(),
    E2E_TARGET: z
      .string()
      .refine((name): name is ProfileName => (PROFILE_NAMES as string[]).includes(name), { error: `must be one of: ${PROFILE_NAMES.join(', ')}` })
      .default('reference'),
    E2E_USER_EMAIL: z.email({ error: 'must be an email address' }).optional(),
    E2E_USER_PASSWORD: optionalText,
    E2E_USER2_EMAIL: z.email({ error: 'must be an email address' }).optional(),
    E2E_USER2_PASSWORD: optionalText,
    E2E_EXTRA_USERS: z
      .string()
      .regex(/^([^:,\s]+@[^:,\s]+:[^,]+)(,[^:,\s]+@[^:,\s]+:[^,]+)*$/, 'must be email:password pairs separated by commas')
      .optional(),
    E2E_FAULT_USERS: z
      .string()
      .regex(/^([^:,\s]+@[^:,\s]+:[^,]+)(,[^:,\s]+@[^:,\s]+:[^,]+)*$/, 'must be email:password pairs separated by commas')
      .optional(),
    E2E_ISOLATION_USERS: z.coerce.number({ error: 'must be a whole number' }).int().min(2).max(20).default(3),
    E2E_SLA_CONNECT_MS: millis.default(2_000),
    E2E_SLA_FIRST_EVENT_MS: millis.default(5_000),
    E2E_SLA_RUN_MS: millis.default(60_000),
    E2E_ALLOW_FAULTS: flag.optional(),
    E2E_PREFLIGHT_TIMEOUT_MS: millis.default(5_000),
    E2E_READY_TIMEOUT_MS: millis.default(30_000),
    E2E_UNSEEN_OUTAGE_MS: millis.default(150),
    E2E_STARVED_EVENT_LOOP_MS: millis.default(250),
    E2E_STARVED_PAGE_LAG_MS: millis.default(500),
    E2E_STARVED_LOAD_PER_CORE: z.coerce.number({ error: 'must be a number (load average per CPU core)' }).positive().default(8),
    E2E_WORKERS: z.coerce.number({ error: 'must be a whole number' }).int().min(1).max(16).optional(),
    E2E_RETRIES: z.coerce.number({ error: 'must be a whole number' }).int().min(0).max(5).optional(),
    E2E_VISUAL_COMPARE: flag.default(false),
    E2E_CHROMIUM_PATH: optionalText,
    AGENT_PACE_MS: z.coerce.number({ error: 'must be a whole number' }).int().min(0).max(60_000).optional(),
  });

/** Checks across variables, on the raw strings so they run even when a value is malformed. */
function crossFieldProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  for (const [email, password] of [
    ['E2E_USER_EMAIL', 'E2E_USER_PASSWORD'],
    ['E2E_USER2_EMAIL', 'E2E_USER2_PASSWORD'],
  ] as const) {
    if (Boolean(env[email]) !== Boolean(env[password])) {
      const [missing, other] = env[email] ? [password, email] : [email, password];
      problems.push(`${missing} must be set together with ${other}`);
    }
  }
  if (env.E2E_BASE_URL && !env.E2E_USER_EMAIL) problems.push('E2E_USER_EMAIL is required when E2E_BASE_URL points at a deployed target');
  if (env.E2E_API_URL && !env.E2E_BASE_URL) problems.push('E2E_API_URL needs E2E_BASE_URL (the frontend); the embedded app serves both from one origin');
  return problems;
}

export type RawEnv = z.infer<typeof schema>;

export interface SuiteConfig {
  /** The target's frontend origin (what the browser opens), e.g. http://127.0.0.1:41873. */
  baseURL: string;
  /** The backend origin (HTTP API, auth, WebSocket): E2E_API_URL, else the frontend's origin. */
  apiURL: string;
  /** True when the suite starts the bundled reference app itself. */
  embedded: boolean;
  target: ProfileName;
  envName?: string;
  /** Every test user: user1, user2 (shared by every worker), then the extra users. */
  users: UserCredentials[];
  /**
   * E2E_EXTRA_USERS: the users beyond user1 and user2 that the journeys with several users need,
   * dealt out per worker of every shard (config/partition.ts), `extrasPerWorker` each.
   */
  extraUsers: UserCredentials[];
  extrasPerWorker: number;
  /** One private user per worker for the journeys that arm faults (a fault hits the user's next run). */
  faultUsers: UserCredentials[];
  isolationUsers: number;
  budgets: { connectMs: number; firstEventMs: number; runMs: number };
  /**
   * How long a page may take to be ready to use (loaded, signed in, connected; a frontend may show
   * an initialisation screen while it connects) before a UI wait fails: apart from the expect timeout.
   */
  readyTimeoutMs: number;
  /**
   * A socket replaced within this long after it dropped is back before a user could be told: the
   * UI need not show "reconnecting" for it (a target may retry at once, as Netra's first retry does).
   */
  unseenOutageMs: number;
  /** From which figures on the runner counts as starved (see harness/runner-load/runner-load.ts). */
  starved: StarvationThresholds;
  allowFaults: boolean;
  preflightTimeoutMs: number;
  workers?: number;
  retries?: number;
  visualCompare: boolean;
  chromiumPath?: string;
  agentPaceMs?: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration; fix these variables (in .env, .env.<E2E_ENV> or the environment):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Loads `.env` files into process.env (never overriding variables already set). */
export function loadEnvFiles(root = process.cwd(), env: NodeJS.ProcessEnv = process.env): void {
  const load = (file: string) => {
    const full = path.join(root, file);
    if (existsSync(full)) dotenv.config({ path: full, processEnv: env as Record<string, string>, quiet: true });
  };
  // .env.<E2E_ENV> is read first so that it wins over the shared .env (dotenv never overrides).
  const envName = env.E2E_ENV ?? readEnvName(root);
  if (envName) load(`.env.${envName}`);
  load('.env');
}

function readEnvName(root: string): string | undefined {
  const parsed: Record<string, string> = {};
  const file = path.join(root, '.env');
  if (existsSync(file)) dotenv.config({ path: file, processEnv: parsed, quiet: true });
  return parsed.E2E_ENV;
}

/** Validates the environment; throws ConfigError naming every bad variable. Values are never echoed. */
export function parseEnv(env: NodeJS.ProcessEnv): RawEnv {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => (k.startsWith('E2E_') || k === 'AGENT_PACE_MS') && v !== undefined && v.trim() !== ''),
  );
  const result = schema.safeParse(blankToUndefined);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
  problems.push(...crossFieldProblems(blankToUndefined));
  // The target profile checks its own variables (sign-in mode, keys) in the same pass.
  const target = result.success ? result.data.E2E_TARGET : PROFILE_NAMES.find((name) => name === (env.E2E_TARGET ?? 'reference'));
  if (target) problems.push(...(getProfile(target).envProblems?.(env) ?? []));
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError([...new Set(problems)]);
}

/**
 * Resolves the whole configuration. For the embedded target it picks the port and the accounts
 * once and writes them back into `env`, so Playwright's workers (which inherit the environment)
 * see the same values.
 */
export function resolveConfig(env: NodeJS.ProcessEnv, pickPort: () => number): SuiteConfig {
  const raw = parseEnv(env);
  const embedded = !raw.E2E_BASE_URL;
  if (embedded) {
    env.E2E_EMBEDDED_PORT ??= String(pickPort());
    env.E2E_USER_EMAIL ??= generatedEmail('user1');
    env.E2E_USER_PASSWORD ??= generatedPassword();
    env.E2E_USER2_EMAIL ??= generatedEmail('user2');
    env.E2E_USER2_PASSWORD ??= generatedPassword();
    if (!env.E2E_EXTRA_USERS && raw.E2E_ISOLATION_USERS > 2) {
      const extras = (raw.E2E_ISOLATION_USERS - 2) * WORKER_SLOTS_EMBEDDED;
      env.E2E_EXTRA_USERS = Array.from({ length: extras }, (_, i) => `${generatedEmail(`user${i + 3}`)}:${generatedPassword()}`).join(',');
    }
    env.E2E_FAULT_USERS ??= Array.from({ length: WORKER_SLOTS_EMBEDDED }, (_, i) => `${generatedEmail(`fault${i + 1}`)}:${generatedPassword()}`).join(',');
  }
  const baseURL = (raw.E2E_BASE_URL ?? `http://127.0.0.1:${env.E2E_EMBEDDED_PORT}`).replace(/\/$/, '');
  env.E2E_RESOLVED_BASE_URL = baseURL;
  const apiURL = (raw.E2E_API_URL ?? baseURL).replace(/\/$/, '');
  return {
    baseURL,
    apiURL,
    embedded,
    target: raw.E2E_TARGET,
    envName: raw.E2E_ENV,
    ...usersFrom(env, raw.E2E_ISOLATION_USERS),
    faultUsers: parsePairs(env.E2E_FAULT_USERS, 'fault'),
    isolationUsers: raw.E2E_ISOLATION_USERS,
    budgets: { connectMs: raw.E2E_SLA_CONNECT_MS, firstEventMs: raw.E2E_SLA_FIRST_EVENT_MS, runMs: raw.E2E_SLA_RUN_MS },
    readyTimeoutMs: raw.E2E_READY_TIMEOUT_MS,
    unseenOutageMs: raw.E2E_UNSEEN_OUTAGE_MS,
    starved: { eventLoopMs: raw.E2E_STARVED_EVENT_LOOP_MS, pageLagMs: raw.E2E_STARVED_PAGE_LAG_MS, loadPerCore: raw.E2E_STARVED_LOAD_PER_CORE },
    // Faults are armed only on the bundled app unless a user explicitly allows them.
    allowFaults: raw.E2E_ALLOW_FAULTS ?? embedded,
    preflightTimeoutMs: raw.E2E_PREFLIGHT_TIMEOUT_MS,
    workers: raw.E2E_WORKERS,
    retries: raw.E2E_RETRIES,
    visualCompare: raw.E2E_VISUAL_COMPARE,
    chromiumPath: raw.E2E_CHROMIUM_PATH,
    agentPaceMs: raw.AGENT_PACE_MS,
  };
}

function usersFrom(env: NodeJS.ProcessEnv, isolationUsers: number): Pick<SuiteConfig, 'users' | 'extraUsers' | 'extrasPerWorker'> {
  const shared: UserCredentials[] = [];
  if (env.E2E_USER_EMAIL) shared.push({ key: 'user1', email: env.E2E_USER_EMAIL, password: env.E2E_USER_PASSWORD ?? '' });
  if (env.E2E_USER2_EMAIL) shared.push({ key: 'user2', email: env.E2E_USER2_EMAIL, password: env.E2E_USER2_PASSWORD ?? '' });
  const extraUsers = parsePairs(env.E2E_EXTRA_USERS, 'user', shared.length);
  return { users: [...shared, ...extraUsers], extraUsers, extrasPerWorker: Math.max(0, isolationUsers - shared.length) };
}

function parsePairs(list: string | undefined, keyPrefix: string, offset = 0): UserCredentials[] {
  return (list ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair, i) => {
      const at = pair.indexOf(':');
      return { key: `${keyPrefix}${offset + i + 1}`, email: pair.slice(0, at), password: pair.slice(at + 1) };
    });
}

/** Every password the run knows, so reporters can scrub them from artifacts. */
export function knownSecrets(config: SuiteConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const profileSecrets = (getProfile(config.target).secretEnvVars ?? []).map((name) => env[name] ?? '');
  return [...[...config.users, ...config.faultUsers].map((u) => u.password), ...profileSecrets].filter((p) => p.length >= 4);
}

/** A fresh address for an account the run creates on the embedded app. */
export function generatedEmail(name: string): string {
  return `${name}-${randomBytes(4).toString('hex')}@example.test`;
}

export function generatedPassword(): string {
  return `pw-${randomBytes(12).toString('base64url')}`;
}
