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

  /**
   * The states the indicator showed while `work` was pending, sampled every `intervalMs`
   * (a short blip between two samples can be missed: pair this with the socket records).
   */
  async statesWhile(work: Promise<unknown>, timeout: number, intervalMs = 250): Promise<Array<string | null>> {
    const seen = new Set<string | null>();
    let done = false;
    const settled = work.then(
      () => (done = true),
      () => (done = true),
    );
    await expect
      .poll(
        async () => {
          seen.add(await this.state());
          return done;
        },
        { message: 'the awaited work did not finish while the connection status was watched', timeout, intervals: [intervalMs] },
      )
      .toBe(true);
    await settled;
    return [...seen];
  }

  async expectState(state: ConnectionState, timeout?: number): Promise<void> {
    await expect.poll(() => this.state(), { message: `the connection status must show "${state}"`, timeout }).toBe(state);
  }
}
