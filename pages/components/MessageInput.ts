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

  /** Types `lines` as a user would: Shift+Enter between them. */
  async typeLines(lines: readonly string[]): Promise<void> {
    const [first = '', ...rest] = lines;
    await this.type(first);
    for (const line of rest) {
      await this.textarea.press('Shift+Enter');
      await this.textarea.pressSequentially(line);
    }
  }

  async sendWithEnter(): Promise<void> {
    await this.textarea.press('Enter');
    await expect(this.textarea, 'Enter must send the message: it is still in the input').toHaveValue('');
  }

  async expectReady(): Promise<void> {
    await expect(this.textarea, 'the message input must accept text once the run is over').toBeEditable();
    await expect(this.textarea, 'the message input must be empty after a send').toHaveValue('');
  }
}
