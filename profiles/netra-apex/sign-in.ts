/**
 * Netra sign-in: three modes chosen from the environment (netra-apex-facts.md, "Frontend").
 * The bypass key and the tokens never reach a log line, a step title or an error message.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { z } from 'zod';
import { readStoredJwt } from '../shared/stored-token';
import type { SignInContext } from '../types';
import { waitForSignedIn } from '../shared/signed-in';
import { NETRA_BUTTONS, netraUi } from './locators';

export const NETRA_SIGNIN_MODES = ['dev-form', 'dev-quick', 'staging-token'] as const;
export type NetraSignInMode = (typeof NETRA_SIGNIN_MODES)[number];

export type NetraEnv = Readonly<Record<string, string | undefined>>;

export interface NetraSignInSettings {
  mode: NetraSignInMode;
  /** Base URL of Netra's auth service: NETRA_AUTH_URL, else E2E_API_URL, else the frontend's. */
  authUrl?: string;
  /** `X-E2E-Bypass-Key` (staging-token only). */
  bypassKey?: string;
}

const ROUTES = { login: '/login', chat: '/chat' } as const;

/** Reads `NETRA_SIGNIN_MODE` (default `dev-form`), `NETRA_AUTH_URL`, `NETRA_E2E_BYPASS_KEY`. */
export function netraSignInSettings(env: NetraEnv): NetraSignInSettings {
  const mode = env.NETRA_SIGNIN_MODE?.trim() || 'dev-form';
  if (!isSignInMode(mode)) {
    throw new Error(`NETRA_SIGNIN_MODE="${mode}" is not one of: ${NETRA_SIGNIN_MODES.join(', ')}`);
  }
  const authUrl = env.NETRA_AUTH_URL?.trim() || env.E2E_API_URL?.trim() || undefined;
  if (mode !== 'staging-token') return authUrl ? { mode, authUrl } : { mode };
  const bypassKey = env.NETRA_E2E_BYPASS_KEY?.trim();
  if (!bypassKey) throw new Error('NETRA_SIGNIN_MODE=staging-token needs NETRA_E2E_BYPASS_KEY (a secret of the environment)');
  return authUrl ? { mode, bypassKey, authUrl } : { mode, bypassKey };
}

function isSignInMode(mode: string): mode is NetraSignInMode {
  return (NETRA_SIGNIN_MODES as readonly string[]).includes(mode);
}

/** The dev modes need a development build; only those expose password (dev) login. */
export function isNetraDevMode(env: NetraEnv): boolean {
  return netraSignInSettings(env).mode !== 'staging-token';
}

export async function signInToNetra(ctx: SignInContext, settings: NetraSignInSettings): Promise<void> {
  if (settings.mode === 'staging-token') return signInWithTestToken(ctx, settings);
  return signInOnDevLoginPage(ctx, settings.mode, settings);
}

/**
 * A development build signs in as dev@example.com by itself unless `dev_logout_flag` is 'true':
 * set it on /login so the form stays. Clear it once a token is stored, because some builds treat
 * a token as signed out while the flag is set. Registered for the sign-in only.
 */
export function suppressDevAutoLogin(): void {
  if (location.pathname.startsWith('/login')) localStorage.setItem('dev_logout_flag', 'true');
  else if (localStorage.getItem('jwt_token')) localStorage.removeItem('dev_logout_flag');
}

async function signInOnDevLoginPage(ctx: SignInContext, mode: 'dev-form' | 'dev-quick', settings: NetraSignInSettings): Promise<void> {
  const { page, user, fillSecret } = ctx;
  const script = await page.context().addInitScript(suppressDevAutoLogin);
  try {
    await page.goto(ROUTES.login);
    if (mode === 'dev-quick') {
      // Always dev@example.com, whoever `user` is.
      await page.getByRole('button', { name: NETRA_BUTTONS.quickDevLogin }).click();
    } else {
      await netraUi.loginEmail(page).fill(user.email);
      await fillSecret(netraUi.loginPassword(page), user.password);
      await netraUi.loginSubmit(page).click();
    }
    await waitForSignedIn(page, netraUi, user.key);
  } finally {
    await script.dispose();
  }
  if (mode === 'dev-form') await expectSignedInUser(ctx, settings);
}

/**
 * The page holds the session of `user`, not of someone else: a development build signs in as
 * dev@example.com by itself, and its header shows a full name, never the email.
 */
async function expectSignedInUser({ page, user, request }: SignInContext, settings: NetraSignInSettings): Promise<void> {
  const email = await signedInEmailOf(page, request, settings.authUrl);
  if (email?.toLowerCase() === user.email.toLowerCase()) return;
  throw new Error(
    `Sign-in of ${user.key} ended signed in as ${email ?? 'nobody the auth service knows'} instead of ${user.email}` +
      (email === NETRA_DEV_EMAIL ? ": the development build's automatic dev login won over the form" : ''),
  );
}

export const NETRA_DEV_EMAIL = 'dev@example.com';

/** Who the page's stored token belongs to, from the auth service's `/auth/me` (the header shows a name). */
export async function signedInEmailOf(page: Page, request: APIRequestContext, authUrl?: string): Promise<string | null> {
  const token = await readStoredJwt(page);
  if (!token) return null;
  const base = (authUrl ?? new URL(page.url()).origin).replace(/\/+$/, '');
  const response = await request.get(`${base}/auth/me`, { headers: { Authorization: `Bearer ${token}` }, failOnStatusCode: false });
  if (!response.ok()) return null;
  const body = (await response.json().catch(() => null)) as { email?: unknown } | null;
  return typeof body?.email === 'string' ? body.email : null;
}

/**
 * A signed-out browser of a development build: the flag a logout leaves is set on every page
 * while no token is stored (the app signs in as dev@example.com on any page otherwise), and
 * cleared once one is.
 */
export function keepSignedOutUntilSignIn(): void {
  if (localStorage.getItem('jwt_token')) localStorage.removeItem('dev_logout_flag');
  else localStorage.setItem('dev_logout_flag', 'true');
}

const testAuthResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
});

/** Named as the artifact redaction's secret keys, so a trace of the init script is scrubbed. */
interface StoredTokens {
  origin: string;
  jwt_token: string;
  refresh_token?: string;
}

/** Runs in the page before the app: Netra reads its session from these keys. */
function putTokens(tokens: StoredTokens): void {
  if (location.origin !== tokens.origin) return;
  localStorage.setItem('jwt_token', tokens.jwt_token);
  if (tokens.refresh_token) localStorage.setItem('refresh_token', tokens.refresh_token);
}

async function signInWithTestToken(ctx: SignInContext, settings: NetraSignInSettings): Promise<void> {
  const { page, user, baseURL } = ctx;
  const tokens = await fetchTestTokens(ctx, settings);
  // The init script's argument may be recorded in a trace; the artifact redaction scrubs it.
  const script = await page.context().addInitScript(putTokens, { origin: new URL(baseURL).origin, ...tokens });
  try {
    await page.goto(ROUTES.chat);
    await waitForSignedIn(page, netraUi, user.key);
  } finally {
    await script.dispose();
  }
}

async function fetchTestTokens(
  { request, user, baseURL }: SignInContext,
  settings: NetraSignInSettings,
): Promise<Omit<StoredTokens, 'origin'>> {
  const endpoint = `${(settings.authUrl ?? baseURL).replace(/\/+$/, '')}/auth/e2e/test-auth`;
  const response = await request.post(endpoint, {
    headers: { 'X-E2E-Bypass-Key': settings.bypassKey ?? '' },
    data: { email: user.email, name: `E2E ${user.key}`, permissions: ['read', 'write'], simulate_oauth: true },
    failOnStatusCode: false,
  });
  if (!response.ok()) {
    // The body is left out: it is not ours to trust with the key or tokens.
    throw new Error(`Netra test sign-in of ${user.key} failed: POST ${endpoint} answered ${response.status()}`);
  }
  const body: unknown = await response.json().catch(() => null);
  const parsed = testAuthResponse.safeParse(body);
  if (!parsed.success) {
    const keys = body && typeof body === 'object' ? Object.keys(body).join(', ') : typeof body;
    throw new Error(`Netra test sign-in of ${user.key}: POST ${endpoint} gave no access_token (fields: ${keys})`);
  }
  const { access_token, refresh_token } = parsed.data;
  return refresh_token ? { jwt_token: access_token, refresh_token } : { jwt_token: access_token };
}
