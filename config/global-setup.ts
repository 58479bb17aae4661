import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { AUTH_DIR } from '../harness/sign-in/auth-state';
import { resetAllureResults } from '../reporters/allure-options';
import { getProfile } from '../profiles';
import { extraUserShortage, faultUserShortage } from './partition';
import { preflightTarget } from './preflight';
import { suiteConfig } from './suite';

const STALE_AUTH_MS = 60 * 60 * 1000;

/** Runs once before any browser: checks the target answers. Its error is the run's only message. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  checkFaultUsers(config);
  checkExtraUsers(config);
  resetAllureResults();
  removeStaleAuthStates();
  const { baseURL, apiURL, target } = suiteConfig;
  const loginPath = getProfile(target).routes.login;
  const result = await preflightTarget({ baseURL, apiURL, loginPath }, suiteConfig.preflightTimeoutMs).catch((error: Error) => {
    // The message says everything; a stack and code frame would only bury it.
    error.stack = `${error.name}: ${error.message}`;
    throw error;
  });
  if (result.version) process.env.E2E_TARGET_VERSION = result.version;
}

/**
 * Fault journeys need a private user per worker of every shard sharing the target: too few is an
 * error before any browser starts, never a silent skip.
 */
function checkFaultUsers(config: FullConfig): void {
  if (!suiteConfig.allowFaults || !getProfile(suiteConfig.target).capabilities.faults) return;
  const shortage = faultUserShortage(suiteConfig.faultUsers.length, config.workers, suiteConfig.embedded ? null : config.shard);
  if (shortage) stopWith(shortage);
}

/**
 * The journeys with several users need their own extra users per worker of every shard sharing
 * the target: too few is an error before any browser starts, never two runs in one user's threads.
 */
function checkExtraUsers(config: FullConfig): void {
  const { extraUsers, extrasPerWorker, embedded } = suiteConfig;
  const shortage = extraUserShortage(extraUsers.length, extrasPerWorker, config.workers, embedded ? null : config.shard);
  if (shortage) stopWith(shortage);
}

function stopWith(message: string): never {
  const error = new Error(message);
  error.stack = `Error: ${message}`;
  throw error;
}

/** Embedded apps get a new port each run, so their signed-in states pile up; drop the old ones. */
function removeStaleAuthStates(): void {
  if (!existsSync(AUTH_DIR)) return;
  const entries = readdirSync(AUTH_DIR, { withFileTypes: true, encoding: 'utf8' }).filter((e) => e.isDirectory());
  for (const entry of entries) {
    const dir = path.join(AUTH_DIR, entry.name);
    if (Date.now() - statSync(dir).mtimeMs > STALE_AUTH_MS) rmSync(dir, { recursive: true, force: true });
  }
}
