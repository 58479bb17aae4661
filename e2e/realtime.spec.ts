/**
 * Realtime: the run's events reach the user as they happen, in order, and the page shows them
 * as they arrive; a long run keeps the socket and the page alive; the SLA budgets hold.
 */
import { CRITICAL_EVENTS, LIMITS, SUPERVISOR } from '../contract/events';
import { ConnectionRecorder } from '../harness/recorders/connection-recorder';
import { watchConnect } from '../harness/capture/connect-timing';
import { journey } from '../harness/evidence/annotations';
import { attachSla, screenshot } from '../harness/evidence/attachments';
import { awaitRunEnd, expectValidRun, expectWithinBudgets, sendAndAwaitRun, sendMessage } from '../harness/journey/run-journey';
import { expectTimelineShowsRun, firstOccurrences, framesOf } from '../harness/journey/run-view';
import { expect, test } from '../fixtures/test';
import { progressShownBeforeEnd, readUiLog } from '../harness/recorders/ui-recorder';

/** Goes through every sub-agent (contract §5): the longest scripted run. */
const COST_QUESTION = 'What did our GPU inference cost last week, and how can we reduce that spend?';
/** Needs only triage and the report agent: the shortest run, which the slow fault makes long. */
const SHORT_QUESTION = 'Hello there! Who are you?';

const epic = 'Realtime';

test(
  'the five critical events arrive in order and the timeline shows each one as it arrives',
  {
    tag: '@realtime',
    annotation: journey({
      epic,
      feature: 'Live events',
      story: 'The user sees the agent work step by step, in the order it happens',
      severity: 'blocker',
      proves: ['GP-04'],
      clauses: ['C3.19', 'C4.8', 'C4.12'],
    }),
  },
  async ({ me, config, profile }) => {
    const { chat, frames, page } = me;
    const { budgets } = config;

    await chat.open();
    const run = await sendAndAwaitRun(me, COST_QUESTION, budgets);

    await test.step('On the socket, the five critical events first appear in their natural order', async () => {
      const critical = frames.runFrames(run.runId).filter((f) => (CRITICAL_EVENTS as readonly string[]).includes(f.type));
      expect(firstOccurrences(critical.map((f) => f.type)), 'critical events first arrived out of order').toEqual([...CRITICAL_EVENTS]);
    });

    if (profile.capabilities.eventTimeline) {
      await test.step('The timeline grew while the run was going', async () => {
        const shown = progressShownBeforeEnd(await readUiLog(page), run.sentAt);
        expect(shown.eventsBeforeEnd, 'no event was rendered before the run ended: the UI renders only at the end').toBeGreaterThan(0);
      });

      const entries = await expectTimelineShowsRun(me, run.runId, budgets.firstEventMs);

      await test.step('The timeline shows the five critical events first in the same order', async () => {
        const critical = entries.filter((e) => (CRITICAL_EVENTS as readonly string[]).includes(e.type));
        expect(firstOccurrences(critical.map((e) => e.type)), 'the timeline shows critical events out of order').toEqual([...CRITICAL_EVENTS]);
      });

      await test.step('Every event before the end was on screen before the run ended, not added at the end', async () => {
        const beforeEnd = entries.findIndex((e) => e.type === 'agent_completed' && e.agent === SUPERVISOR);
        const shown = progressShownBeforeEnd(await readUiLog(page), run.sentAt);
        expect(shown.eventsBeforeEnd, `only ${shown.eventsBeforeEnd} of the ${beforeEnd} events before the end were rendered live`).toBe(beforeEnd);
        await screenshot(page, 'timeline after the run');
      });
    }
  },
);

test(
  "the run's frames arrive in sequence: seq rises by one and time never goes back",
  {
    tag: '@realtime',
    annotation: journey({
      epic,
      feature: 'Timing and sequencing',
      story: 'Frames come once each, in the order they were sent',
      severity: 'critical',
      proves: ['GP-06'],
      clauses: ['C3.R5', 'C3.17', 'C3.18'],
    }),
  },
  async ({ me, config, profile }) => {
    const { chat, frames } = me;
    const { budgets } = config;

    await chat.open();
    const run = await sendAndAwaitRun(me, COST_QUESTION, budgets);
    const arrived = frames.frames.filter((f) => f.direction === 'in' && f.canonical?.run_id === run.runId);
    const runFrames = frames.runFrames(run.runId);

    await test.step('Arrival times never go back', async () => {
      const backwards = arrived.slice(1).filter((f, i) => f.at < arrived[i]!.at).map((f) => `#${f.index}`);
      expect(backwards, 'frames recorded as arriving before the frame ahead of them').toEqual([]);
    });

    await test.step("The frames' own timestamps never go back, in arrival order", async () => {
      const times = runFrames.map((f) => Date.parse(f.timestamp));
      const backwards = runFrames.slice(1).filter((_, i) => times[i + 1]! < times[i]!).map((f) => `${f.type} ${f.agent_name} at ${f.timestamp}`);
      expect(backwards, 'frames stamped earlier than the frame that arrived before them').toEqual([]);
    });

    if (profile.capabilities.seq) {
      await test.step('seq goes 1, 2, 3 … in arrival order: nothing lost, repeated or reordered', async () => {
        expect(runFrames.map((f) => f.seq), 'seq of the run in arrival order').toEqual(runFrames.map((_, i) => i + 1));
      });
    }

    await expectValidRun(me, run.runId);
  },
);

test(
  'a long run keeps the socket and the page alive until its answer, and the idle socket gets heartbeats',
  {
    tag: '@realtime',
    annotation: journey({
      epic,
      feature: 'Long runs',
      story: 'A slow run does not drop the connection or freeze the page',
      severity: 'critical',
      proves: ['GP-19'],
      clauses: ['C3.4'],
    }),
  },
  async ({ faults, config, profile }) => {
    test.slow();
    const { actor } = faults;
    const { chat, frames, page } = actor;
    const { budgets } = config;

    await chat.open();
    await chat.expectConnected();
    const normal = await sendAndAwaitRun(actor, SHORT_QUESTION, budgets);
    await chat.expectRunFinished(normal.answer!);
    // The slow fault makes every event 10× slower: allow ten normal runs, plus the run budget for start-up and scheduling.
    const slowRunLimitMs = 10 * normal.runMs + budgets.runMs;

    await test.step('Arm the slow fault: every event of the next run comes 10× slower', () => faults.arm('slow'));

    await chat.startNewChat();
    const connection = await ConnectionRecorder.start(chat.connection.root);
    const socketsAtSend = frames.sockets.length;
    const started = await sendMessage(actor, SHORT_QUESTION, budgets);
    const slow = await awaitRunEnd(actor, started, { ...budgets, runMs: slowRunLimitMs });

    await test.step('The connection status showed "connected" for the whole long run', async () => {
      const states = await connection.statesSince(started.sentAt);
      expect(states, 'the connection status left "connected" during the long run').toEqual(['connected']);
    });

    await test.step('It really was a long run: slower than the normal one', async () => {
      expect(slow.runMs, `the slow fault did not slow the run (${slow.runMs} ms vs ${normal.runMs} ms): nothing long was tested`).toBeGreaterThan(
        normal.runMs,
      );
    });

    await test.step('No socket closed and none was reopened during the run; one socket carried it all', async () => {
      const closed = frames.sockets.filter((s) => s.closedAt !== undefined && s.closedAt >= started.sentAt).map((s) => `#${s.index} (${s.closeCode ?? 'code unknown'})`);
      expect(closed, 'the chat socket closed during the long run').toEqual([]);
      expect(frames.sockets, 'the page opened a new socket during the long run: it had to reconnect').toHaveLength(socketsAtSend);
      const carriers = new Set(frames.frames.filter((f) => f.direction === 'in' && f.canonical?.run_id === slow.runId).map((f) => f.socketIndex));
      expect(carriers.size, 'the run came over more than one socket').toBe(1);
    });

    if (profile.capabilities.eventTimeline) {
      await test.step('The page kept up: every event before the end was on screen before the run ended', async () => {
        const entries = await expectTimelineShowsRun(actor, slow.runId, budgets.firstEventMs);
        const beforeEnd = entries.findIndex((e) => e.type === 'agent_completed' && e.agent === SUPERVISOR);
        const shown = progressShownBeforeEnd(await readUiLog(page), slow.sentAt);
        expect(shown.eventsBeforeEnd, `only ${shown.eventsBeforeEnd} of the ${beforeEnd} events before the end were rendered live`).toBe(beforeEnd);
      });
    }

    await test.step('The answer of the long run is shown', async () => {
      await chat.expectRunFinished(slow.answer!);
    });

    await test.step('Left idle after the run, the socket gets a heartbeat and stays connected', async () => {
      await frames.waitForFrame((f) => f.type === 'heartbeat', {
        description: `heartbeat on the idle socket (the server sends one after ${LIMITS.heartbeatIdleMs} ms without traffic)`,
        timeout: LIMITS.heartbeatIdleMs + budgets.connectMs,
        fromFrameIndex: frames.frames.length,
      });
      const closed = frames.sockets.filter((s) => s.closedAt !== undefined && s.closedAt >= started.sentAt).map((s) => `#${s.index}`);
      expect(closed, 'the idle socket was closed').toEqual([]);
      await chat.expectConnected();
    });

    await expectValidRun(actor, slow.runId);
  },
);

test(
  'progress only moves forward, and the page never shows a later agent before an earlier one',
  {
    tag: '@realtime',
    annotation: journey({
      epic,
      feature: 'Progress',
      story: 'What the user sees of the progress never goes back',
      severity: 'normal',
      proves: ['GP-04'],
      clauses: ['C4.12'],
    }),
  },
  async ({ me, config, profile }) => {
    const { chat, frames } = me;
    const { budgets } = config;

    await chat.open();
    const run = await sendAndAwaitRun(me, COST_QUESTION, budgets);
    const thinking = framesOf(frames, run.runId, 'agent_thinking');

    await test.step('Within each agent, step_number and progress_percentage never go back', async () => {
      const regressions = thinking.flatMap((f, i) => {
        const previous = thinking.slice(0, i).findLast((p) => p.agent_name === f.agent_name);
        if (!previous) return [];
        const back = [];
        if (f.payload.step_number < previous.payload.step_number) back.push(`step ${previous.payload.step_number} → ${f.payload.step_number}`);
        if (f.payload.progress_percentage < previous.payload.progress_percentage) {
          back.push(`progress ${previous.payload.progress_percentage}% → ${f.payload.progress_percentage}%`);
        }
        return back.map((what) => `${f.agent_name}: ${what}`);
      });
      expect(regressions, 'an agent reported less progress than before').toEqual([]);
    });

    if (profile.capabilities.scriptedModel) {
      await test.step('Across the run, progress rises from the plan to the report (the scripted run reports run-level progress)', async () => {
        const progress = thinking.map((f) => f.payload.progress_percentage);
        expect(progress, 'run-level progress went back').toEqual([...progress].sort((a, b) => a - b));
        const steps = thinking.map((f) => f.payload.step_number);
        expect(new Set(steps).size, 'two agent_thinking frames share a step_number').toBe(steps.length);
        expect(steps, 'step numbers went back').toEqual([...steps].sort((a, b) => a - b));
      });
    }

    if (profile.capabilities.eventTimeline) {
      await test.step('The timeline shows the agents in the order they started', async () => {
        const startOrder = framesOf(frames, run.runId, 'agent_started').map((f) => f.agent_name);
        const entries = await expectTimelineShowsRun(me, run.runId, budgets.firstEventMs);
        expect(firstOccurrences(entries.map((e) => e.agent)), 'the timeline shows an agent before one that started earlier').toEqual(startOrder);
      });
    }
  },
);

test(
  'connect, first event and the whole run stay within the SLA budgets',
  {
    tag: '@realtime',
    annotation: journey({
      epic,
      feature: 'SLA budgets',
      story: 'The chat connects, starts and answers within the budgets the release is held to',
      severity: 'blocker',
      proves: ['GP-02', 'GP-03', 'GP-08'],
      clauses: [],
    }),
  },
  async ({ me, config }) => {
    const { chat } = me;
    const { budgets } = config;

    // Connect time counts from the page starting to connect (its ticket request), not from page load.
    const connecting = watchConnect(me);

    await test.step('Open the chat; it shows "connected"', async () => {
      await chat.open();
      await chat.expectConnected();
    });

    const connectMs = await connecting.connectMs(budgets.connectMs);

    const run = await sendAndAwaitRun(me, COST_QUESTION, budgets);
    await chat.expectRunFinished(run.answer!);

    await test.step('Connect, first event and run times are within budget', async () => {
      const measured = { connectMs, firstEventMs: run.firstEventMs, runMs: run.runMs };
      await attachSla(measured);
      expectWithinBudgets(measured, budgets);
    });
  },
);
