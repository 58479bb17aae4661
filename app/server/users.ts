/** Accounts: only those APP_USERS names can sign in; passwords are stored as bcrypt hashes. */
import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import type { Db } from './db';
import type { SeedUser } from './options';

export interface User {
  id: string;
  email: string;
  full_name: string;
}

const BCRYPT_COST = 10;
/** Compared against when the email is unknown, so both failures take the same time. */
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', BCRYPT_COST);

export function fullNameFor(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(' ');
}

/** Creates or updates every named account and deactivates any account APP_USERS no longer names. */
export async function seedUsers(db: Db, users: SeedUser[]): Promise<void> {
  const hashes = await Promise.all(users.map((u) => bcrypt.hash(u.password, BCRYPT_COST)));
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare('UPDATE users SET active = 0').run();
    const upsert = db.prepare(
      `INSERT INTO users (id, email, full_name, password_hash, active, created_at) VALUES (?, ?, ?, ?, 1, ?)
       ON CONFLICT(email) DO UPDATE SET password_hash = excluded.password_hash, active = 1`,
    );
    users.forEach((u, i) => upsert.run(randomUUID(), u.email, fullNameFor(u.email), hashes[i], now));
  })();
}

/** The active user with these credentials, or null. */
export async function checkCredentials(db: Db, email: string, password: string): Promise<User | null> {
  const row = db
    .prepare('SELECT id, email, full_name, password_hash FROM users WHERE email = ? AND active = 1')
    .get(email.trim().toLowerCase()) as (User & { password_hash: string }) | undefined;
  const ok = await bcrypt.compare(password, row?.password_hash ?? DUMMY_HASH);
  if (!row || !ok) return null;
  return { id: row.id, email: row.email, full_name: row.full_name };
}

export function findActiveUser(db: Db, userId: string): User | null {
  const row = db.prepare('SELECT id, email, full_name FROM users WHERE id = ? AND active = 1').get(userId) as User | undefined;
  return row ?? null;
}
