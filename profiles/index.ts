/** Target profiles by `E2E_TARGET` name. A new target: one file, one line here. */
import { netraApex } from './netra-apex';
import { reference } from './reference';
import type { TargetProfile } from './types';

const PROFILES = {
  reference,
  'netra-apex': netraApex,
} as const satisfies Record<string, TargetProfile>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];

export function getProfile(name: string): TargetProfile {
  if (Object.hasOwn(PROFILES, name)) return PROFILES[name as ProfileName];
  throw new Error(`Unknown target profile "${name}" (E2E_TARGET). Known profiles: ${PROFILE_NAMES.join(', ')}`);
}
