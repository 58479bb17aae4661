/** What the connection indicator showed while the socket went away and came back. */
import { expect, test } from '@playwright/test';
import type { ConnectionRecorder } from '../recorders/connection-recorder';
import { describeSteps, passedThrough, type ConnectionStep } from '../recorders/connection-recorder';
import type { Budgets } from '../evidence/sla';
import type { ChatSocketRelay, Cut } from '../capture/socket-relay';
import { runnerLoad } from '../runner-load/runner-load';
import { longestStallMs } from '../runner-load/starvation';

/**
 * Time for the UI to notice the drop, wait its backoff, fetch a ticket and connect again. Generous
 * on purpose: this proves the UI recovers; the connect SLA itself is measured by the golden path.
 */
export const reconnectBudget = (budgets: Budgets) => budgets.connectMs + budgets.firstEventMs;

/** The connection indicator showed `states`, in this order, after `since` (however briefly each one lasted). */
export async function expectConnectionPassedThrough(
  recorder: ConnectionRecorder,
  since: number,
  states: readonly ConnectionStep[],
  timeout: number,
  context = '',
) {
  await test.step(`The connection status went ${describeSteps(states)}`, async () => {
    await expect
      .poll(
        async () => {
          const shown = await recorder.statesSince(since);
          return passedThrough(shown, states) ? 'as expected' : shown.join(' → ');
        },
        { message: `the connection status did not go ${describeSteps(states)}${context} (it showed the states received below)`, timeout },
      )
      .toBe('as expected');
  });
}

/**
 * After the test cut the page's socket (`cut`): the UI connects again on a new socket and its status
 * went "reconnecting" → "connected" on the way, unless the page was back within `unseenOutageMs`
 * (E2E_UNSEEN_OUTAGE_MS), too soon for any user to be told.
 */
export async function expectReconnectShown(
  recorder: ConnectionRecorder,
  relay: ChatSocketRelay,
  cut: Cut,
  limits: { unseenOutageMs: number; timeout: number },
): Promise<void> {
  await test.step('The page connects again on a new socket', () =>
    expect
      .poll(() => relay.nextSocketAfter(cut.socketIndex) !== undefined, {
        message: `C4.13: the UI did not reconnect: no new socket received a server frame within ${limits.timeout} ms of the drop`,
        timeout: limits.timeout,
      })
      .toBe(true),
  );
  const backAt = relay.nextSocketAfter(cut.socketIndex)!.firstFrameAt!;
  // A starved runner or browser stretches the outage it measures: its longest stall is not the target's.
  const stalledMs = longestStallMs(runnerLoad.between(cut.at, backAt));
  const outageMs = Math.max(0, backAt - cut.at - stalledMs);
  const measured = `connected again ${outageMs} ms after the drop${stalledMs > 0 ? ` (${stalledMs} ms the runner stalled left out)` : ''}`;
  if (outageMs <= limits.unseenOutageMs) {
    test.info().annotations.push({
      type: 'reconnect',
      description: `the page was ${measured}, within E2E_UNSEEN_OUTAGE_MS (${limits.unseenOutageMs} ms): too soon to show "reconnecting"`,
    });
    return;
  }
  const context = `; the page was ${measured}, longer than E2E_UNSEEN_OUTAGE_MS (${limits.unseenOutageMs} ms), so it had to say so`;
  await expectConnectionPassedThrough(recorder, cut.at, ['reconnecting', 'connected'], limits.timeout, context);
}
