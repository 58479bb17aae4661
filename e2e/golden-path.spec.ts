/**
 * The golden path: a signed-in user sends a message, watches the agent work live, and gets an
 * answer that is stored. What the user sees and what the wire carries are both asserted.
 */
import { CRITICAL_EVENTS } from '../contract/events';
import { watchConnect } from '../harness/capture/connect-timing';
import { journey } from '../harness/evidence/annotations';
import { attachSla, compareKeyScreen, screenshot } from '../harness/evidence/attachments';
import { awaitRunEnd, expectValidRun, expectWithinBudgets, sendMessage } from '../harness/journey/run-journey';
import { expectNoKnownQuirks } from '../harness/journey/quirks';
import { expect, test } from '../fixtures/test';
import { progressShownBeforeEnd, readUiLog } from '../harness/recorders/ui-recorder';

const REQUEST = 'Analyze our GPU usage costs for last month and suggest how to reduce spend';

test(
  'a signed-in user sends a message, sees the agent work live, and gets the stored answer',
  {
    tag: '@golden',
    annotation: journey({
      epic: 'Golden path',
      feature: 'Chat with an agent',
      story: 'Sign in, send a message, watch the agent work, read the answer',
      severity: 'blocker',
      proves: ['GP-01', 'GP-02', 'GP-03', 'GP-04', 'GP-05', 'GP-06', 'GP-07', 'GP-08', 'GP-09'],
      clauses: ['C3.2', 'C3.17', 'C3.18', 'C3.19', 'C3.R1', 'C3.R4', 'C3.R5', 'C3.R6', 'C4.6', 'C4.8', 'C4.9', 'C4.10'],
    }),
  },
  async ({ me, config, profile }) => {
    const { chat, frames, page } = me;
    const { budgets } = config;

    const connecting = watchConnect(me);

    await test.step('Open the chat, already signed in', async () => {
      await chat.open();
      await chat.expectSignedInAs(me.user.email);
      await chat.expectConnected();
      await screenshot(page, 'signed in and connected');
    });

    const connectMs = await connecting.connectMs(budgets.connectMs);

    const started = await sendMessage(me, REQUEST, budgets);
    await screenshot(page, 'message sent, agent working');
    const run = await awaitRunEnd(me, started, budgets);

    await test.step('The UI showed the agent thinking and a tool running before the run ended', async () => {
      const shown = progressShownBeforeEnd(await readUiLog(page), run.sentAt);
      expect(shown.thinking, 'the thinking indicator never showed while the run was going: the UI renders only at the end').toBe(true);
      if (profile.capabilities.eventTimeline) {
        expect(shown.toolExecuting, 'no tool was shown as executing while the run was going').toBe(true);
      }
    });

    if (profile.capabilities.eventTimeline) {
      await test.step('Each of the five critical events is in the timeline', async () => {
        for (const type of CRITICAL_EVENTS) await chat.timeline.expectEventShown(type);
      });

      await test.step('Every tool the run used is shown by name as completed', async () => {
        await chat.tools.expectNoUnknownTool();
        const tools = frames.runFrames(run.runId).filter((f) => f.type === 'tool_completed');
        expect(tools.length, 'the run used no tool: no tool_completed frame').toBeGreaterThan(0);
        for (const tool of tools) await chat.tools.expectTool(tool.payload.tool_name, tool.payload.status);
      });
    }

    await test.step('The rendered answer equals the final_response frame and the UI is idle again', async () => {
      expect(run.answer, 'the run ended without a final answer in its frames').toBeTruthy();
      await chat.expectRunFinished(run.answer!);
      await screenshot(page, 'answer shown');
      await compareKeyScreen(page, config.visualCompare, 'golden-path-answer', [
        chat.userEmail,
        chat.sidebar.list,
        chat.connection.root,
        ...(profile.capabilities.eventTimeline ? [chat.timeline.root!, chat.tools.badges()] : []),
      ]);
    });

    await expectValidRun(me, run.runId);
    await expectNoKnownQuirks(me, budgets.firstEventMs);

    await test.step('A reload shows the same thread with both messages', async () => {
      await page.reload();
      await expect(page, 'the reload left the thread').toHaveURL(chat.threadUrl(run.threadId));
      await chat.sidebar.expectThreadListed(run.threadId);
      await chat.messages.expectConversation(REQUEST, run.storedAnswer!);
      await screenshot(page, 'after reload');
    });

    await test.step('Connect, first event and run times are within budget', async () => {
      const measured = { connectMs, firstEventMs: run.firstEventMs, runMs: run.runMs };
      await attachSla(measured);
      expectWithinBudgets(measured, budgets);
    });
  },
);
