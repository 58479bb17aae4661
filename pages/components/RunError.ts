import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

export class RunError {
  readonly root: Locator;
  readonly retryButton: Locator;

  constructor(page: Page, ui: UiLocators) {
    if (!ui.runError || !ui.retryButton) throw new Error('This target profile has no run-error locators.');
    this.root = ui.runError(page);
    this.retryButton = ui.retryButton(page);
  }

  async expectShown(text?: string | RegExp): Promise<void> {
    await expect(this.root, 'a failed run must be told to the user in an alert').toBeVisible();
    if (text) await expect(this.root).toContainText(text);
    await expect(this.retryButton, 'a failed run must offer Retry').toBeEnabled();
  }

  async retry(): Promise<void> {
    await this.retryButton.click();
  }

  async expectGone(): Promise<void> {
    await expect(this.root).toBeHidden();
  }
}
