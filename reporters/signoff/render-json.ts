/** The sign-off as JSON: the whole model, for dashboards and for diffing two runs. */
import type { SignoffModel } from './types';

export function renderJson(m: SignoffModel): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}
