/**
 * Resilience: what the user sees when something breaks in the middle of a run — the model fails,
 * the socket drops, the network goes away, the database refuses the answer, the page is reloaded —
 * and that the run recovers (or says it failed) without losing or repeating anything on screen.
 *
 * Fault-injected journeys run as the worker's private fault user (`faults.actor`), never as user1:
 * user1 is shared by parallel tests, and a fault armed for it would break another test's run.
 */
import type { SuiteConfig } from '../config/env';
import { ConnectionRecorder, passedThrough } from '../harness/recorders/connection-recorder';
import { journey } from '../harness/evidence/annotations';
import { screenshot } from '../harness/evidence/attachments';
import { awaitRunEnd, expectValidRun, sendMessage, sentSince } from '../harness/journey/run-journey';
import { expectRunRecoveredThrough, expectTimelineShowsEachFrameOnce, expectWholeRunReceived } from '../harness/journey/run-recovery';
import { ChatSocketRelay } from '../harness/capture/socket-relay';
import type { Actor } from '../harness/actor/actor';
import { checkRule, skipAsNotApplicable } from '../harness/evidence/signoff-marks';
import { expect, test } from '../fixtures/test';

/**
 * Time for the UI to notice the drop, wait its backoff, fetch a ticket and connect again. Generous
 * on purpose: this proves the UI recovers; the connect SLA itself is measured by the golden path.
 */
const reconnectBudget = (budgets: SuiteConfig['budgets']) => budgets.connectMs + budgets.firstEventMs;

/** Opens the chat, waits for "connected" and starts recording every connection state the UI shows. */
async function openConnected(actor: Actor): Promise<ConnectionRecorder> {
  return test.step('Open the chat and wait until it is connected', async () => {
    await actor.chat.open();
    await actor.chat.expectConnected();
    return ConnectionRecorder.start(actor.chat.connection.root);
  });
}

/** The connection indicator showed `states`, in this order, after `since` (however briefly each one lasted). */
async function expectConnectionPassedThrough(recorder: ConnectionRecorder, since: number, states: string[], timeout: number) {
  await test.step(`The connection status went ${states.map((s) => `"${s}"`).join(' → ')}`, async () => {
    await expect
      .poll(async () => {
        const shown = await recorder.statesSince(since);
        return passedThrough(shown, states) ? 'as expected' : shown.join(' → ');
      }, { message: `the connection status did not go ${states.join(' → ')} (it showed the states received below)`, timeout })
      .toBe('as expected');
  });
}

test.describe('Resilience', { tag: '@resilience' }, () => {
  test(
    'a model failure is shown with a Retry, and Retry gets the answer',
    {
      annotation: journey({
        epic: 'Resilience',
        feature: 'Model failure',
        story: 'The model fails mid-run; the user sees it, presses Retry and gets the answer',
        severity: 'critical',
        proves: ['GP-12'],
        clauses: ['C7.2', 'C4.11'],
      }),
    },
    async ({ faults, config }) => {
      const actor = faults.actor;
      const { chat, frames, page } = actor;
      const { budgets } = config;
      const request = 'Summarise our inference spend by model for last week';

      await openConnected(actor);

      await test.step('The model is set to fail on the next run (fault API: llm_error)', () => faults.arm('llm_error'));

      const failed = await awaitRunEnd(actor, await sendMessage(actor, request, budgets), budgets);

      await test.step('The run ends with agent_error', async () => {
        expect(failed.end.type, 'the run with a failing model did not end with agent_error').toBe('agent_error');
      });

      await test.step('The UI says the run failed and offers Retry', async () => {
        await chat.runError.expectShown();
        await screenshot(page, 'model failure shown with Retry');
      });

      const retried = await test.step('Press Retry: a new run starts in the same thread', async () => {
        const marker = frames.mark('Retry pressed');
        const sentAt = Date.now();
        await chat.runError.retry();
        const runId = await frames.waitForRunStart(undefined, budgets.firstEventMs, failed.threadId);
        expect(runId, 'Retry did not start a new run: the failed run id came back').not.toBe(failed.runId);
        return { runId, threadId: failed.threadId, ...sentSince(actor, marker, sentAt) };
      });

      const run = await awaitRunEnd(actor, retried, budgets);

      await test.step('The retried run completes with an answer', async () => {
        expect(run.end.type, 'the retried run failed again').not.toBe('agent_error');
        expect(run.answer, 'the retried run ended without a final answer').toBeTruthy();
      });

      await expectValidRun(actor, run.runId);

      await test.step('The answer is shown and the error is gone', async () => {
        await chat.expectRunFinished(run.answer!);
        await chat.runError.expectGone();
        await screenshot(page, 'answer after Retry');
      });
    },
  );

  test(
    'a socket dropped mid-run reconnects and the run completes with every frame shown once',
    {
      annotation: journey({
        epic: 'Resilience',
        feature: 'Dropped connection',
        story: 'The network drops the chat socket while the agent works; the UI reconnects and loses nothing',
        severity: 'blocker',
        proves: ['GP-13'],
        clauses: ['C4.13', 'C4.14'],
      }),
    },
    async ({ me, config, profile }) => {
      const { frames, page } = me;
      const { budgets } = config;
      const request = 'Show our GPU usage costs for last quarter and how to reduce spend';

      // The chat socket goes through the test (routeWebSocket), so it can be cut at an exact frame.
      const relay = await ChatSocketRelay.install(page, profile);
      const recorder = await openConnected(me);

      const cutDone = relay.cutAfterNext('tool_executing', 'drop', budgets.firstEventMs + budgets.runMs);
      const started = await sendMessage(me, request, budgets);

      const cut = await test.step('The socket drops right after the first tool starts', async () => {
        const done = await cutDone;
        frames.mark(`socket cut by the test after seq ${String(done.frame.seq)}; later frames on it never reached the page`);
        return done;
      });

      await expectConnectionPassedThrough(recorder, started.sentAt, ['reconnecting', 'connected'], reconnectBudget(budgets));
      await screenshot(page, 'reconnected after the drop');

      await test.step('The page opened a new socket', async () => {
        expect(relay.sockets.length, 'the UI never opened a new socket after the drop').toBeGreaterThan(cut.socketIndex + 1);
      });

      const run = await awaitRunEnd(me, started, budgets);

      await expectRunRecoveredThrough(me, relay, run, budgets, 'after the reconnect');
    },
  );

  test(
    'the server dropping the socket mid-run (fault ws_drop) is recovered without losing or repeating frames',
    {
      annotation: journey({
        epic: 'Resilience',
        feature: 'Dropped connection',
        story: 'The server closes the chat socket while the agent works; the UI reconnects and loses nothing',
        severity: 'blocker',
        proves: ['GP-13'],
        clauses: ['C7.6', 'C4.14', 'C3.10'],
      }),
    },
    async ({ faults, config, profile }) => {
      const actor = faults.actor;
      const { chat, frames, page } = actor;
      const { budgets } = config;
      const request = 'How can we reduce our token usage costs next month';
      const framesBeforeDrop = 5; // supervisor started + thinking, triage started + thinking, tool_executing

      const recorder = await openConnected(actor);

      await test.step(`The server will drop the socket after ${framesBeforeDrop} frames (fault API: ws_drop)`, () =>
        faults.arm('ws_drop', framesBeforeDrop),
      );

      const started = await sendMessage(actor, request, budgets);
      await expectConnectionPassedThrough(recorder, started.sentAt, ['reconnecting', 'connected'], reconnectBudget(budgets));

      await test.step('The server closed the first socket and the page opened a new one', async () => {
        expect(frames.sockets.length, 'the UI never opened a new socket after the server dropped it').toBeGreaterThan(1);
        const first = frames.sockets[0]!;
        expect(first.closedAt, 'the first socket was never closed: the ws_drop fault did not happen').toBeDefined();
      });

      const run = await awaitRunEnd(actor, started, budgets);
      const distinct = await expectWholeRunReceived(actor, run.runId, frames.runFrames(run.runId));

      await test.step(`Frames 1–${framesBeforeDrop} came on the first socket, the rest after the reconnect`, async () => {
        const onFirst = frames.frames
          .filter((f) => f.socketIndex === 0 && f.direction === 'in' && f.canonical?.run_id === run.runId)
          .map((f) => f.canonical?.seq);
        expect(onFirst, 'the first socket did not carry exactly the frames before the drop').toEqual(
          Array.from({ length: framesBeforeDrop }, (_, i) => i + 1),
        );
      });

      await test.step('No frame came twice: the resume asked only for what the page had not seen', async () => {
        const seqs = frames.runFrames(run.runId).map((f) => f.seq);
        const repeated = seqs.filter((seq, i) => seqs.indexOf(seq) !== i);
        await checkRule('reconnect-frames', async () =>
          expect(repeated, 'frames sent again after the reconnect (these seq): resume replayed frames the page already had').toEqual([]),
        );
      });

      if (profile.capabilities.eventTimeline) await expectTimelineShowsEachFrameOnce(actor, distinct, budgets.firstEventMs);

      await test.step('The answer equals final_response and is shown once', async () => {
        await chat.expectRunFinished(run.answer!);
        await checkRule('reconnect-frames', () => expect(chat.messages.assistant, 'the answer was shown more than once after the reconnect').toHaveCount(1));
        await screenshot(page, 'answer after the server dropped the socket');
      });
    },
  );

  test(
    'going offline mid-run and back online recovers the connection and the run',
    {
      annotation: journey({
        epic: 'Resilience',
        feature: 'Offline',
        story: 'The laptop goes offline while the agent works, comes back, and the answer arrives',
        severity: 'normal',
        proves: ['GP-15'],
        clauses: ['C4.10', 'C4.13'],
      }),
    },
    async ({ me, config, profile }) => {
      const { chat, page } = me;
      const { budgets } = config;
      const request = 'Compare our latency and spend per region this month';

      // The relay holds the run's frames once the first tool starts, so the page is certainly mid-run
      // when the network goes, whatever the target's pace.
      const relay = await ChatSocketRelay.install(page, profile);
      const recorder = await openConnected(me);
      const held = relay.cutAfterNext('tool_executing', 'hold', budgets.firstEventMs + budgets.runMs);
      const started = await sendMessage(me, request, budgets);

      await test.step('The agent is working: the first tool has started', () => held);

      const offlineAt = Date.now();

      await test.step('The browser goes offline: the UI says it is disconnected', async () => {
        await page.context().setOffline(true);
        await chat.connection.expectState('disconnected');
        await screenshot(page, 'offline mid-run');
      });

      await test.step('The browser comes back online', () => page.context().setOffline(false));

      await expectConnectionPassedThrough(recorder, offlineAt, ['disconnected', 'reconnecting', 'connected'], reconnectBudget(budgets));

      const run = await awaitRunEnd(me, started, budgets);

      await expectRunRecoveredThrough(me, relay, run, budgets, 'after going back online');
    },
  );

  test(
    'a database failure is told to the user and the answer is not stored',
    {
      annotation: journey({
        epic: 'Resilience',
        feature: 'Database failure',
        story: 'Storing the answer fails; the user is told instead of losing it silently',
        severity: 'critical',
        proves: ['GP-16'],
        clauses: ['C7.5', 'C7.1'],
      }),
    },
    async ({ faults, config, api }) => {
      const actor = faults.actor;
      const { chat, page } = actor;
      const { budgets } = config;
      const request = 'List the three most expensive models we used last week';

      await openConnected(actor);

      await test.step('Storing the next answer will fail (fault API: db_error)', () => faults.arm('db_error'));

      const run = await awaitRunEnd(actor, await sendMessage(actor, request, budgets), budgets);

      const error = await test.step('The run ends with agent_error', async () => {
        expect(run.end.type, 'the run whose answer could not be stored did not end with agent_error').toBe('agent_error');
        return run.end.payload as { error_message: string };
      });

      await test.step('The UI tells the user, in an alert, that the run failed', async () => {
        await chat.runError.expectShown(error.error_message);
        await screenshot(page, 'database failure told to the user');
      });

      await test.step('Protocol level: the thread stores the question but no answer', async () => {
        const session = await api.login(actor.user);
        const stored = await api.messages(session, run.threadId);
        expect(
          stored.messages.filter((m) => m.role === 'user').map((m) => m.content),
          'the user message of the failed run was not stored',
        ).toEqual([request]);
        expect(
          stored.messages.filter((m) => m.role === 'assistant').map((m) => m.content),
          'an answer was stored although storing it failed and the user was told so',
        ).toEqual([]);
      });
    },
  );

  test(
    'a reload mid-run brings the run in flight back and it completes',
    {
      annotation: journey({
        epic: 'Resilience',
        feature: 'Reload',
        story: 'The user reloads while the agent works; the progress comes back and the answer arrives once',
        severity: 'normal',
        proves: ['GP-14'],
        clauses: ['C4.14', 'C3.10'],
      }),
    },
    async ({ faults, config, profile }) => {
      skipAsNotApplicable(!profile.capabilities.resume, `target profile "${profile.name}" cannot resume a run after a reload (contract ext: resume)`);
      const actor = faults.actor;
      const { chat, frames, page } = actor;
      const { budgets } = config;
      const request = 'Estimate our embedding usage costs and how to save on them';

      await openConnected(actor);
      if ((config.agentPaceMs ?? Infinity) < 150) {
        // A fast reference app ends a run in milliseconds, before any reload could land: slow this one down.
        await test.step('The run will be slowed down so the reload lands mid-run (fault API: slow)', () => faults.arm('slow'));
      }
      const started = await sendMessage(actor, request, budgets);

      const shownBefore = await test.step('The agent is working: the first tool has started and shows in the timeline', async () => {
        await frames.waitForFrame((f) => f.run_id === started.runId && f.type === 'tool_executing', {
          description: `tool_executing of run ${started.runId}`,
          timeout: budgets.runMs,
        });
        if (!profile.capabilities.eventTimeline) return [];
        await chat.timeline.expectEventShown('tool_executing');
        await screenshot(page, 'mid-run, before the reload');
        return chat.timeline.entries();
      });

      await test.step('Reload the page', async () => {
        frames.mark('page reloaded');
        await page.reload();
        await expect(page, 'the reload left the thread').toHaveURL(chat.threadUrl(started.threadId));
      });

      if (profile.capabilities.eventTimeline) {
        await test.step('The progress shown before the reload comes back', async () => {
          await expect
            .poll(async () => (await chat.timeline.entries()).slice(0, shownBefore.length), {
              message: 'the timeline of the run in flight did not come back after the reload',
              timeout: budgets.connectMs + budgets.firstEventMs,
            })
            .toEqual(shownBefore);
          await screenshot(page, 'after the reload, progress back');
        });
      }

      const run = await awaitRunEnd(actor, started, budgets);
      const distinct = await expectWholeRunReceived(actor, run.runId, frames.runFrames(run.runId));
      if (profile.capabilities.eventTimeline) await expectTimelineShowsEachFrameOnce(actor, distinct, budgets.firstEventMs);

      await test.step('The question and the answer are each shown once', async () => {
        await chat.expectRunFinished(run.answer!);
        await checkRule('reconnect-frames', () => expect(chat.messages.user.filter({ hasText: request }), 'the question was shown more than once after the reload').toHaveCount(1));
        await checkRule('reconnect-frames', () => expect(chat.messages.assistant, 'the answer was shown more than once after the reload').toHaveCount(1));
        await screenshot(page, 'answer after the reload');
      });
    },
  );
});
