/** Who the virtual users sign in as: generated accounts for the embedded app, else the configured test users. */
import { generatedEmail, generatedPassword } from '../config/env';
import type { UserCredentials } from '../profiles/types';

export function generatedUsers(count: number): UserCredentials[] {
  return Array.from({ length: count }, (_, i) => ({ key: `load${i + 1}`, email: generatedEmail(`load${i + 1}`), password: generatedPassword() }));
}
