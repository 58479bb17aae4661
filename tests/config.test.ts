import { describe, expect, it } from 'vitest';
import { ConfigError, knownSecrets, parseEnv, resolveConfig } from '../config/env';

const port = () => 41000;

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    parseEnv(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('configuration', () => {
  it('accepts an empty environment: the embedded reference app with Netra budgets', () => {
    const config = resolveConfig({}, port);
    expect(config.embedded).toBe(true);
    expect(config.baseURL).toBe('http://127.0.0.1:41000');
    expect(config.target).toBe('reference');
    expect(config.budgets).toEqual({ connectMs: 2000, firstEventMs: 5000, runMs: 60000 });
    expect(config.allowFaults).toBe(true);
  });

  it('reads the readiness budget and the thresholds of a starved runner, with defaults', () => {
    const defaults = resolveConfig({}, port);
    expect(defaults.readyTimeoutMs).toBe(30_000);
    expect(defaults.starved).toEqual({ eventLoopMs: 250, pageLagMs: 500, loadPerCore: 8 });
    const set = resolveConfig({ E2E_READY_TIMEOUT_MS: '45000', E2E_STARVED_EVENT_LOOP_MS: '100', E2E_STARVED_PAGE_LAG_MS: '300', E2E_STARVED_LOAD_PER_CORE: '2.5' }, port);
    expect(set.readyTimeoutMs).toBe(45_000);
    expect(set.starved).toEqual({ eventLoopMs: 100, pageLagMs: 300, loadPerCore: 2.5 });
    expect(problemsOf({ E2E_STARVED_LOAD_PER_CORE: 'busy', E2E_READY_TIMEOUT_MS: '-1' }).map((p) => p.split(' ')[0])).toEqual(['E2E_READY_TIMEOUT_MS', 'E2E_STARVED_LOAD_PER_CORE']);
  });

  it('generates accounts once and writes them back so workers see the same ones', () => {
    const env: NodeJS.ProcessEnv = {};
    const first = resolveConfig(env, port);
    const second = resolveConfig(env, () => 1);
    expect(second.users).toEqual(first.users);
    expect(second.baseURL).toBe(first.baseURL);
    // user1 and user2 are shared; each of the 8 worker slots gets one extra user (E2E_ISOLATION_USERS 3).
    expect(first.users.map((u) => u.key)).toEqual(['user1', 'user2', ...Array.from({ length: 8 }, (_, i) => `user${i + 3}`)]);
    expect(first.extraUsers).toEqual(first.users.slice(2));
    expect(first.extrasPerWorker).toBe(1);
    expect(first.faultUsers.length).toBeGreaterThan(0);
  });

  it('keeps the extra users of a shared target apart from the shared ones', () => {
    const config = resolveConfig(
      { E2E_BASE_URL: 'https://staging.example.com', E2E_USER_EMAIL: 'a@x.test', E2E_USER_PASSWORD: 'pw-a', E2E_USER2_EMAIL: 'b@x.test', E2E_USER2_PASSWORD: 'pw-b', E2E_EXTRA_USERS: 'c@x.test:pw-c,d@x.test:pw-d', E2E_ISOLATION_USERS: '4' },
      port,
    );
    expect(config.extraUsers.map((u) => [u.key, u.email])).toEqual([['user3', 'c@x.test'], ['user4', 'd@x.test']]);
    expect(config.extrasPerWorker).toBe(2);
  });

  it('names every bad variable in one error, without echoing values', () => {
    const problems = problemsOf({
      E2E_BASE_URL: 'not a url',
      E2E_TARGET: 'acme',
      E2E_SLA_RUN_MS: 'soon',
      E2E_ALLOW_FAULTS: 'maybe',
      E2E_USER_EMAIL: 'qa@example.test',
      E2E_EXTRA_USERS: 'no-password-here',
    });
    const named = problems.map((p) => p.split(' ')[0]);
    expect(named).toEqual(
      expect.arrayContaining(['E2E_BASE_URL', 'E2E_TARGET', 'E2E_SLA_RUN_MS', 'E2E_ALLOW_FAULTS', 'E2E_USER_PASSWORD', 'E2E_EXTRA_USERS']),
    );
    expect(problems.join('\n')).not.toContain('soon');
  });

  it('requires a test user when pointed at a deployed target, and never allows faults there by default', () => {
    expect(problemsOf({ E2E_BASE_URL: 'https://staging.example.com' })).toEqual([
      'E2E_USER_EMAIL is required when E2E_BASE_URL points at a deployed target',
    ]);
    const config = resolveConfig({ E2E_BASE_URL: 'https://staging.example.com/', E2E_USER_EMAIL: 'qa@example.test', E2E_USER_PASSWORD: 'pw-1234' }, port);
    expect(config.embedded).toBe(false);
    expect(config.baseURL).toBe('https://staging.example.com');
    expect(config.allowFaults).toBe(false);
    expect(config.faultUsers).toEqual([]);
  });

  it("checks the target profile's own variables in the same pass", () => {
    const problems = problemsOf({ E2E_TARGET: 'netra-apex', NETRA_SIGNIN_MODE: 'staging-token', E2E_SLA_CONNECT_MS: '-1' });
    expect(problems.some((p) => p.startsWith('E2E_SLA_CONNECT_MS'))).toBe(true);
    expect(problems.some((p) => p.includes('NETRA_E2E_BYPASS_KEY'))).toBe(true);
  });

  it('knows every secret it must scrub: passwords and the profile secret variables', () => {
    const env: NodeJS.ProcessEnv = { E2E_TARGET: 'netra-apex', NETRA_SIGNIN_MODE: 'staging-token', NETRA_E2E_BYPASS_KEY: 'bypass-key-123' };
    const config = resolveConfig(env, port);
    const secrets = knownSecrets(config, env);
    expect(secrets).toContain('bypass-key-123');
    for (const user of config.users) expect(secrets).toContain(user.password);
  });
});

describe('backend origin (E2E_API_URL)', () => {
  const deployed = { E2E_BASE_URL: 'http://127.0.0.1:4321/', E2E_USER_EMAIL: 'qa@example.test', E2E_USER_PASSWORD: 'pw-1234' };

  it('is the frontend origin when unset, and its own origin when set', () => {
    expect(resolveConfig({ ...deployed }, port).apiURL).toBe('http://127.0.0.1:4321');
    expect(resolveConfig({ ...deployed, E2E_API_URL: 'http://127.0.0.1:4320/' }, port)).toMatchObject({
      baseURL: 'http://127.0.0.1:4321',
      apiURL: 'http://127.0.0.1:4320',
    });
  });

  it('is validated with the rest of the configuration', () => {
    const problems = (() => {
      try {
        parseEnv({ E2E_API_URL: 'ftp://api.example.com' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems.some((p) => p.startsWith('E2E_API_URL must be an http(s) URL'))).toBe(true);
    expect(problems.some((p) => p.startsWith('E2E_API_URL needs E2E_BASE_URL'))).toBe(true);
  });

});
