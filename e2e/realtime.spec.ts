/**
 * Realtime: the run's events reach the user as they happen, in order, and the page shows them
 * as they arrive; a long run keeps the socket and the page alive; the SLA budgets hold.
 */
import { CRITICAL_EVENTS, LIMITS, SUPERVISOR } from '../contract/events';
import { expect, test } from '../fixtures/test';

/** Goes through every sub-agent (contract §5): the longest scripted run. */
const COST_QUESTION = 'What did our GPU inference cost last week, and how can we reduce that spend?';
/** Needs only triage and the report agent: the shortest run, which the slow fault makes long. */
const SHORT_QUESTION = 'Hello there! Who are you?';

const epic = 'Realtime';

test(
  'the five critical events arrive in order and the timeline shows each one as it arrives',
  {
    tag: '@realtime',
    annotation: test.journey({
      epic,
      feature: 'Live events',
      story: 'The user sees the agent work step by step, in the order it happens',
      severity: 'blocker',
      proves: ['GP-04'],
      clauses: ['C3.19', 'C4.8', 'C4.12'],
    }),
  },
  async ({ me, target }) => {
    const critical = new Set<string>(CRITICAL_EVENTS);
    /** Each distinct value, in order of first occurrence. */
    const firstOccurrences = (values: readonly string[]) => [...new Set(values)];

    await me.chat.open();
    const run = await me.ask(COST_QUESTION);

    await test.step('On the socket, the five critical events first appear in their natural order', async () => {
      const types = me.runFrames(run).map((f) => f.type).filter((type) => critical.has(type));
      const neverSent = CRITICAL_EVENTS.filter((type) => !types.includes(type));
      expect(neverSent, `C3.19: the run never sent these critical events: ${neverSent.join(', ')}`).toEqual([]);
      expect(firstOccurrences(types), 'C3.19: critical events first arrived out of order').toEqual([...CRITICAL_EVENTS]);
    });

    await target.step('eventTimeline', 'The timeline showed each event as it arrived', async () => {
      await test.step('The timeline grew while the run was going', async () => {
        const shown = await me.progressShownSince(run.sentAt);
        expect(shown.eventsBeforeEnd, 'no event was rendered before the run ended: the UI renders only at the end').toBeGreaterThan(0);
      });

      const entries = await me.expectTimelineShowsRun(run);

      await test.step('The timeline shows the five critical events first in the same order', async () => {
        const types = entries.map((e) => e.type).filter((type) => critical.has(type));
        expect(firstOccurrences(types), 'the timeline shows critical events out of order').toEqual([...CRITICAL_EVENTS]);
      });

      await test.step('Every event before the end was on screen before the run ended, not added at the end', async () => {
        const beforeEnd = entries.findIndex((e) => e.type === 'agent_completed' && e.agent === SUPERVISOR);
        const shown = await me.progressShownSince(run.sentAt);
        expect(shown.eventsBeforeEnd, `only ${shown.eventsBeforeEnd} of the ${beforeEnd} events before the end were rendered live`).toBe(beforeEnd);
        await me.screenshot('timeline after the run');
      });
    });
  },
);

test(
  "the run's frames arrive in sequence: seq rises by one and time never goes back",
  {
    tag: '@realtime',
    annotation: test.journey({
      epic,
      feature: 'Timing and sequencing',
      story: 'Frames come once each, in the order they were sent',
      severity: 'critical',
      proves: ['GP-06'],
      clauses: ['C3.R5', 'C3.17', 'C3.18'],
    }),
  },
  async ({ me, target }) => {
    await me.chat.open();
    const run = await me.ask(COST_QUESTION);
    const arrived = me.frames.arrivals(run.runId);
    const runFrames = me.runFrames(run);

    await test.step('Arrival times never go back', async () => {
      const backwards = arrived.slice(1).filter((f, i) => f.at < arrived[i]!.at).map((f) => `#${f.index}`);
      expect(backwards, 'frames recorded as arriving before the frame ahead of them').toEqual([]);
    });

    await test.step("The frames' own timestamps never go back, in arrival order", async () => {
      const times = runFrames.map((f) => Date.parse(f.timestamp));
      const backwards = runFrames.slice(1).filter((_, i) => times[i + 1]! < times[i]!).map((f) => `${f.type} ${f.agent_name} at ${f.timestamp}`);
      expect(backwards, 'C3.R5: frames stamped earlier than the frame that arrived before them (timestamps must never go back)').toEqual([]);
    });

    await target.step('seq', 'seq goes 1, 2, 3 … in arrival order: nothing lost, repeated or reordered', async () => {
      expect(runFrames.map((f) => f.seq), 'C3.R5: seq must rise by 1 in arrival order (nothing lost, repeated or reordered)').toEqual(runFrames.map((_, i) => i + 1));
    });

    await me.expectValidRun(run);
  },
);

test(
  'a long run keeps the socket and the page alive until its answer, and the idle socket gets heartbeats',
  {
    tag: '@realtime',
    annotation: test.journey({
      epic,
      feature: 'Long runs',
      story: 'A slow run does not drop the connection or freeze the page',
      severity: 'critical',
      proves: ['GP-19'],
      clauses: ['C3.4'],
    }),
  },
  async ({ faults, target }) => {
    test.slow();
    const { actor } = faults;
    const { chat, frames } = actor;

    await actor.openConnected();
    const normal = await actor.ask(SHORT_QUESTION);
    await actor.expectAnswer(normal);
    // The slow fault makes every event 10× slower: allow ten normal runs, plus the run budget for start-up and scheduling.
    const slowRunLimitMs = 10 * normal.runMs + actor.budgets.runMs;

    await test.step('Arm the slow fault: every event of the next run comes 10× slower', () => faults.arm('slow'));

    await chat.startNewChat();
    const connection = await actor.recordConnection();
    const socketsAtSend = frames.sockets.length;
    const started = await actor.send(SHORT_QUESTION);
    const slow = await actor.awaitRun(started, { runMs: slowRunLimitMs });

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
      const closed = frames.socketsClosedSince(started.sentAt).map((s) => `#${s.index} (${s.closeCode ?? 'code unknown'})`);
      expect(closed, 'the chat socket closed during the long run').toEqual([]);
      expect(frames.sockets, 'the page opened a new socket during the long run: it had to reconnect').toHaveLength(socketsAtSend);
      const carriers = new Set(frames.arrivals(slow.runId).map((f) => f.socketIndex));
      expect(carriers.size, 'the run came over more than one socket').toBe(1);
    });

    await target.step('eventTimeline', 'The page kept up: every event before the end was on screen before the run ended', async () => {
      const entries = await actor.expectTimelineShowsRun(slow);
      const beforeEnd = entries.findIndex((e) => e.type === 'agent_completed' && e.agent === SUPERVISOR);
      const shown = await actor.progressShownSince(slow.sentAt);
      expect(shown.eventsBeforeEnd, `only ${shown.eventsBeforeEnd} of the ${beforeEnd} events before the end were rendered live`).toBe(beforeEnd);
    });

    await test.step('The answer of the long run is shown', () => actor.expectAnswer(slow));

    await test.step('Left idle after the run, the socket gets a heartbeat and stays connected', async () => {
      await frames.waitForFrame((f) => f.type === 'heartbeat', {
        description: `C3.4: heartbeat on the idle socket (the server must send one after ${LIMITS.heartbeatIdleMs} ms without traffic)`,
        timeout: LIMITS.heartbeatIdleMs + actor.budgets.connectMs,
        fromFrameIndex: frames.frames.length,
      });
      const closed = frames.socketsClosedSince(started.sentAt).map((s) => `#${s.index}`);
      expect(closed, 'the idle socket was closed').toEqual([]);
      await chat.expectConnected();
    });

    await actor.expectValidRun(slow);
  },
);

test(
  'progress only moves forward, and the page never shows a later agent before an earlier one',
  {
    tag: '@realtime',
    annotation: test.journey({
      epic,
      feature: 'Progress',
      story: 'What the user sees of the progress never goes back',
      severity: 'normal',
      proves: ['GP-04'],
      clauses: ['C4.12'],
    }),
  },
  async ({ me, target }) => {
    await me.chat.open();
    const run = await me.ask(COST_QUESTION);
    const thinking = me.framesOf(run, 'agent_thinking');

    await test.step('Within each agent, step_number and progress_percentage never go back', async () => {
      const regressions = thinking.flatMap((f, i) => {
        // The agent's previous frame; its first frame is compared with itself and never goes back.
        const previous = thinking.slice(0, i).findLast((p) => p.agent_name === f.agent_name) ?? f;
        return [
          { what: 'step', before: previous.payload.step_number, now: f.payload.step_number, unit: '' },
          { what: 'progress', before: previous.payload.progress_percentage, now: f.payload.progress_percentage, unit: '%' },
        ]
          .filter((c) => c.now < c.before)
          .map((c) => `${f.agent_name}: ${c.what} ${c.before}${c.unit} → ${c.now}${c.unit}`);
      });
      expect(regressions, 'an agent reported less progress than before').toEqual([]);
    });

    await target.step('scriptedModel', 'Across the run, progress rises from the plan to the report (the scripted run reports run-level progress)', async () => {
      const progress = thinking.map((f) => f.payload.progress_percentage);
      expect(progress, 'run-level progress went back').toEqual([...progress].sort((a, b) => a - b));
      const steps = thinking.map((f) => f.payload.step_number);
      expect(new Set(steps).size, 'two agent_thinking frames share a step_number').toBe(steps.length);
      expect(steps, 'step numbers went back').toEqual([...steps].sort((a, b) => a - b));
    });

    await target.step('eventTimeline', 'The timeline shows the agents in the order they started', async () => {
      const startOrder = me.framesOf(run, 'agent_started').map((f) => f.agent_name);
      const entries = await me.expectTimelineShowsRun(run);
      expect([...new Set(entries.map((e) => e.agent))], 'the timeline shows an agent before one that started earlier').toEqual(startOrder);
    });
  },
);

test(
  'connect, first event and the whole run stay within the SLA budgets',
  {
    tag: '@realtime',
    annotation: test.journey({
      epic,
      feature: 'SLA budgets',
      story: 'The chat connects, starts and answers within the budgets the release is held to',
      severity: 'blocker',
      proves: ['GP-02', 'GP-03', 'GP-08'],
      clauses: [],
    }),
  },
  async ({ me }) => {
    // Connect time counts from the page starting to connect (its ticket request), not from page load.
    const connected = me.timeConnect();

    await test.step('Open the chat; it shows "connected"', () => me.openConnected());

    const connectMs = await connected();

    const run = await me.ask(COST_QUESTION);
    await me.expectAnswer(run);

    await test.step('Connect, first event and run times are within budget', async () => {
      const measured = { connectMs, firstEventMs: run.firstEventMs, runMs: run.runMs };
      await me.expectWithinBudgets(measured);
    });
  },
);
