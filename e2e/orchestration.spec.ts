/**
 * Orchestration: the supervisor hands the request to its sub-agents one at a time, a failing tool
 * does not sink the run, and runs of the same user in different threads or turns stay apart.
 * Runs are told apart by their thread: the same user's runs from other tests reach these pages too.
 */
import { SUPERVISOR, type FaultKind } from '../contract/events';
import { expect, test } from '../fixtures/test';

/** About cost and asking for savings: every sub-agent of contract §5 takes part. */
const COST_QUESTION = 'What did our GPU inference cost last week, and how can we reduce that spend?';
/** About usage only: triage, data and report agents. */
const USAGE_QUESTION = 'Which model handled most of our usage yesterday?';
const FIRST_QUESTION = 'How much did our GPU inference cost last week?';
const FOLLOW_UP = 'And how could we reduce that spend?';

/** Contract §5: the order in which the supervisor hands a cost-saving request on. */
const SUB_AGENTS_IN_ORDER = ['triage_agent', 'data_agent', 'optimization_agent', 'report_agent'];

const epic = 'Orchestration';

test(
  'the supervisor hands the request to its sub-agents one at a time: triage first, report last',
  {
    tag: '@orchestration',
    annotation: test.journey({
      epic,
      feature: 'Supervisor and sub-agents',
      story: 'The supervisor runs its sub-agents in order, each after the previous one finished',
      severity: 'blocker',
      proves: ['GP-10', 'GP-06'],
      clauses: ['C3.R2', 'C3.R3'],
    }),
  },
  async ({ me, target }) => {
    const { chat } = me;

    await chat.open();
    const run = await me.ask(COST_QUESTION);
    const runFrames = me.runFrames(run);
    const position = (type: string, agent: string) => runFrames.findIndex((f) => f.type === type && f.agent_name === agent);
    const subAgents = me.framesOf(run, 'agent_started').filter((f) => f.agent_name !== SUPERVISOR);

    await test.step('The sub-agents ran in the contract order: triage first, report last', async () => {
      expect(subAgents.map((f) => f.agent_name), 'sub-agents out of order (contract §5: triage → data → optimisation → report)').toEqual(
        SUB_AGENTS_IN_ORDER,
      );
    });

    await test.step('Each sub-agent started only after the previous one completed, handed on by the supervisor', async () => {
      const names = subAgents.map((f) => f.agent_name);
      const earlyStarts = names
        .slice(1)
        .map((agent, i) => ({ agent, previous: names[i]! }))
        .filter(({ agent, previous }) => position('agent_started', agent) < position('agent_completed', previous))
        .map(({ agent, previous }) => `${agent} started before ${previous} completed`);
      expect(earlyStarts, 'a sub-agent started before the previous one handed over').toEqual([]);
      const notFromSupervisor = subAgents.filter((f) => f.payload.parent_agent !== SUPERVISOR).map((f) => `${f.agent_name} → ${f.payload.parent_agent}`);
      expect(notFromSupervisor, 'C3.R2: sub-agents whose agent_started does not name the supervisor as parent_agent').toEqual([]);
    });

    await test.step("The supervisor completed after all of them, and its answer is the report agent's text", async () => {
      const supervisorDone = position('agent_completed', SUPERVISOR);
      const lateAgents = subAgents.filter((f) => position('agent_completed', f.agent_name) > supervisorDone).map((f) => f.agent_name);
      expect(lateAgents, 'sub-agents that completed after (or never before) the supervisor').toEqual([]);
      const streamed = me.framesOf(run, 'partial_result').filter((f) => f.agent_name === 'report_agent');
      expect(streamed.length, 'the report agent streamed no partial_result: the answer was not written by it').toBeGreaterThan(0);
      expect(
        streamed.map((f) => f.payload.content).join(''),
        "the supervisor's final_response is not what the report agent streamed: results were not gathered",
      ).toBe(me.finalResponse(run));
    });

    await target.step('eventTimeline', 'The timeline shows the sub-agents starting in the same order', async () => {
      await me.expectTimelineShowsRun(run);
      const shown = (await chat.timeline.entries()).filter((e) => e.type === 'agent_started' && e.agent !== SUPERVISOR);
      expect(shown.map((e) => e.agent), 'the timeline shows the sub-agents in another order than they ran').toEqual(SUB_AGENTS_IN_ORDER);
    });

    await me.expectValidRun(run);
  },
);

/** Each tool fault with the clause of the contract that says what it must do. */
const TOOL_FAULTS: { kind: FaultKind; clause: string; what: string; error: RegExp }[] = [
  { kind: 'tool_error', clause: 'C7.3', what: 'a tool that fails', error: /\S/ },
  { kind: 'tool_timeout', clause: 'C7.4', what: 'a tool that times out', error: /time/i },
];

for (const fault of TOOL_FAULTS) {
  test(
    `${fault.what} is shown as failed, and the run still completes with an answer that says so (${fault.kind})`,
    {
      tag: '@orchestration',
      annotation: test.journey({
        epic,
        feature: 'Error propagation',
        story: `${fault.what[0]!.toUpperCase()}${fault.what.slice(1)}: the user sees it and still gets an answer`,
        severity: 'critical',
        proves: ['GP-11'],
        clauses: [fault.clause, 'C4.9'],
      }),
    },
    async ({ faults, target }) => {
      const { actor } = faults;
      const { chat } = actor;

      await test.step(`Arm the ${fault.kind} fault for this user's next run`, () => faults.arm(fault.kind));

      await actor.openConnected();
      const run = await actor.ask(COST_QUESTION);
      const failed = actor.framesOf(run, 'tool_completed').filter((f) => f.payload.status === 'failed');

      await test.step('A tool completed as failed, with an error that says why', async () => {
        expect(failed.length, `${fault.clause}: no tool_completed with status "failed" although ${fault.kind} was armed`).toBeGreaterThan(0);
        for (const tool of failed) {
          expect(tool.payload.error ?? '', `${fault.clause}: the failed ${tool.payload.tool_name} carries no fitting error`).toMatch(fault.error);
        }
      });

      await test.step('The run went on to a completed answer instead of ending in an error', async () => {
        expect(run.end.type, `${fault.clause}: the run ended in ${String(run.end.type)}: a failing tool must not sink the run`).toBe(
          target.closingFrame,
        );
        expect(run.answer, 'the run completed without a final answer').toBeTruthy();
      });

      await test.step('The answer tells the user that a tool failed', async () => {
        expect(run.answer, `${fault.clause}: the answer hides the tool failure from the user`).toMatch(/fail|error|timed? ?out|unavailable/i);
        await actor.expectAnswer(run);
      });

      await target.step('eventTimeline', 'The tool shows as failed in the UI, and no run error is shown', async () => {
        for (const tool of failed) await chat.tools.expectTool(tool.payload.tool_name, 'failed');
        await chat.runError.expectGone();
        await actor.screenshot('tool failed, answer shown');
      });

      await actor.expectValidRun(run);
    },
  );
}

test(
  'two runs at once in two threads of the same user: each tab shows only its own run, and both tabs receive both',
  {
    tag: '@orchestration',
    annotation: test.journey({
      epic,
      feature: 'Concurrent runs of one user',
      story: 'A user asks two things at once in two tabs; the runs do not mix',
      severity: 'critical',
      proves: ['GP-18', 'GP-06'],
      clauses: ['C3.3'],
    }),
  },
  async ({ me, openAs, target }) => {
    const tabA = me;
    const tabB = await openAs(me.user.key, { sameContextAs: me });

    await test.step('Open the chat in two tabs of the same user', () => Promise.all([tabA.openConnected(), tabB.openConnected()]));

    const [startedA, startedB] = await test.step('Send a different question in each tab at the same moment', () =>
      Promise.all([tabA.send(COST_QUESTION), tabB.send(USAGE_QUESTION)]),
    );

    expect(startedB.threadId, 'both tabs sent into the same thread').not.toBe(startedA.threadId);
    const [runA, runB] = await Promise.all([tabA.awaitRun(startedA), tabB.awaitRun(startedB)]);

    await test.step('Each tab shows its own question and answer, and nothing of the other run', async () => {
      await tabA.expectAnswer(runA);
      await tabB.expectAnswer(runB);
      await tabA.chat.messages.expectTranscript([{ user: COST_QUESTION, assistant: runA.answer! }]);
      await tabB.chat.messages.expectTranscript([{ user: USAGE_QUESTION, assistant: runB.answer! }]);
      await tabA.screenshot('tab A');
      await tabB.screenshot('tab B');
    });

    await target.step('eventTimeline', "Each tab's timeline and tools are exactly its own run's", async () => {
      for (const [tab, run] of [
        [tabA, runA],
        [tabB, runB],
      ] as const) {
        await tab.expectTimelineShowsRun(run);
        const tools = tab.framesOf(run, 'tool_executing').map((f) => f.payload.tool_name);
        await expect(tab.chat.tools.badges(), `tab of run ${run.runId} shows tools of another run`).toHaveCount(tools.length);
      }
    });

    await test.step('Both tabs received both runs in full, each a valid sequence', async () => {
      const described = (tab: typeof tabA, runId: string) => tab.frames.runFrames(runId).map((f) => `${f.type} ${f.agent_name}`);
      for (const [run, own, other, name] of [
        [runA, tabA, tabB, 'tab B'],
        [runB, tabB, tabA, 'tab A'],
      ] as const) {
        expect(described(other, run.runId), `C3.3: ${name} did not receive run ${run.runId} of the other tab frame for frame`).toEqual(
          described(own, run.runId),
        );
        const broken = other.frames.checkSequence(run.runId, { requireEnded: true }).map((v) => v.message);
        expect(broken, `${name}: run ${run.runId} of the other tab broke ordering rules`).toEqual([]);
      }
    });

    await tabA.expectValidRun(runA);
    await tabB.expectValidRun(runB);
  },
);

test(
  'a follow-up question in the same thread is answered in turn, and both exchanges are kept',
  {
    tag: '@orchestration',
    annotation: test.journey({
      epic,
      feature: 'Follow-up in a thread',
      story: 'A user asks a follow-up; both questions and answers stay in the thread, in order',
      severity: 'critical',
      proves: ['GP-08', 'GP-09'],
      clauses: ['C3.R6', 'C4.4'],
    }),
  },
  async ({ me, target, api }) => {
    target.require('history', 'keeps no thread history to reload');
    const { chat } = me;

    await chat.open();
    const first = await me.ask(FIRST_QUESTION);
    await me.expectAnswer(first);
    const second = await me.ask(FOLLOW_UP);
    const turns = [
      { user: FIRST_QUESTION, assistant: first.answer! },
      { user: FOLLOW_UP, assistant: second.answer! },
    ];
    // What the thread shows once it is read back from history (reload, sidebar).
    const storedTurns = [
      { user: FIRST_QUESTION, assistant: first.storedAnswer! },
      { user: FOLLOW_UP, assistant: second.storedAnswer! },
    ];

    await test.step('The follow-up ran as a new run in the same thread', async () => {
      expect(second.threadId, 'the follow-up left the thread it was sent in').toBe(first.threadId);
      expect(second.runId, 'the follow-up did not start a run of its own').not.toBe(first.runId);
    });

    await test.step('The chat shows both exchanges, in order', async () => {
      await me.expectAnswer(second);
      await chat.messages.expectTranscript(turns);
    });

    await test.step('Protocol level: the thread stores both exchanges in order, answers equal to final_response', async () => {
      const stored = await api.messages(await me.session(), first.threadId);
      const finalResponses = [first, second].map((r) => me.finalResponse(r));
      expect(stored.messages.map((m) => `${m.role}: ${m.content}`), 'the stored thread is not the two exchanges in order').toEqual([
        `user: ${FIRST_QUESTION}`,
        `assistant: ${finalResponses[0]}`,
        `user: ${FOLLOW_UP}`,
        `assistant: ${finalResponses[1]}`,
      ]);
    });

    await test.step("After a reload the thread's history shows the four messages in order", async () => {
      await chat.reload();
      await chat.messages.expectTranscript(storedTurns);
      await me.screenshot('thread after reload');
    });

    await test.step('New chat shows an empty conversation; the thread, opened again from the sidebar, shows both exchanges', async () => {
      await chat.startNewChat();
      await chat.openThreadFromSidebar(first.threadId);
      await chat.messages.expectTranscript(storedTurns);
    });

    await me.expectValidRun(first);
    await me.expectValidRun(second);
  },
);
