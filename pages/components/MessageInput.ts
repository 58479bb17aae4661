import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

export class MessageInput {
  readonly textarea: Locator;
  readonly sendButton: Locator;

  constructor(page: Page, ui: UiLocators) {
    this.textarea = ui.messageInput(page);
    this.sendButton = ui.sendButton(page);
  }

  async type(text: string): Promise<void> {
    await this.textarea.fill(text);
  }

  async send(text: string): Promise<void> {
    await this.type(text);
    await this.sendButton.click();
  }

  async sendWithEnter(text: string): Promise<void> {
    await this.type(text);
    await this.textarea.press('Enter');
  }

  async expectReady(): Promise<void> {
    await expect(this.textarea, 'the message input must accept text once the run is over').toBeEditable();
    await expect(this.textarea, 'the message input must be empty after a send').toHaveValue('');
  }
}
