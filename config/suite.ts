/**
 * The resolved configuration, computed once per process (runner and each worker).
 * A bad .env stops the process here, before any browser starts, with every bad variable named.
 */
import { ConfigError, loadEnvFiles, resolveConfig, type SuiteConfig } from './env';
import { pickFreePort } from './free-port';

function load(): SuiteConfig {
  try {
    loadEnvFiles();
    return resolveConfig(process.env, pickFreePort);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`\n${error.message}\n`);
    process.exit(2);
  }
}

export const suiteConfig = load();
