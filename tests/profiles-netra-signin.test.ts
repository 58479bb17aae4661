import type { Locator, Page } from '@playwright/test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNetraApexProfile, isNetraDevMode, netraSignInSettings } from '../profiles/netra-apex';
import type { SignInContext } from '../profiles/types';

const KEY = 'bypass-key-that-must-stay-secret';
const USER = { key: 'user1', email: 'alice@example.test', password: 'pw-that-must-stay-secret' };

interface Call {
  method: string;
  args: unknown[];
}

/**
 * A page whose every method records its call and returns another such object (awaitable as itself).
 * `answers` gives fixed results for some methods (the stored token, the URL, the auth service's /auth/me).
 */
function fakePage(calls: Call[], answers: Record<string, unknown> = {}): Page {
  const make = (): unknown =>
    new Proxy(
      {},
      {
        get: (_target, method) =>
          method === 'then'
            ? undefined
            : (...args: unknown[]) => {
                calls.push({ method: String(method), args });
                return Object.hasOwn(answers, method) ? answers[method as string] : make();
              },
      },
    );
  return make() as Page;
}

/** What a signed-in page answers: its token, its URL, and who /auth/me says it is. */
const signedInAs = { evaluate: Promise.resolve('jwt-of-the-page'), url: 'http://127.0.0.1:3000/chat' };

function context(env: Record<string, string>, response?: { status: number; body: unknown }, signedInEmail = USER.email) {
  const calls: Call[] = [];
  const secrets: Array<[Locator, string]> = [];
  const posts: Array<{ url: string; options: { headers: Record<string, string>; data: Record<string, unknown> } }> = [];
  const gets: Array<{ url: string; options: unknown }> = [];
  const request = {
    // The auth service's /auth/me: who the page's token belongs to.
    get: async (url: string, options: unknown) => {
      gets.push({ url, options });
      return { ok: () => true, json: async () => ({ email: signedInEmail }) };
    },
    post: async (url: string, options: (typeof posts)[number]['options']) => {
      posts.push({ url, options });
      const { status, body } = response ?? { status: 200, body: {} };
      return { ok: () => status < 300, status: () => status, json: async () => body };
    },
  };
  const ctx = {
    page: fakePage(calls, signedInAs),
    user: USER,
    baseURL: 'http://127.0.0.1:3000',
    request,
    fillSecret: async (input: Locator, value: string) => void secrets.push([input, value]),
  } as unknown as SignInContext;
  return { ctx, calls, secrets, posts, gets, profile: createNetraApexProfile(() => env) };
}

const methods = (calls: Call[]) => calls.map((c) => c.method);
const initScript = (calls: Call[]) => calls.find((c) => c.method === 'addInitScript')?.args as [(arg?: unknown) => void, unknown];

function fakeBrowser(origin: string, pathname: string, stored: Record<string, string> = {}) {
  vi.stubGlobal('location', { origin, pathname });
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => stored[k] ?? null,
    setItem: (k: string, v: string) => void (stored[k] = v),
    removeItem: (k: string) => void delete stored[k],
  });
  return stored;
}

afterEach(() => vi.unstubAllGlobals());

describe('netraSignInSettings', () => {
  it('defaults to the custom-credentials form', () => {
    expect(netraSignInSettings({})).toEqual({ mode: 'dev-form' });
    expect(isNetraDevMode({})).toBe(true);
    expect(isNetraDevMode({ NETRA_SIGNIN_MODE: 'dev-quick' })).toBe(true);
  });

  it('needs the bypass key for staging-token, without echoing any value', () => {
    expect(() => netraSignInSettings({ NETRA_SIGNIN_MODE: 'staging-token' })).toThrow(/NETRA_E2E_BYPASS_KEY/);
    expect(netraSignInSettings({ NETRA_SIGNIN_MODE: 'staging-token', NETRA_E2E_BYPASS_KEY: KEY, NETRA_AUTH_URL: 'https://auth.example' }))
      .toEqual({ mode: 'staging-token', bypassKey: KEY, authUrl: 'https://auth.example' });
    expect(isNetraDevMode({ NETRA_SIGNIN_MODE: 'staging-token', NETRA_E2E_BYPASS_KEY: KEY })).toBe(false);
  });

  it('lists the modes when the mode is unknown', () => {
    expect(() => netraSignInSettings({ NETRA_SIGNIN_MODE: 'oauth' })).toThrow('dev-form, dev-quick, staging-token');
  });
});

describe('dev-form sign-in', () => {
  it('fills the password only through fillSecret and keeps dev auto-login away while signing in', async () => {
    const { ctx, calls, secrets, profile } = context({ NETRA_SIGNIN_MODE: 'dev-form' });
    await profile.signIn(ctx);

    expect(secrets.map(([, value]) => value)).toEqual([USER.password]);
    const fills = calls.filter((c) => ['fill', 'type', 'pressSequentially'].includes(c.method));
    expect(fills.map((c) => c.args[0])).toEqual([USER.email]);
    expect(calls).toContainEqual({ method: 'goto', args: ['/login'] });
    expect(calls).toContainEqual({ method: 'getByRole', args: ['button', { name: 'Login with Custom Credentials' }] });
    expect(methods(calls).indexOf('addInitScript')).toBeLessThan(methods(calls).indexOf('goto'));
    expect(methods(calls).indexOf('dispose')).toBeGreaterThan(methods(calls).indexOf('click'));
  });

  it('sets dev_logout_flag on /login and clears it once a token is stored', async () => {
    const { ctx, calls, profile } = context({});
    await profile.signIn(ctx);
    const [suppress] = initScript(calls);

    expect(suppress).toBeTypeOf('function');
    const onLogin = fakeBrowser('http://127.0.0.1:3000', '/login');
    suppress();
    expect(onLogin).toEqual({ dev_logout_flag: 'true' });
    const onChat = fakeBrowser('http://127.0.0.1:3000', '/chat', { dev_logout_flag: 'true', jwt_token: 't' });
    suppress();
    expect(onChat).toEqual({ jwt_token: 't' });
  });
});

describe('a signed-out browser of a development build', () => {
  it('keeps the logout flag on every page while no token is stored, and drops it once one is', async () => {
    const added: unknown[] = [];
    const context = { addInitScript: async (script: unknown) => void added.push(script) };
    const profile = createNetraApexProfile(() => ({ NETRA_SIGNIN_MODE: 'dev-form' }));
    await profile.prepareSignedOut!(context as never);
    const [keep] = added as [() => void];
    const onChat = fakeBrowser('http://127.0.0.1:3000', '/chat');
    keep();
    expect(onChat).toEqual({ dev_logout_flag: 'true' });
    const signedIn = fakeBrowser('http://127.0.0.1:3000', '/chat', { dev_logout_flag: 'true', jwt_token: 't' });
    keep();
    expect(signedIn).toEqual({ jwt_token: 't' });
  });

  it('is left alone against staging, which has no automatic sign-in', async () => {
    const added: unknown[] = [];
    const profile = createNetraApexProfile(() => ({ NETRA_SIGNIN_MODE: 'staging-token', NETRA_E2E_BYPASS_KEY: KEY }));
    await profile.prepareSignedOut!({ addInitScript: async (script: unknown) => void added.push(script) } as never);
    expect(added).toEqual([]);
  });
});

describe('dev-form sign-in that lands as somebody else', () => {
  it("is refused, naming the development build's automatic dev login", async () => {
    const { ctx, profile } = context({ NETRA_SIGNIN_MODE: 'dev-form', E2E_API_URL: 'http://127.0.0.1:4320' }, undefined, 'dev@example.com');
    await expect(profile.signIn(ctx)).rejects.toThrow(
      "Sign-in of user1 ended signed in as dev@example.com instead of alice@example.test: the development build's automatic dev login won over the form",
    );
  });

  it('asks the backend origin (E2E_API_URL) who the page is', async () => {
    const { ctx, gets, profile } = context({ NETRA_SIGNIN_MODE: 'dev-form', E2E_API_URL: 'http://127.0.0.1:4320/' });
    await profile.signIn(ctx);
    expect(gets).toEqual([{ url: 'http://127.0.0.1:4320/auth/me', options: { headers: { Authorization: 'Bearer jwt-of-the-page' }, failOnStatusCode: false } }]);
  });
});

describe('dev-quick sign-in', () => {
  it('clicks the quick dev login button and types nothing', async () => {
    const { ctx, calls, secrets, profile } = context({ NETRA_SIGNIN_MODE: 'dev-quick' });
    await profile.signIn(ctx);
    expect(calls).toContainEqual({ method: 'getByRole', args: ['button', { name: 'Quick Dev Login (dev@example.com)' }] });
    expect(methods(calls)).not.toContain('fill');
    expect(secrets).toEqual([]);
  });
});

describe('staging-token sign-in', () => {
  const env = { NETRA_SIGNIN_MODE: 'staging-token', NETRA_E2E_BYPASS_KEY: KEY, NETRA_AUTH_URL: 'https://auth.example/' };

  it('asks the auth service for tokens and stores them before the app loads', async () => {
    const { ctx, calls, posts, profile } = context(env, { status: 200, body: { access_token: 'jwt-1', refresh_token: 'ref-1' } });
    await profile.signIn(ctx);

    expect(posts).toEqual([
      {
        url: 'https://auth.example/auth/e2e/test-auth',
        options: expect.objectContaining({
          headers: { 'X-E2E-Bypass-Key': KEY },
          data: { email: USER.email, name: 'E2E user1', permissions: ['read', 'write'], simulate_oauth: true },
        }),
      },
    ]);
    const [putTokens, tokens] = initScript(calls);
    expect(tokens).toEqual({ origin: 'http://127.0.0.1:3000', jwt_token: 'jwt-1', refresh_token: 'ref-1' });
    expect(calls).toContainEqual({ method: 'goto', args: ['/chat'] });
    expect(methods(calls).indexOf('dispose')).toBeGreaterThan(methods(calls).indexOf('click'));

    const app = fakeBrowser('http://127.0.0.1:3000', '/chat');
    putTokens(tokens);
    expect(app).toEqual({ jwt_token: 'jwt-1', refresh_token: 'ref-1' });
    const elsewhere = fakeBrowser('null', '/');
    putTokens(tokens);
    expect(elsewhere).toEqual({});
  });

  it('uses the app base URL when NETRA_AUTH_URL is unset', async () => {
    const { ctx, posts, profile } = context(
      { NETRA_SIGNIN_MODE: 'staging-token', NETRA_E2E_BYPASS_KEY: KEY },
      { status: 200, body: { access_token: 'jwt-1' } },
    );
    await profile.signIn(ctx);
    expect(posts[0]?.url).toBe('http://127.0.0.1:3000/auth/e2e/test-auth');
  });

  it('fails with the status only: neither the key nor the answer body reach the error', async () => {
    const { ctx, profile } = context(env, { status: 401, body: { detail: `bad key ${KEY}` } });
    const error = await profile.signIn(ctx).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/test sign-in of user1 failed: .* answered 401/);
    expect(error?.message).not.toContain(KEY);
  });

  it('names the fields, not the values, when no access_token came back', async () => {
    const { ctx, profile } = context(env, { status: 200, body: { token: 'jwt-secret-value' } });
    const error = await profile.signIn(ctx).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toContain('fields: token');
    expect(error?.message).not.toContain('jwt-secret-value');
  });
});
