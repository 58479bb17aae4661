import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

export class MessageList {
  readonly all: Locator;
  readonly user: Locator;
  readonly assistant: Locator;

  constructor(page: Page, ui: UiLocators) {
    this.all = ui.messages(page);
    this.user = ui.userMessages(page);
    this.assistant = ui.assistantMessages(page);
  }

  get lastAssistant(): Locator {
    return this.assistant.last();
  }

  async expectConversation(userText: string, answer: string): Promise<void> {
    await expect(this.user.filter({ hasText: userText }), 'the user message must be shown').toHaveCount(1);
    await expect(this.lastAssistant, 'the answer shown must equal the final_response frame').toHaveText(answer);
  }
}
