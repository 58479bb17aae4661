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

  /** Elements matching `css` inside any message: text rendered as HTML would create them. */
  elementsInside(css: string): Locator {
    return this.all.locator(css);
  }

  /** The whole conversation, in order: each user message followed by its answer. */
  async expectTranscript(turns: readonly { user: string; assistant: string }[]): Promise<void> {
    const inOrder = turns.flatMap((t) => [t.user, t.assistant]);
    await expect(this.all, 'the conversation must show every message once, in the order they were sent').toHaveText(inOrder);
    await expect(this.user, 'the user messages must be the ones sent, in order').toHaveText(turns.map((t) => t.user));
    await expect(this.assistant, 'the answers must be the final_response of each run, in order').toHaveText(turns.map((t) => t.assistant));
  }

  /** `when`: what the conversation proves here, e.g. "C3.R6, C4.16: after a reload, read back from the store". */
  async expectConversation(userText: string, answer: string, when = 'in the conversation'): Promise<void> {
    await expect(this.user.filter({ hasText: userText }), `${when}: the user message must be shown once`).toHaveCount(1);
    await expect(this.lastAssistant, `${when}: the answer shown must equal the final_response frame`).toHaveText(answer);
  }
}
