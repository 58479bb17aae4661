import { expect, type Locator, type Page } from '@playwright/test';
import { checkRule } from '../../harness/evidence/signoff-marks';
import type { UiLocators } from '../../profiles/types';

/** Tool badges. Only on targets whose profile has `eventTimeline`. */
export class ToolStatus {
  constructor(
    private readonly page: Page,
    private readonly ui: UiLocators,
  ) {}

  badges(filter?: { name?: string; status?: string }): Locator {
    if (!this.ui.toolStatuses) throw new Error('This target profile has no tool status locators.');
    return this.ui.toolStatuses(this.page, filter);
  }

  async expectTool(name: string, status: 'executing' | 'completed' | 'failed'): Promise<void> {
    await expect(this.badges({ name, status }), `tool ${name} must be shown as ${status}`).toHaveCount(1);
  }

  async expectNoUnknownTool(): Promise<void> {
    await checkRule('tool-name', () =>
      expect(this.badges({ name: 'unknown_tool' }), 'a tool was rendered as unknown_tool: its name was lost').toHaveCount(0),
    );
  }
}
