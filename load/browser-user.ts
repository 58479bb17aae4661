/**
 * A browser virtual user on Artillery's Playwright engine: signs in through the target's real UI
 * with the suite's page objects and profile, sends, and waits for the answer on screen, for each
 * of its runs. The threads it created are deleted over the API afterwards.
 */
import { setTimeout as think } from 'node:timers/promises';
import { expect, type Page } from '@playwright/test';
import { ChatPage } from '../pages/ChatPage';
import { LoginPage } from '../pages/LoginPage';
import { getProfile } from '../profiles';
import { LOAD_MESSAGE, LoadFailure, type MetricEvents, type ProtocolUsers } from './protocol-user';
import { METRIC } from './run-context';

export interface BrowserUserPace {
  runs: number;
  thinkMs: number;
}

/** `runs` runs, the user reading each answer for `thinkMs` before the next: pacing as Artillery's `think`, not a wait for the app. */
export async function browserUser(page: Page, users: ProtocolUsers, events: MetricEvents, pace: BrowserUserPace): Promise<void> {
  const { context } = users;
  const profile = getProfile(context.target);
  const user = users.pickUser();
  const chat = new ChatPage(page, profile, context.readyTimeoutMs);
  const threadIds: string[] = [];
  users.userOpened('browser', events);
  try {
    await new LoginPage(page, profile).signIn(user, page.context().request, context.baseURL).catch((error: Error) => {
      throw new LoadFailure('sign_in', error.message);
    });
    for (let run = 0; run < pace.runs; run += 1) {
      if (run > 0) await think(pace.thinkMs);
      await chat.open();
      await chat.expectConnected();
      events.emit('counter', METRIC.runsStarted, 1);
      const sentAt = Date.now();
      await chat.input.send(LOAD_MESSAGE);
      threadIds.push(await chat.waitForThreadId());
      await uiStep(() => chat.thinking.expectGone('the UI must leave the running state when the run is over', context.budgets.runMs));
      await uiStep(() => expect(chat.messages.lastAssistant, 'the answer must show').not.toBeEmpty({ timeout: context.budgets.firstEventMs }));
      events.emit('histogram', METRIC.browserAnswerMs, Date.now() - sentAt);
      events.emit('counter', METRIC.runsCompleted, 1);
    }
  } finally {
    users.userClosed('browser', events);
    const session = await users.session(user).catch(() => undefined);
    const api = await users.targetApi();
    if (session) for (const threadId of threadIds) await api.deleteThread(session, threadId);
  }
}

async function uiStep(step: () => Promise<void>): Promise<void> {
  await step().catch((error: Error) => {
    throw new LoadFailure('ui', error.message.split('\n')[0] ?? error.message);
  });
}
