/**
 * The one place that decides which Chromium runs the suite: a remote one on a Playwright browser
 * server when `E2E_BROWSER_WS_ENDPOINT` (or Playwright's own `PW_TEST_CONNECT_WS_ENDPOINT`) is
 * set, else Playwright's own build when it is installed, else a system Chromium, else a clear
 * error saying how to get one.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export interface ResolvedBrowser {
  source: 'playwright' | 'system' | 'configured';
  /** Undefined when Playwright's own build is used. */
  executablePath?: string;
}

export interface RemoteBrowser {
  wsEndpoint: string;
  /** Which of the runner's hosts the remote browser may reach through the connection. */
  exposeNetwork: string;
}

/**
 * The browser server to connect to, if any. Nothing on this host is looked at: the runner needs
 * no Chromium of its own. `<loopback>` by default, so a remote browser reaches the embedded app,
 * which listens on the runner's 127.0.0.1 only (`E2E_BROWSER_EXPOSE_NETWORK` to change it).
 */
export function remoteBrowser(env: NodeJS.ProcessEnv = process.env): RemoteBrowser | undefined {
  const wsEndpoint = env.E2E_BROWSER_WS_ENDPOINT || env.PW_TEST_CONNECT_WS_ENDPOINT;
  if (!wsEndpoint) return undefined;
  return { wsEndpoint, exposeNetwork: env.E2E_BROWSER_EXPOSE_NETWORK || env.PW_TEST_CONNECT_EXPOSE_NETWORK || '<loopback>' };
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
