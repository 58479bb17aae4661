import { expect, type Locator, type Page } from '@playwright/test';
import type { UiLocators } from '../../profiles/types';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export class ConnectionStatus {
  readonly root: Locator;

  constructor(
    page: Page,
    private readonly ui: UiLocators,
  ) {
    this.root = ui.connectionStatus(page);
  }

  async state(): Promise<string | null> {
    return this.ui.connectionState(this.root);
  }

  async expectState(state: ConnectionState, timeout?: number): Promise<void> {
    await expect.poll(() => this.state(), { message: `C4.10: the connection status must show "${state}"`, timeout }).toBe(state);
  }

  async expectStateIn(states: readonly ConnectionState[], timeout?: number): Promise<void> {
    const wanted = states.map((s) => `"${s}"`).join(' or ');
    await expect.poll(async () => {
      const state = await this.state();
      return (states as readonly (string | null)[]).includes(state) ? 'as expected' : state;
    }, {
      message: `C4.10: the connection status must show ${wanted}`,
      timeout,
    }).toBe('as expected');
  }
}
