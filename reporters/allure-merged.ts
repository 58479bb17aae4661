/**
 * allure-playwright for `playwright merge-reports`: merging announces the config before its
 * projects, and allure-playwright 3.12 reads the first project's folders at that moment. It only
 * uses them to pair screenshot diffs with their snapshots; an empty project stands in.
 */
import allurePlaywright from 'allure-playwright';
import type { FullConfig } from '@playwright/test/reporter';

// Loaded through Playwright's CommonJS transform, the default import is the module itself.
const AllureReporter = (allurePlaywright as unknown as { default?: typeof allurePlaywright }).default ?? allurePlaywright;

export default class AllureMergedReporter extends AllureReporter {
  override onConfigure(config: FullConfig): void {
    const placeholder = { outputDir: '', snapshotDir: '' } as FullConfig['projects'][number];
    super.onConfigure(config.projects.length > 0 ? config : { ...config, projects: [placeholder] });
  }
}
