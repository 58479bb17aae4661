/**
 * The one place that decides which Chromium runs the suite: Playwright's own build when it is
 * installed, else a system Chromium, else a clear error saying how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface ResolvedBrowser {
  source: 'playwright' | 'system' | 'configured';
  /** Undefined when Playwright's own build is used. */
  executablePath?: string;
}

export function resolveChromium(configuredPath?: string): ResolvedBrowser {
  if (configuredPath) {
    if (!existsSync(configuredPath)) throw new Error(`E2E_CHROMIUM_PATH points at ${configuredPath}, which does not exist.`);
    return { source: 'configured', executablePath: configuredPath };
  }
  if (existsSync(chromium.executablePath())) return { source: 'playwright' };
  const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
  if (system) return { source: 'system', executablePath: system };
  throw new Error(
    [
      'No Chromium found for the suite. Get one of these:',
      "  - Playwright's build:  npx playwright install chromium",
      "  - Debian's package:    apt-get install -y chromium   (found at /usr/bin/chromium)",
      '  - any other Chromium:  set E2E_CHROMIUM_PATH=/path/to/chromium',
    ].join('\n'),
  );
}

/** Flags that keep a system Chromium quiet on machines without general network access. */
export const SYSTEM_CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
