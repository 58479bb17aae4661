import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

/** The live list of agent events. Only on targets whose profile has `eventTimeline`. */
export class AgentTimeline {
  constructor(
    private readonly page: Page,
    private readonly ui: UiLocators,
  ) {}

  /** The whole timeline panel, where the target has one. */
  get root(): Locator | undefined {
    return this.ui.agentTimeline?.(this.page);
  }

  events(filter?: { type?: string; agent?: string }): Locator {
    if (!this.ui.agentEvents) throw new Error('This target profile has no agent timeline locators.');
    return this.ui.agentEvents(this.page, filter);
  }

  /** Every entry, top to bottom, as the event type and agent it shows. */
  async entries(): Promise<{ type: string; agent: string }[]> {
    return this.events().evaluateAll((items) =>
      items.map((item) => ({ type: item.getAttribute('data-event-type') ?? '', agent: item.getAttribute('data-agent-name') ?? '' })),
    );
  }

  async expectEventShown(type: string, agent?: string): Promise<void> {
    await expect(this.events({ type, agent }).first(), `the timeline must show ${type}${agent ? ` of ${agent}` : ''}`).toBeVisible();
  }
}
