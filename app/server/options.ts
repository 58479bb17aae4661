/** Reference app settings, read from the environment (contract §1, docs/architecture.md). */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from './tokens';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface SeedUser {
  email: string;
  password: string;
}

export interface LlmOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
}

export interface AppOptions {
  host: string;
  /** 0 picks a free port; `startApp` returns the real one. */
  port: number;
  users: SeedUser[];
  /** SQLite file path, or ':memory:'. */
  dbPath: string;
  corsOrigins: string[];
  agentPaceMs: number;
  enableFaultInjection: boolean;
  enableDevLogin: boolean;
  /** Set only when LLM_BASE_URL, LLM_API_KEY and LLM_MODEL are all set; null = scripted model. */
  llm: LlmOptions | null;
  jwtSecret: string;
  /** Lifetime of access tokens; short values let a test run outlive its tokens on purpose. */
  accessTokenTtlSeconds: number;
  logLevel: LogLevel;
  // Not read from the environment: for main.ts and in-process tests.
  /** Folder of the built UI; default app/web/dist. */
  webDistDir?: string;
  /** Idle time before a `heartbeat` frame; default 25 s. */
  heartbeatIdleMs?: number;
  /** When set, UI routes answer 503 with this text instead of serving a (possibly stale) bundle. */
  uiUnavailableReason?: string;
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

type Env = Record<string, string | undefined>;

export const DEFAULT_DB_PATH = join(tmpdir(), 'golden-path-reference-app.sqlite');

/** Reads every setting; all invalid variables are reported together in one OptionsError. */
export function optionsFromEnv(env: Env = process.env): AppOptions {
  const problems: string[] = [];
  const read = <T>(name: string, parse: (raw: string) => T, fallback: T): T => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    try {
      return parse(raw);
    } catch (err) {
      problems.push(`${name}: ${(err as Error).message}`);
      return fallback;
    }
  };

  const options: AppOptions = {
    host: read('HOST', (v) => v, '127.0.0.1'),
    port: read('PORT', (v) => parseInteger(v, 0, 65535), 4310),
    users: read('APP_USERS', parseUsers, []),
    dbPath: read('APP_DB', (v) => v, DEFAULT_DB_PATH),
    corsOrigins: read('CORS_ORIGINS', parseOrigins, []),
    agentPaceMs: read('AGENT_PACE_MS', (v) => parseInteger(v, 0, 60_000), 150),
    enableFaultInjection: read('ENABLE_FAULT_INJECTION', parseBoolean, false),
    enableDevLogin: read('ENABLE_DEV_LOGIN', parseBoolean, false),
    llm: null,
    jwtSecret: read('APP_JWT_SECRET', parseSecret, ''),
    accessTokenTtlSeconds: read('APP_ACCESS_TOKEN_TTL_SECONDS', (v) => parseInteger(v, 30, 86_400), DEFAULT_ACCESS_TOKEN_TTL_SECONDS),
    logLevel: read('APP_LOG_LEVEL', parseLogLevel, 'warn'),
  };
  options.llm = readLlm(env, problems);
  if (options.jwtSecret === '') options.jwtSecret = randomBytes(32).toString('base64url');

  if (problems.length > 0) {
    throw new OptionsError(`Invalid reference app settings:\n  ${problems.join('\n  ')}`);
  }
  return options;
}

function parseInteger(raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new Error(`expected a whole number between ${min} and ${max}, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new Error(`expected a whole number between ${min} and ${max}, got ${value}`);
  return value;
}

function parseBoolean(raw: string): boolean {
  const value = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
}

/** "a@x.test:pw1,b@x.test:pw:2" — the password is everything after the first ':'. */
export function parseUsers(raw: string): SeedUser[] {
  const users: SeedUser[] = [];
  const seen = new Set<string>();
  for (const entry of raw.split(',')) {
    const pair = entry.trim();
    if (pair === '') continue;
    const colon = pair.indexOf(':');
    const email = (colon === -1 ? pair : pair.slice(0, colon)).trim().toLowerCase();
    const password = colon === -1 ? '' : pair.slice(colon + 1);
    if (!/^[^\s@:]+@[^\s@:]+$/.test(email)) throw new Error(`entry "${email}" does not start with an email address`);
    if (password === '') throw new Error(`the entry for ${email} has no password (expected email:password)`);
    if (seen.has(email)) throw new Error(`${email} is listed twice`);
    seen.add(email);
    users.push({ email, password });
  }
  return users;
}

function parseOrigins(raw: string): string[] {
  return raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
    .map((o) => {
      let url: URL;
      try {
        url = new URL(o);
      } catch {
        throw new Error(`"${o}" is not an origin like http://localhost:3000`);
      }
      if (!['http:', 'https:'].includes(url.protocol) || (url.pathname !== '/' && url.pathname !== '')) {
        throw new Error(`"${o}" is not an origin like http://localhost:3000`);
      }
      return url.origin;
    });
}

function parseSecret(raw: string): string {
  if (raw.length < 32) throw new Error('must be at least 32 characters long');
  return raw;
}

function parseLogLevel(raw: string): LogLevel {
  const level = raw.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`expected one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return level as LogLevel;
}

/** All three LLM_* variables or none: a partial set is an error, never a silent fallback. */
function readLlm(env: Env, problems: string[]): LlmOptions | null {
  const names = ['LLM_BASE_URL', 'LLM_API_KEY', 'LLM_MODEL'] as const;
  const values = names.map((n) => env[n]?.trim() ?? '');
  const missing = names.filter((_, i) => values[i] === '');
  if (missing.length === names.length) return null;
  if (missing.length > 0) {
    problems.push(`${missing.join(', ')}: LLM_BASE_URL, LLM_API_KEY and LLM_MODEL must be set together`);
    return null;
  }
  const [baseUrl = '', apiKey = '', model = ''] = values;
  try {
    const url = new URL(baseUrl);
    if (!['http:', 'https:'].includes(url.protocol)) throw new Error('not http(s)');
  } catch {
    problems.push(`LLM_BASE_URL: "${baseUrl}" is not an http(s) URL`);
    return null;
  }
  return { baseUrl: baseUrl.replace(/\/+$/, ''), apiKey, model };
}
