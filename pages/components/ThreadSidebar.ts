import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

export class ThreadSidebar {
  readonly list: Locator;
  readonly items: Locator;
  readonly newChatButton: Locator;

  constructor(
    private readonly page: Page,
    private readonly ui: UiLocators,
  ) {
    this.list = ui.threadList(page);
    this.items = ui.threadItems(page);
    this.newChatButton = ui.newChatButton(page);
  }

  item(threadId: string): Locator {
    return this.ui.threadItem(this.page, threadId);
  }

  async startNewChat(): Promise<void> {
    await this.newChatButton.click();
  }

  async expectThreadListed(threadId: string): Promise<void> {
    await expect(this.item(threadId), `thread ${threadId} must be listed in the sidebar`).toBeVisible();
  }
}
