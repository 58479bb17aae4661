/**
 * What the virtual users need to know about the target, handed from `npm run load` to Artillery's
 * workers in one environment variable (never in the script file or a report: it holds passwords).
 */
import type { ProfileName } from '../profiles';
import type { UserCredentials } from '../profiles/types';

export const RUN_CONTEXT_VAR = 'E2E_LOAD_RUN';

export interface RunContext {
  baseURL: string;
  apiURL: string;
  target: ProfileName;
  budgets: { connectMs: number; firstEventMs: number; runMs: number };
  readyTimeoutMs: number;
  users: UserCredentials[];
}

/** base64url JSON: one token, safe in a dotenv file or a secret store whatever the passwords hold. */
export function encodeRunContext(context: RunContext): string {
  return Buffer.from(JSON.stringify(context)).toString('base64url');
}

export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const raw = env[RUN_CONTEXT_VAR];
  if (!raw) throw new Error(`${RUN_CONTEXT_VAR} is not set: start load tests with \`npm run load\` (or set it as the README's "Load" section says)`);
  const context = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as RunContext;
  if (context.users.length === 0) throw new Error(`${RUN_CONTEXT_VAR} names no users`);
  return context;
}

/** Metric names the virtual users emit and the reports read: one place for both sides. */
export const METRIC = {
  connectMs: 'load.connect_ms',
  firstEventMs: 'load.first_event_ms',
  runMs: 'load.run_ms',
  browserAnswerMs: 'load.browser.answer_ms',
  runsStarted: 'load.runs.started',
  runsCompleted: 'load.runs.completed',
  runsFailed: 'load.runs.failed',
  opened: (kind: 'protocol' | 'browser') => `load.users.${kind}.opened`,
  closed: (kind: 'protocol' | 'browser') => `load.users.${kind}.closed`,
  concurrent: (kind: 'protocol' | 'browser') => `load.users.${kind}.concurrent`,
  frames: (what: FrameCounter) => `load.frames.${what}`,
} as const;

export const FRAME_COUNTERS = ['checked', 'invalid', 'misrouted', 'lost', 'duplicated', 'rule_violations'] as const;
export type FrameCounter = (typeof FRAME_COUNTERS)[number];

/** Why a run failed, as counted: `load.runs.failed.<kind>`. */
export type FailureKind = 'sign_in' | 'connect' | 'first_event' | 'run_timeout' | 'agent_error' | 'socket_closed' | 'ui' | 'other';
