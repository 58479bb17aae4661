/** Who the virtual users sign in as: generated accounts for the embedded app, else the configured test users. */
import { randomBytes } from 'node:crypto';
import type { UserCredentials } from '../profiles/types';

export function generatedUsers(count: number): UserCredentials[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `load${i + 1}`,
    email: `load${i + 1}-${randomBytes(4).toString('hex')}@example.test`,
    password: `pw-${randomBytes(12).toString('base64url')}`,
  }));
}
