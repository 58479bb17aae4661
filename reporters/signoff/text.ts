/** Text clean-up for what the sign-off prints: ANSI codes, first lines, secrets. */

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * First non-empty line, without ANSI codes, cut to `max` characters, secrets masked. A line ending
 * with ':' ("run ordering rules broken:") only announces what follows: the next line is added.
 */
export function firstLine(text: string | undefined, max = 240): string | undefined {
  if (!text) return undefined;
  const [first, second] = stripAnsi(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (!first) return undefined;
  const line = first.endsWith(':') && second ? `${first} ${second}` : first;
  const clean = redact(line);
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // JWTs (access and refresh tokens)
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[redacted-jwt]'],
  // Authorization headers
  [/\b(Bearer\s+)[\w.~+/=-]{8,}/gi, '$1[redacted]'],
  // ticket=…, "password": "…", token: …
  [/\b((?:ticket|ticket_id|token|access_token|refresh_token|jwt_token|password|passwd|api[_-]?key|secret|bypass[_-]?key)["']?\s*[=:]\s*["']?)[^\s"'&,;}]+/gi, '$1[redacted]'],
  // user:password@ in URLs
  [/(\/\/[^/\s:@]+:)[^@\s/]+@/g, '$1[redacted]@'],
];

/** Values of environment variables that hold secrets (E2E_*PASSWORD, *_TOKEN, *_KEY, *SECRET*). */
function secretEnvValues(env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (/^APP_USERS$|^E2E_\w*USERS$/i.test(name)) {
      // email:password pairs: the passwords are secret, the emails are not.
      values.push(...value.split(',').map((pair) => pair.slice(pair.indexOf(':') + 1)));
    } else if (/PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|BYPASS/i.test(name)) {
      values.push(value);
    }
  }
  return values.filter((v) => v.length >= 4);
}

export function redact(text: string): string {
  let out = text;
  for (const value of secretEnvValues()) out = out.split(value).join('[redacted]');
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Playwright's own message when a test ran out of time: a symptom, never the cause. */
export const BARE_TEST_TIMEOUT = /^Test timeout of \d+ms exceeded\.?$/;

/**
 * The message that names the cause, from the first lines of a failed attempt's errors (in
 * order) and the step that was running when it ended: a bare "Test timeout of N ms exceeded"
 * gives way to the first error of the test's own (a step's, an action's), and otherwise says
 * which step ran out of time.
 */
export function causeFirst(messages: readonly string[], runningStep?: string): string | undefined {
  const [first, ...rest] = messages;
  if (first === undefined || !BARE_TEST_TIMEOUT.test(first)) return first;
  const own = rest.find((m) => !BARE_TEST_TIMEOUT.test(m));
  const where = runningStep ? ` in step "${runningStep}"` : '';
  if (own) return `${own}${where} (then: ${first})`;
  return runningStep ? `${first.replace(/\.$/, '')}${where}` : first;
}

interface StepLike {
  title: string;
  steps?: readonly StepLike[];
  /** Reporter API steps: only 'test.step' counts (not hooks, fixtures, API calls). JSON report steps have none. */
  category?: string;
}

/** "Send … › The agent starts": the innermost of the last steps, the one still running when a test timed out. */
export function lastStepPath(steps: readonly StepLike[] | undefined): string | undefined {
  const own = (steps ?? []).filter((s) => s.category === undefined || s.category === 'test.step');
  const last = own.at(-1);
  if (!last) return undefined;
  const inner = lastStepPath(last.steps);
  return inner ? `${last.title} › ${inner}` : last.title;
}
