import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

export class ThinkingIndicator {
  readonly root: Locator;

  constructor(page: Page, ui: UiLocators) {
    this.root = ui.thinkingIndicator(page);
  }

  async expectGone(message = 'the UI must leave the running state when the run is over', timeout?: number): Promise<void> {
    await expect(this.root, message).toBeHidden({ timeout });
  }
}
