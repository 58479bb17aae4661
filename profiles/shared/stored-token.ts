/** The reference app and Netra both keep the session's access token in localStorage `jwt_token`. */
import type { Page } from '@playwright/test';

export async function readStoredJwt(page: Page): Promise<string | null> {
  return page.evaluate(() => localStorage.getItem('jwt_token')).catch(() => null);
}
