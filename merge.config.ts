/**
 * Config of `npm run merge` (scripts/merge-shards.ts → `playwright merge-reports`): the reports
 * one run writes, built from the shards' blobs. It loads nothing that needs a browser or the
 * target: the merge host may have neither. The shards' facts come from the merge script.
 */
import { defineConfig } from '@playwright/test';
import { allurePlaywrightOptions } from './reporters/allure-options';
import { MERGED_RUN_ENV } from './config/shard';
import type { SignoffReporterOptions } from './reporters/signoff-reporter';

const signoff = JSON.parse(process.env[MERGED_RUN_ENV] ?? '{}') as SignoffReporterOptions;

export default defineConfig({
  testDir: 'e2e',
  reporter: [
    ['html', { outputFolder: 'reports/html', open: 'never' }],
    [
      './reporters/allure-merged.ts',
      allurePlaywrightOptions({
        detail: true,
        suiteTitle: false,
        environmentInfo: { target: signoff.merged?.targetUrl ?? 'unknown', profile: signoff.profile ?? 'unknown', environment: signoff.environment ?? 'unknown' },
      }),
    ],
    ['./reporters/signoff-reporter.ts', { outputDir: 'reports', ...signoff }],
  ],
});
