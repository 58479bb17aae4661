/** Contract §2, auth rows: login, /auth/me, refresh rotation, logout, dev login, token validation, signing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../contract/events';
import { loginResponse, refreshResponse, user as userSchema } from '../../contract/http';
import { Http, describeRes, expectBody, expectError, login } from './helpers/http';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
let http: Http;

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'bob'] });
  http = new Http(server.url);
});
afterAll(() => server?.close());

/** Re-encodes a JWT segment. */
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const unb64url = (s: string) => Buffer.from(s, 'base64url').toString('utf8');

/** Tampered variants of a token: changed signature, changed claims (same signature), alg "none". */
function tamperedTokens(token: string, ownId: string, otherId: string): Record<string, string> {
  const parts = token.split('.');
  const flip = (s: string, at: number) => s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
  if (parts.length !== 3) return { 'one character changed': flip(token, Math.floor(token.length / 2)) };
  const [header, payload, signature] = parts as [string, string, string];
  const claims = unb64url(payload);
  const forged = claims.includes(ownId) ? claims.split(ownId).join(otherId) : claims.replace(/^\{/, '{"role":"admin",');
  return {
    'signature changed': `${header}.${payload}.${flip(signature, Math.floor(signature.length / 2))}`,
    'claims changed (user id swapped), old signature': `${header}.${b64url(forged)}.${signature}`,
    'alg none, no signature': `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(forged)}.`,
    'signature removed': `${header}.${payload}.`,
  };
}

describe('POST /auth/login', () => {
  it('signs a seeded user in and answers tokens and the user', async () => {
    const alice = server.user('alice');
    const res = await http.post('/auth/login', { email: alice.email, password: alice.password });
    const body = expectBody(res, 200, loginResponse, 'login with good credentials');
    expect(body.user.email).toBe(alice.email);
    expect(body.access_token).not.toBe(body.refresh_token);
    // A JWT's exp must agree with expires_in: clients schedule their refresh from expires_in.
    const claims = body.access_token.split('.')[1];
    if (claims) {
      const { exp } = JSON.parse(unb64url(claims)) as { exp?: number };
      if (exp !== undefined) expect(Math.abs(exp - Date.now() / 1000 - body.expires_in), 'exp - now vs expires_in (s)').toBeLessThan(30);
    }
    expect(res.text, 'the login answer must not echo the password').not.toContain(alice.password);
  });

  it('refuses a wrong password and an unknown account with 401 INVALID_CREDENTIALS, without echoing the password', async () => {
    const alice = server.user('alice');
    const wrong = await http.post('/auth/login', { email: alice.email, password: 'not-the-password-123' });
    expectError(wrong, 401, 'wrong password', ERROR_CODES.invalidCredentials);
    expect(wrong.text).not.toContain('not-the-password-123');

    // "No account exists that APP_USERS did not name."
    const unknown = await http.post('/auth/login', { email: 'mallory@example.test', password: alice.password });
    expectError(unknown, 401, 'unknown account', ERROR_CODES.invalidCredentials);
    expect(unknown.text).not.toContain(alice.password);

    // Another seeded user's password does not open alice's account.
    const crossed = await http.post('/auth/login', { email: alice.email, password: server.user('bob').password });
    expectError(crossed, 401, "bob's password on alice's account", ERROR_CODES.invalidCredentials);
  });

  it.each([
    ['an empty object', {}],
    ['no password', { email: 'alice@example.test' }],
    ['no email', { password: 'x' }],
    ['a numeric email', { email: 42, password: 'x' }],
    ['a null password', { email: 'alice@example.test', password: null }],
    ['an array body', ['alice@example.test', 'x']],
    ['a string body', 'alice@example.test'],
    ['empty strings', { email: '', password: '' }],
  ])('answers 422 {detail, error_code} to a malformed body: %s', async (_name, body) => {
    const res = await http.post('/auth/login', body);
    expectError(res, 422, `login with a malformed body ${JSON.stringify(body)}`);
  });

  it('answers 422 to a body that is not JSON at all', async () => {
    const res = await http.request('POST', '/auth/login', { raw: '{"email": "alice@example.test", "password": ' });
    expectError(res, 422, 'login with truncated JSON');
  });

  it('never rate-limits successful logins (many sign-ins from one address, e.g. 50 bench users)', async () => {
    const alice = server.user('alice');
    for (let i = 0; i < 15; i++) {
      const res = await http.post('/auth/login', { email: alice.email, password: alice.password });
      expect(res.status, `successful login #${i + 1}: ${describeRes(res)}`).toBe(200);
    }
  });
});

describe('login rate limiting', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ users: ['alice', 'bob'] });
  });
  afterAll(() => limited?.close());

  it('answers 429 {detail, error_code} after repeated failures, not on the first ones', async () => {
    const h = new Http(limited.url);
    const alice = limited.user('alice');
    const statuses: number[] = [];
    let limitedRes;
    for (let i = 0; i < 40; i++) {
      const res = await h.post('/auth/login', { email: alice.email, password: `wrong-${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        limitedRes = res;
        break;
      }
      expect(res.status, `failed login #${i + 1}: ${describeRes(res)}`).toBe(401);
    }
    expect(limitedRes, `no 429 after 40 failed logins (statuses: ${statuses.join(',')})`).toBeDefined();
    expect(statuses.slice(0, 3), 'the first failures must be plain 401s').toEqual([401, 401, 401]);
    expectError(limitedRes!, 429, 'rate-limited login');
    expect(limitedRes!.text).not.toMatch(/wrong-\d/);
  });
});

describe('GET /auth/me and POST /auth/validate-token-and-get-user', () => {
  it('/auth/me answers the signed-in user, 401 without or with a bad token', async () => {
    const s = await login(http, server.user('bob'));
    const me = expectBody(await http.get('/auth/me', s.token), 200, userSchema, '/auth/me');
    expect(me).toEqual({ id: s.userId, email: server.user('bob').email, full_name: expect.any(String) });
    expectError(await http.get('/auth/me'), 401, '/auth/me without a token');
    expectError(await http.get('/auth/me', 'not-a-token'), 401, '/auth/me with garbage');
    const basic = await http.request('GET', '/auth/me', { headers: { authorization: `Basic ${s.token}` } });
    expectError(basic, 401, '/auth/me with a Basic scheme');
  });

  it('validate-token answers {valid:true, user} for a good token and 401 otherwise', async () => {
    const s = await login(http, server.user('alice'));
    const res = await http.post('/auth/validate-token-and-get-user', { token: s.token }, s.token);
    expect(res.status, describeRes(res)).toBe(200);
    expect(res.body).toMatchObject({ valid: true, user: { id: s.userId, email: server.user('alice').email } });
    expect(userSchema.safeParse((res.body as { user?: unknown }).user).success, `user shape: ${res.text}`).toBe(true);

    expectError(await http.post('/auth/validate-token-and-get-user', { token: 'garbage' }, 'garbage'), 401, 'validate-token with garbage');
    // The token may come as Bearer alone (the body is optional); the route's auth is Bearer (contract §2).
    const bearerOnly = await http.request('POST', '/auth/validate-token-and-get-user', { token: s.token });
    expect(bearerOnly.status, `validate-token with Bearer and no body: ${describeRes(bearerOnly)}`).toBe(200);
    expectError(await http.post('/auth/validate-token-and-get-user', {}), 401, 'validate-token with no token at all');
    const bodyOnly = await http.post('/auth/validate-token-and-get-user', { token: s.token });
    expectError(bodyOnly, 401, 'validate-token with a good token in the body but no Bearer header');
    const otherBad = await http.post('/auth/validate-token-and-get-user', { token: 'garbage' }, s.token);
    expectError(otherBad, 401, 'validate-token with a good Bearer and a bad token in the body');
  });

  it('refuses every tampered token with 401 (tokens are signed)', async () => {
    const alice = await login(http, server.user('alice'));
    const bob = await login(http, server.user('bob'));
    for (const [how, forged] of Object.entries(tamperedTokens(alice.token, alice.userId, bob.userId))) {
      const me = await http.get('/auth/me', forged);
      expectError(me, 401, `/auth/me with a token whose ${how}`);
      expect(me.text, 'the error body must not echo the token (contract §6)').not.toContain(forged);
      const validate = await http.post('/auth/validate-token-and-get-user', { token: forged }, forged);
      expectError(validate, 401, `validate-token with a token whose ${how}`);
      const threads = await http.get('/api/threads', forged);
      expectError(threads, 401, `/api/threads with a token whose ${how}`);
    }
  });

  it('does not accept a refresh token as an access token', async () => {
    const s = await login(http, server.user('alice'));
    expectError(await http.get('/auth/me', s.refreshToken), 401, '/auth/me with the refresh token as Bearer');
  });
});

describe('POST /auth/refresh and /auth/logout', () => {
  it('rotates: new tokens work, the old refresh token is refused afterwards', async () => {
    const s = await login(http, server.user('alice'));
    const first = expectBody(await http.post('/auth/refresh', { refresh_token: s.refreshToken }), 200, refreshResponse, 'refresh');
    expect(first.refresh_token, 'refresh must hand out a new refresh token').not.toBe(s.refreshToken);
    const me = expectBody(await http.get('/auth/me', first.access_token), 200, userSchema, '/auth/me with the refreshed access token');
    expect(me.id).toBe(s.userId);

    const replay = await http.post('/auth/refresh', { refresh_token: s.refreshToken });
    expectError(replay, 401, 'refresh with the already rotated refresh token');
    expect(replay.text).not.toContain(s.refreshToken);

    const second = expectBody(await http.post('/auth/refresh', { refresh_token: first.refresh_token }), 200, refreshResponse, 'second refresh');
    expect(second.refresh_token).not.toBe(first.refresh_token);
  });

  it('refuses unknown, tampered and malformed refresh tokens', async () => {
    const s = await login(http, server.user('bob'));
    expectError(await http.post('/auth/refresh', { refresh_token: 'nope' }), 401, 'refresh with an unknown token');
    expectError(await http.post('/auth/refresh', { refresh_token: s.token }), 401, 'refresh with an access token');
    expectError(await http.post('/auth/refresh', {}), 422, 'refresh without refresh_token');
    expectError(await http.post('/auth/refresh', { refresh_token: 12 }), 422, 'refresh with a numeric refresh_token');
  });

  it('logout answers 204 and revokes the refresh token', async () => {
    const s = await login(http, server.user('alice'));
    const out = await http.request('POST', '/auth/logout', { token: s.token });
    expect(out.status, describeRes(out)).toBe(204);
    expectError(await http.post('/auth/refresh', { refresh_token: s.refreshToken }), 401, 'refresh after logout');
    // The server documents that logout ends the whole session (app/server/README.md), access token included.
    expectError(await http.get('/auth/me', s.token), 401, 'the access token after logout');
    expectError(await http.request('POST', '/auth/logout'), 401, 'logout without a token');
  });

  it('logout revokes only that session', async () => {
    const a = await login(http, server.user('alice'));
    const b = await login(http, server.user('alice'));
    expect((await http.request('POST', '/auth/logout', { token: a.token })).status).toBe(204);
    expectBody(await http.post('/auth/refresh', { refresh_token: b.refreshToken }), 200, refreshResponse, "the other session's refresh after logout");
  });
});

describe('POST /auth/dev/login', () => {
  it('is 404 unless ENABLE_DEV_LOGIN=true', async () => {
    const alice = server.user('alice');
    const res = await http.post('/auth/dev/login', { email: alice.email, password: alice.password });
    expect(res.status, describeRes(res)).toBe(404);
    expect(res.text).not.toContain('access_token');
  });

  it('works like /auth/login when enabled', async () => {
    const dev = await startTestServer({ users: ['alice'], devLogin: true });
    try {
      const h = new Http(dev.url);
      const alice = dev.user('alice');
      const ok = expectBody(await h.post('/auth/dev/login', { email: alice.email, password: alice.password }), 200, loginResponse, 'dev login');
      expect(ok.user.email).toBe(alice.email);
      expectError(await h.post('/auth/dev/login', { email: alice.email, password: 'wrong-pw-1' }), 401, 'dev login, wrong password');
      expectError(await h.post('/auth/dev/login', { email: alice.email }), 422, 'dev login, malformed body');
      const cfg = await h.get('/auth/config');
      expect(cfg.status).toBe(200);
    } finally {
      await dev.close();
    }
  });
});

describe('APP_ACCESS_TOKEN_TTL_SECONDS', () => {
  it('sets the access token lifetime, in expires_in and in the token', async () => {
    const short = await startTestServer({ users: ['alice'], env: { APP_ACCESS_TOKEN_TTL_SECONDS: '120' } });
    try {
      const alice = short.user('alice');
      const body = expectBody(await new Http(short.url).post('/auth/login', { email: alice.email, password: alice.password }), 200, loginResponse, 'login');
      expect(body.expires_in).toBe(120);
      const { exp } = JSON.parse(unb64url(body.access_token.split('.')[1]!)) as { exp: number };
      expect(Math.abs(exp - Date.now() / 1000 - 120), 'exp - now vs 120 s').toBeLessThan(30);
    } finally {
      await short.close();
    }
  });
});
