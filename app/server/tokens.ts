/**
 * Sessions and tokens. A login opens a session; short-lived HS256 access tokens name it (`sid`);
 * refresh tokens are random, stored only as SHA-256 hashes, single-use (they rotate), and die
 * with their session on logout.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import type { Db } from './db';
import { findActiveUser, type User } from './users';

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const REFRESH_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

export interface Authenticated {
  user: User;
  sessionId: string;
}

export class Tokens {
  private readonly key: Uint8Array;

  constructor(
    private readonly db: Db,
    secret: string,
    private readonly accessTokenTtlSeconds = DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async openSession(userId: string): Promise<TokenPair> {
    const sessionId = randomUUID();
    this.db.prepare('INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)').run(sessionId, userId, new Date().toISOString());
    return this.issuePair(userId, sessionId);
  }

  /** Checks signature, expiry, session and account; null when any of them fails. */
  async verifyAccessToken(token: string): Promise<Authenticated | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], typ: 'at+jwt' });
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
      if (!this.sessionIsActive(payload.sid, payload.sub)) return null;
      const user = findActiveUser(this.db, payload.sub);
      return user ? { user, sessionId: payload.sid } : null;
    } catch {
      return null;
    }
  }

  /** Spends a refresh token and returns a new pair; null if it is unknown, used, expired or revoked. */
  async rotate(refreshToken: string): Promise<TokenPair | null> {
    const row = this.db
      .prepare('SELECT session_id, user_id, expires_at, used_at FROM refresh_tokens WHERE token_hash = ?')
      .get(hashToken(refreshToken)) as { session_id: string; user_id: string; expires_at: number; used_at: string | null } | undefined;
    if (!row || row.used_at !== null || row.expires_at < nowSeconds()) return null;
    if (!this.sessionIsActive(row.session_id, row.user_id) || !findActiveUser(this.db, row.user_id)) return null;
    const spent = this.db
      .prepare('UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL')
      .run(new Date().toISOString(), hashToken(refreshToken));
    if (spent.changes !== 1) return null;
    return this.issuePair(row.user_id, row.session_id);
  }

  /** Logout: the session and every refresh token of it stop working. */
  revokeSession(sessionId: string): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, sessionId);
      this.db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE session_id = ? AND used_at IS NULL').run(now, sessionId);
    })();
  }

  private async issuePair(userId: string, sessionId: string): Promise<TokenPair> {
    const accessToken = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(userId)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${this.accessTokenTtlSeconds}s`)
      .sign(this.key);
    const refreshToken = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO refresh_tokens (token_hash, session_id, user_id, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(refreshToken), sessionId, userId, nowSeconds() + REFRESH_TOKEN_TTL_SECONDS);
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: this.accessTokenTtlSeconds };
  }

  private sessionIsActive(sessionId: string, userId: string): boolean {
    const row = this.db.prepare('SELECT revoked_at FROM sessions WHERE id = ? AND user_id = ?').get(sessionId, userId) as
      | { revoked_at: string | null }
      | undefined;
    return row !== undefined && row.revoked_at === null;
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
