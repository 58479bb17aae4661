/**
 * The pipeline behind one message: the user's text goes in, the supervisor and its sub-agents work
 * on it (visible live as frames and in the UI), and the answer comes back and is stored.
 * What the browser cannot show (what the server stored, and when) is checked at the protocol level
 * with the page's own session; those steps say so.
 */
import { CRITICAL_EVENTS, SUPERVISOR } from '../contract/events';
import { expect, test } from '../fixtures/test';

/** A data and cost question that asks for savings: contract §5 sends it to the data and optimisation agents. */
const COST_QUESTION = 'What did our GPU inference cost last week, and how can we reduce that spend?';
/** Neither about data nor about optimising: only triage and the report agent are needed. */
const GREETING = 'Hello there! Who are you?';
/** Markup that would create elements (and run a handler) if the UI rendered message text as HTML. */
const MARKUP = 'Is <b>bold</b> safe here? <img src=x onerror="window.__goldenPathInjected=true">';

/** Two lines typed with Shift+Enter between them, then sent with Enter as one message. */
const TWO_LINES = ['Which model handled most of our usage yesterday?', 'Please keep it short.'];

const epic = 'Pipeline';

test(
  'a sent message runs through the agents live and comes back as the answer',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'Message to answer',
      story: 'A user message goes through the agents and the answer comes back, end to end',
      severity: 'blocker',
      proves: ['GP-03', 'GP-04', 'GP-05', 'GP-06', 'GP-07', 'GP-08'],
      clauses: ['C3.19', 'C3.R4', 'C4.6', 'C4.12'],
    }),
  },
  async ({ me, target }) => {
    const { chat } = me;

    await test.step('Open the chat, signed in and connected', () => me.openConnected());

    const run = await me.ask(COST_QUESTION);

    await test.step('The socket carried each of the five critical events', async () => {
      const types = new Set(me.runFrames(run).map((f) => f.type));
      const missing = CRITICAL_EVENTS.filter((type) => !types.has(type));
      expect(missing, 'critical events missing from the run').toEqual([]);
    });

    await test.step('While the run was going, the UI showed the agent thinking', async () => {
      const shown = await me.progressShownSince(run.sentAt);
      expect(shown.thinking, 'the thinking indicator never showed while the run was going: the UI renders only at the end').toBe(true);
    });

    await target.step('eventTimeline', 'While the run was going, the UI showed a tool running and events arriving', async () => {
      const shown = await me.progressShownSince(run.sentAt);
      expect(shown.toolExecuting, 'no tool was shown as executing while the run was going').toBe(true);
      expect(shown.eventsBeforeEnd, 'the timeline showed no event before the run ended: it is not live').toBeGreaterThan(0);
    });

    await target.step('eventTimeline', 'The timeline shows the five critical events and every tool by name', async () => {
      for (const type of CRITICAL_EVENTS) await chat.timeline.expectEventShown(type);
      await chat.tools.expectNoUnknownTool();
      for (const tool of me.framesOf(run, 'tool_completed')) await chat.tools.expectTool(tool.payload.tool_name, tool.payload.status);
    });

    await test.step('The answer shown equals final_response and the chat is ready for the next message', async () => {
      await me.expectAnswer(run);
      await me.screenshot('answer shown');
    });

    await me.expectValidRun(run);

    await test.step('The agent started and finished within budget', () => me.expectWithinBudgets({ firstEventMs: run.firstEventMs, runMs: run.runMs }));
  },
);

test(
  "the user watches the agent think: each agent_thinking's reasoning is shown in the thinking indicator",
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'The model at work',
      story: 'The reasoning of the agents reaches the user while they wait',
      severity: 'critical',
      proves: ['GP-04'],
      clauses: ['C4.7'],
    }),
  },
  async ({ me }) => {
    await me.chat.open();
    const run = await me.ask(COST_QUESTION);
    const thinking = me.framesOf(run, 'agent_thinking');

    await test.step('The agents reported their reasoning as agent_thinking frames', async () => {
      expect(thinking.length, 'C3.19: the run sent no agent_thinking frame: the model work is invisible').toBeGreaterThan(0);
      const blank = thinking.filter((f) => f.payload.reasoning.trim() === '').map((f) => `${f.agent_name} seq ${f.seq}`);
      expect(blank, 'agent_thinking frames with empty reasoning').toEqual([]);
    });

    await test.step('The thinking indicator showed each reasoning while the run was going', async () => {
      const { thinkingTexts } = await me.progressShownSince(run.sentAt);
      const neverShown = thinking
        .filter((f) => !thinkingTexts.some((text) => text.includes(f.payload.reasoning)))
        .map((f) => `${f.agent_name}: "${f.payload.reasoning}"`);
      expect(neverShown, `C4.7: reasoning never shown in the thinking indicator (it showed: ${JSON.stringify(thinkingTexts)})`).toEqual([]);
    });

    await test.step('With the answer in, the thinking indicator is gone', () => me.expectAnswer(run));
  },
);

test(
  'a question about costs is handled by the data and optimisation agents, each started by the supervisor',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'Agent selection',
      story: 'The agents that run fit the request: a cost question needs data and optimisation',
      severity: 'critical',
      proves: ['GP-10'],
      clauses: ['C3.R2'],
    }),
  },
  async ({ me, target }) => {
    await me.chat.open();
    const run = await me.ask(COST_QUESTION);
    const started = me.framesOf(run, 'agent_started').filter((f) => f.agent_name !== SUPERVISOR);

    await test.step('Triage, data, optimisation and report agents all ran', async () => {
      const agents = started.map((f) => f.agent_name);
      expect(agents, 'a cost question must go through triage, data, optimisation and report agents (contract §5)').toEqual(
        expect.arrayContaining(['triage_agent', 'data_agent', 'optimization_agent', 'report_agent']),
      );
    });

    await test.step('Each sub-agent was started by the supervisor (parent_agent)', async () => {
      const orphans = started.filter((f) => f.payload.parent_agent !== SUPERVISOR).map((f) => `${f.agent_name} → ${f.payload.parent_agent}`);
      expect(orphans, 'sub-agents whose agent_started does not name the supervisor as parent_agent').toEqual([]);
    });

    await test.step('The data agent and the optimisation agent each used a tool', async () => {
      const toolUsers = new Set(me.framesOf(run, 'tool_executing').map((f) => f.agent_name));
      expect(toolUsers.has('data_agent'), 'the data agent answered a cost question without querying any data').toBe(true);
      expect(toolUsers.has('optimization_agent'), 'the optimisation agent suggested savings without modelling any cost').toBe(true);
    });

    await target.step('eventTimeline', 'The timeline shows each of these agents starting', async () => {
      for (const agent of started.map((f) => f.agent_name)) await me.chat.timeline.expectEventShown('agent_started', agent);
    });

    await me.expectValidRun(run);
  },
);

test(
  'a greeting is answered without the data and optimisation agents',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'Agent selection',
      story: 'The agents that run fit the request: a greeting needs neither data nor optimisation',
      severity: 'normal',
      proves: ['GP-10'],
      clauses: ['C3.R2'],
    }),
  },
  async ({ me, target }) => {
    target.require(
      'scriptedModel',
      'lets its model choose: which agents a request needs is fixed only by the scripted run shape of the reference app (docs/architecture.md)',
    );
    const { chat } = me;

    await chat.open();
    const run = await me.ask(GREETING);

    await test.step('Only the triage and report agents ran, both started by the supervisor', async () => {
      const started = me.framesOf(run, 'agent_started').filter((f) => f.agent_name !== SUPERVISOR);
      const orphans = started.filter((f) => f.payload.parent_agent !== SUPERVISOR).map((f) => `${f.agent_name} (parent_agent ${String(f.payload.parent_agent)})`);
      expect(orphans, `C3.R2: sub-agents must start with parent_agent "${SUPERVISOR}"`).toEqual([]);
      expect(started.map((f) => f.agent_name), 'a greeting is neither about data nor about savings: only triage and report may run').toEqual(['triage_agent', 'report_agent']);
    });

    await test.step('The greeting still gets its answer', () => me.expectAnswer(run));

    await target.step('eventTimeline', 'The timeline shows no data or optimisation agent', async () => {
      await expect(chat.timeline.events({ agent: 'data_agent' }), 'the timeline shows a data agent that did not run').toHaveCount(0);
      await expect(chat.timeline.events({ agent: 'optimization_agent' }), 'the timeline shows an optimisation agent that did not run').toHaveCount(0);
    });

    await me.expectValidRun(run);
  },
);

test(
  'the user message is stored as soon as the run starts and the answer when it ends (protocol level: stored messages)',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'Message storage',
      story: 'Nothing the user sent or received is lost, even mid-run',
      severity: 'critical',
      proves: ['GP-09'],
      clauses: ['C3.R6', 'C2.24', 'C2.20'],
    }),
  },
  async ({ me, target, api, protocol }) => {
    target.require('history', 'has no messages API to read the stored thread from');

    await me.chat.open();
    const started = await me.send(COST_QUESTION);
    const session = await me.session();

    await test.step('Protocol level, while the run is going: the thread already holds the user message', async () => {
      const stored = await api.messages(session, started.threadId);
      const first = stored.messages.slice(0, 1).map((m) => ({ role: m.role, content: m.content }))[0];
      expect(
        first,
        'the user message was not stored when its run started: a reload mid-run would lose it',
      ).toEqual({ role: 'user', content: COST_QUESTION });
    });

    const run = await me.awaitRun(started);
    const finalResponse = me.finalResponse(run);

    await test.step('Protocol level, after the run: the thread holds the user message, then the answer equal to final_response', async () => {
      expect(finalResponse, "the supervisor's agent_completed carried no final_response").toBeTruthy();
      const stored = await api.messages(session, run.threadId);
      expect(
        stored.messages.map((m) => ({ role: m.role, content: m.content })),
        'the stored thread must be exactly the user message and the answer (final_response), in that order',
      ).toEqual([
        { role: 'user', content: COST_QUESTION },
        { role: 'assistant', content: finalResponse },
      ]);
    });

    await test.step('Protocol level: the thread list holds the thread, newest first (a thread created now comes before it)', async () => {
      const newer = await protocol.newThread(session, 'a newer thread');
      const ids = (await api.threads(session)).map((t) => t.id);
      expect(ids, 'the thread list does not hold the thread the message went to').toContain(run.threadId);
      expect(ids, 'the thread list does not hold a thread just created').toContain(newer.id);
      expect(ids.indexOf(newer.id), 'the thread list is not newest first: a newer thread comes after this one').toBeLessThan(ids.indexOf(run.threadId));
    });

    await me.reloadAndExpectConversation(COST_QUESTION, run);
  },
);

test(
  'message text is shown as text, never turned into HTML',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'Message rendering',
      story: 'Markup typed by a user is shown literally and never runs',
      severity: 'critical',
      proves: [],
      clauses: ['C4.15'],
    }),
  },
  async ({ me }) => {
    const { chat, page } = me;

    await chat.open();
    const run = await me.ask(MARKUP);
    await me.expectAnswer(run);

    const expectLiteral = async (when: string) => {
      await expect(chat.messages.user.last(), `${when}: the user message must show the markup as typed`).toHaveText(MARKUP);
      await expect(chat.messages.elementsInside('b, img'), `${when}: the message text was rendered as HTML`).toHaveCount(0);
      await expect(chat.sidebar.item(run.threadId).locator('b, img'), `${when}: the thread title was rendered as HTML`).toHaveCount(0);
      const injected: unknown = await page.evaluate(() => Reflect.get(window, '__goldenPathInjected'));
      expect(injected, `${when}: an event handler from the message text ran in the page`).toBeUndefined();
    };

    await test.step('The sent message shows <b> and <img> as literal text; no element or handler came of them', async () => {
      await expectLiteral('live');
      await me.screenshot('markup shown as text');
    });

    await test.step('Reloaded from the stored history, it is still literal text', async () => {
      await chat.reload();
      await expectLiteral('after reload');
    });
  },
);

test(
  'Enter sends the message and Shift+Enter starts a new line in it',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic,
      feature: 'Message input',
      story: 'The keyboard works as the composer promises: Shift+Enter breaks the line, Enter sends',
      severity: 'normal',
      proves: [],
      clauses: ['C4.5'],
    }),
  },
  async ({ me, target, api }) => {
    const { chat } = me;
    const message = TWO_LINES.join('\n');

    await chat.open();

    await test.step('Shift+Enter puts a line break into the message and does not send it', async () => {
      await chat.input.typeLines(TWO_LINES);
      await expect(chat.input.textarea, 'Shift+Enter must start a new line in the message, not send it').toHaveValue(message);
    });

    const run = await me.awaitRun(await me.send(message, { by: () => chat.input.sendWithEnter() }));
    await me.expectAnswer(run);
    await expect(chat.messages.user.last(), 'the sent message must be shown, both lines of it').toHaveText(message);
    await me.screenshot('two-line message sent with Enter');

    await target.step('history', 'Protocol level: the stored user message keeps its line break', async () => {
      const stored = await api.messages(await me.session(), run.threadId);
      expect(stored.messages[0]?.content, 'the message was stored without the line break typed with Shift+Enter').toBe(message);
    });
    await me.expectValidRun(run);
  },
);
