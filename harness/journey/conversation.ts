/** What a stored conversation must look like when the page is loaded again. */
import { expect, test } from '@playwright/test';
import type { Actor } from '../actor/actor';
import { screenshot } from '../evidence/attachments';
import type { ObservedRun } from './run-journey';

/** A reload shows the same thread, listed in the sidebar, with the question and its answer. */
export async function expectConversationAfterReload(actor: Actor, request: string, run: ObservedRun): Promise<void> {
  const { chat, page } = actor;

  await test.step('A reload shows the same thread with both messages', async () => {
    await chat.reload();
    await expect(page, 'the reload left the thread').toHaveURL(chat.threadUrl(run.threadId));
    await chat.sidebar.expectThreadListed(run.threadId);
    await chat.messages.expectConversation(request, run.storedAnswer!, 'C3.R6, C4.16: after a reload, the thread read back from the store');
    await screenshot(page, 'after reload');
  });
}
