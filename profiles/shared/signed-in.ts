/** Waiting for a sign-in to land on the chat, with a clear error when the login page refused it. */
import type { Page } from '@playwright/test';
import type { UiLocators } from '../types';
import { isChatPath } from './urls';

export async function waitForSignedIn(page: Page, ui: UiLocators, userKey: string): Promise<void> {
  try {
    await page.waitForURL(isChatPath);
  } catch (error) {
    const loginError = ui.loginError(page).first();
    if (await loginError.isVisible().catch(() => false)) {
      const text = (await loginError.innerText()).trim();
      throw new Error(`Sign-in of ${userKey} failed: the login page says "${text}"`, { cause: error });
    }
    throw error;
  }
  await ui.userEmail(page).first().waitFor({ state: 'visible' });
}
