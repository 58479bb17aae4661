import type { Locator } from '@playwright/test';

/**
 * Types a secret into an input without it appearing in step titles: `fill`/`type` would render
 * the value into the report ('Fill "…"'). The native value setter plus an input event is what
 * React and other frameworks listen to, so the form sees a real edit.
 */
export async function fillSecret(input: Locator, value: string): Promise<void> {
  await input.click();
  await input.evaluate((element, secret) => {
    const field = element as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    setter?.call(field, secret);
    field.dispatchEvent(new Event('input', { bubbles: true }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}
