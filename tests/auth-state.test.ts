import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH_DIR, signInExpiresAt, type StorageState } from '../harness/sign-in/auth-state';

const jwt = (claims: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
const state = (local: Record<string, string>, cookies: Record<string, string> = {}): StorageState => ({
  cookies: Object.entries(cookies).map(([name, value]) => ({ name, value, domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' })),
  origins: [{ origin: 'http://127.0.0.1:4310', localStorage: Object.entries(local).map(([name, value]) => ({ name, value })) }],
});

describe('signInExpiresAt', () => {
  it('reads exp of the JWT a saved sign-in holds, in ms', () => {
    expect(signInExpiresAt(state({ jwt_token: jwt({ sub: 'u', exp: 1_900_000_000 }), refresh_token: 'opaque-refresh' }))).toBe(1_900_000_000_000);
  });

  it('takes the earliest expiry of several tokens, cookies included', () => {
    expect(signInExpiresAt(state({ jwt_token: jwt({ exp: 2_000 }) }, { session: jwt({ exp: 1_000 }) }))).toBe(1_000_000);
  });

  it('knows nothing when no JWT with exp is held', () => {
    expect(signInExpiresAt(state({ refresh_token: 'opaque', other: jwt({ sub: 'u' }), broken: 'eyJ.not-base64-json.x' }))).toBeUndefined();
  });
});

describe('AUTH_DIR', () => {
  it('is the gitignored .auth folder at the project root, wherever the module lives', () => {
    expect(AUTH_DIR).toBe(path.resolve(import.meta.dirname, '..', '.auth'));
  });
});
