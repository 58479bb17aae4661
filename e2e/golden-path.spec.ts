/**
 * The golden path: a signed-in user sends a message, watches the agent work live, and gets an
 * answer that is stored. What the user sees and what the wire carries are both asserted.
 */
import { CRITICAL_EVENTS } from '../contract/events';
import { expect, test } from '../fixtures/test';

const REQUEST = 'Analyze our GPU usage costs for last month and suggest how to reduce spend';

test(
  'a signed-in user sends a message, sees the agent work live, and gets the stored answer',
  {
    tag: '@golden',
    annotation: test.journey({
      epic: 'Golden path',
      feature: 'Chat with an agent',
      story: 'Sign in, send a message, watch the agent work, read the answer',
      severity: 'blocker',
      proves: ['GP-01', 'GP-02', 'GP-03', 'GP-04', 'GP-05', 'GP-06', 'GP-07', 'GP-08', 'GP-09'],
      clauses: ['C3.2', 'C3.17', 'C3.18', 'C3.19', 'C3.R1', 'C3.R4', 'C3.R5', 'C3.R6', 'C4.6', 'C4.8', 'C4.9', 'C4.10'],
    }),
  },
  async ({ me, target }) => {
    const { chat } = me;
    const connected = me.timeConnect();

    await test.step('Open the chat, already signed in', async () => {
      await chat.open();
      await chat.expectSignedInAs(me.user.email);
      await chat.expectConnected();
      await me.screenshot('signed in and connected');
    });

    const connectMs = await connected();

    const sent = await me.send(REQUEST);
    await me.screenshot('message sent, agent working');
    const run = await me.awaitRun(sent);

    const shown = await me.progressShownSince(run.sentAt);

    await test.step('The UI showed the agent thinking before the run ended', async () => {
      expect(shown.thinking, 'the thinking indicator never showed while the run was going: the UI renders only at the end').toBe(true);
    });

    await target.step('eventTimeline', 'The UI showed a tool running before the run ended', async () => {
      expect(shown.toolExecuting, 'no tool was shown as executing while the run was going').toBe(true);
    });

    await target.step('eventTimeline', 'Each of the five critical events is in the timeline', async () => {
      for (const type of CRITICAL_EVENTS) await chat.timeline.expectEventShown(type);
    });

    await target.step('eventTimeline', 'Every tool the run used is shown by name as completed', async () => {
      await chat.tools.expectNoUnknownTool();
      const tools = me.framesOf(run, 'tool_completed');
      expect(tools.length, 'the run used no tool: no tool_completed frame').toBeGreaterThan(0);
      for (const tool of tools) await chat.tools.expectTool(tool.payload.tool_name, tool.payload.status);
    });

    await test.step('The rendered answer equals the final_response frame and the UI is idle again', async () => {
      await me.expectAnswer(run);
      await me.screenshot('answer shown');
      await me.compareKeyScreen('golden-path-answer', [chat.userEmail, chat.sidebar.list, chat.connection.root, ...chat.runDetails()]);
    });

    await me.expectValidRun(run);
    await me.expectNoKnownQuirks();
    await me.reloadAndExpectConversation(REQUEST, run);

    await test.step('Connect, first event and run times are within budget', () =>
      me.expectWithinBudgets({ connectMs, firstEventMs: run.firstEventMs, runMs: run.runMs }),
    );
  },
);
