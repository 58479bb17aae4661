import { defineConfig, devices, type PlaywrightTestOptions, type PlaywrightWorkerOptions, type Project } from '@playwright/test';
import { resolveChromium, SYSTEM_CHROMIUM_ARGS } from './config/browser';
import { suiteConfig } from './config/suite';
import type { SuiteOptions } from './config/suite-options';
import { allurePlaywrightOptions } from './reporters/allure-options';

const chromium = resolveChromium(suiteConfig.chromiumPath);
const appDir = process.env.E2E_APP_DIR ?? 'app';
const { budgets } = suiteConfig;
const runLabels = {
  profile: suiteConfig.target,
  environment: suiteConfig.envName ?? (suiteConfig.embedded ? 'embedded reference app' : 'unnamed'),
  browser: `chromium (${chromium.source})`,
};

/** One entry per browser; only Chromium can be installed on the build machines today. */
const browsers: Project<PlaywrightTestOptions & SuiteOptions, PlaywrightWorkerOptions>[] = [
  {
    name: 'chromium',
    use: {
      ...devices['Desktop Chrome'],
      launchOptions: chromium.executablePath ? { executablePath: chromium.executablePath, args: SYSTEM_CHROMIUM_ARGS } : {},
    },
  },
];

export default defineConfig<SuiteOptions>({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  workers: suiteConfig.workers ?? 3,
  retries: suiteConfig.retries ?? 1,
  // A run may take the whole run budget; set-up and UI checks need a little more on top.
  timeout: budgets.runMs + 30_000,
  expect: { timeout: Math.max(5_000, budgets.firstEventMs) },
  globalSetup: './config/global-setup.ts',
  reporter: [
    // Redaction first: reporters see each finished test in this order.
    ['./reporters/redact-artifacts.ts'],
    ['list'],
    ['./reporters/checklist-guard.ts'],
    ['html', { outputFolder: 'reports/html', open: 'never' }],
    [
      'allure-playwright',
      allurePlaywrightOptions({ detail: true, suiteTitle: false, environmentInfo: { ...runLabels, target: suiteConfig.baseURL } }),
    ],
    // Last: its verdict decides the exit code.
    ['./reporters/signoff-reporter.ts', { outputDir: 'reports', ...runLabels, budgets }],
  ],
  use: {
    baseURL: suiteConfig.baseURL,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    testIdAttribute: 'data-testid',
  },
  projects: [
    {
      name: 'setup',
      testMatch: /auth\.setup\.ts/,
      // Sign-in types passwords: no trace, screenshot or video of it, whatever the config says elsewhere.
      use: { ...browsers[0]!.use, trace: 'off', screenshot: 'off', video: 'off' },
    },
    ...browsers.map((browser) => ({
      ...browser,
      testIgnore: /auth\.setup\.ts/,
      dependencies: ['setup'],
      use: { ...browser.use, signedInAs: 'user1' },
    })),
  ],
  webServer: suiteConfig.embedded
    ? {
        command: `node --import tsx ${appDir}/server/main.ts`,
        url: `${suiteConfig.baseURL}/health/ready`,
        timeout: 90_000,
        reuseExistingServer: false,
        stdout: 'ignore',
        stderr: 'pipe',
        gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
        env: {
          HOST: '127.0.0.1',
          PORT: process.env.E2E_EMBEDDED_PORT!,
          APP_USERS: [...suiteConfig.users, ...suiteConfig.faultUsers].map((u) => `${u.email}:${u.password}`).join(','),
          APP_DB: ':memory:',
          ENABLE_FAULT_INJECTION: 'true',
          AGENT_PACE_MS: String(suiteConfig.agentPaceMs ?? 150),
          APP_LOG_LEVEL: 'warn',
        },
      }
    : undefined,
});
