import type { FullConfig } from '@playwright/test';
import { suiteConfig } from './suite';
import { preflight } from './preflight';
import { resetAllureResults } from '../reporters/allure-options';

/** Runs once before any browser: checks the target answers. Its error is the run's only message. */
export default async function globalSetup(_config: FullConfig): Promise<void> {
  resetAllureResults();
  const result = await preflight(suiteConfig.baseURL, suiteConfig.preflightTimeoutMs);
  if (result.version) process.env.E2E_TARGET_VERSION = result.version;
}
