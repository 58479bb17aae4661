/** What the connection indicator showed while the socket went away and came back. */
import { expect, test } from '@playwright/test';
import type { ConnectionRecorder } from '../recorders/connection-recorder';
import { passedThrough } from '../recorders/connection-recorder';
import type { Budgets } from '../evidence/sla';

/**
 * Time for the UI to notice the drop, wait its backoff, fetch a ticket and connect again. Generous
 * on purpose: this proves the UI recovers; the connect SLA itself is measured by the golden path.
 */
export const reconnectBudget = (budgets: Budgets) => budgets.connectMs + budgets.firstEventMs;

/** The connection indicator showed `states`, in this order, after `since` (however briefly each one lasted). */
export async function expectConnectionPassedThrough(recorder: ConnectionRecorder, since: number, states: string[], timeout: number) {
  await test.step(`The connection status went ${states.map((s) => `"${s}"`).join(' → ')}`, async () => {
    await expect
      .poll(
        async () => {
          const shown = await recorder.statesSince(since);
          return passedThrough(shown, states) ? 'as expected' : shown.join(' → ');
        },
        { message: `the connection status did not go ${states.join(' → ')} (it showed the states received below)`, timeout },
      )
      .toBe('as expected');
  });
}
