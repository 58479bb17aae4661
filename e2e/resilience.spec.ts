/**
 * Resilience: what the user sees when something breaks in the middle of a run — the model fails,
 * the socket drops, the network goes away, the database refuses the answer, the page is reloaded —
 * and that the run recovers (or says it failed) without losing or repeating anything on screen.
 *
 * Fault-injected journeys run as the worker's private fault user (`faults.actor`), never as user1:
 * user1 is shared by parallel tests, and a fault armed for it would break another test's run.
 */
import { expect, test } from '../fixtures/test';

/** What the connection status may say while the network is gone: anything but "connected". */
const NOT_CONNECTED = ['disconnected', 'reconnecting', 'connecting'] as const;

test.describe('Resilience', { tag: '@resilience' }, () => {
  test(
    'a model failure is shown with a Retry, and Retry gets the answer',
    {
      annotation: test.journey({
        epic: 'Resilience',
        feature: 'Model failure',
        story: 'The model fails mid-run; the user sees it, presses Retry and gets the answer',
        severity: 'critical',
        proves: ['GP-12'],
        clauses: ['C7.2', 'C4.11'],
      }),
    },
    async ({ faults }) => {
      const actor = faults.actor;
      const { chat } = actor;
      const request = 'Summarise our inference spend by model for last week';

      await test.step('Open the chat and wait until it is connected', () => actor.openConnected());

      await test.step('The model is set to fail on the next run (fault API: llm_error)', () => faults.arm('llm_error'));

      const failed = await actor.awaitRun(await actor.send(request));

      await test.step('The run ends with agent_error', async () => {
        expect(failed.end.type, 'C7.2: the run whose model failed (llm_error armed) did not end with agent_error').toBe('agent_error');
      });

      await test.step('The UI says the run failed and offers Retry', async () => {
        await chat.runError.expectShown();
        await actor.screenshot('model failure shown with Retry');
      });

      const retried = await actor.send(request, {
        by: () => chat.runError.retry(),
        title: 'Press Retry: a new run starts in the same thread',
        unsent: 'C4.11: pressing Retry sent nothing, so no new run started',
      });

      await test.step('Retry started a new run in the same thread', async () => {
        expect(retried.threadId, 'Retry left the thread of the failed run').toBe(failed.threadId);
        expect(retried.runId, 'C4.11: Retry did not start a new run: the failed run id came back').not.toBe(failed.runId);
      });

      const run = await actor.awaitRun(retried);

      await test.step('The retried run completes with an answer', async () => {
        expect(run.end.type, 'the retried run failed again').not.toBe('agent_error');
        expect(run.answer, 'the retried run ended without a final answer').toBeTruthy();
      });

      await actor.expectValidRun(run);

      await test.step('The answer is shown and the error is gone', async () => {
        await actor.expectAnswer(run);
        await chat.runError.expectGone();
        await actor.screenshot('answer after Retry');
      });
    },
  );

  test(
    'a socket dropped mid-run reconnects and the run completes with every frame shown once',
    {
      annotation: test.journey({
        epic: 'Resilience',
        feature: 'Dropped connection',
        story: 'The network drops the chat socket while the agent works; the UI reconnects and loses nothing',
        severity: 'blocker',
        proves: ['GP-13'],
        clauses: ['C4.13', 'C4.14'],
      }),
    },
    async ({ me, target }) => {
      const { budgets } = me;
      const request = 'Show our GPU usage costs for last quarter and how to reduce spend';

      // The chat socket goes through the test (routeWebSocket), so it can be cut at an exact frame.
      const relay = await me.relaySocket();
      const recorder = await me.openRecordingConnection();

      const cutDone = relay.cutAfterNext('tool_executing', 'drop', budgets.firstEventMs + budgets.runMs);
      const started = await me.send(request);

      const cut = await test.step('The socket drops right after the first tool starts', async () => {
        const done = await cutDone;
        me.frames.mark(`socket cut by the test after seq ${String(done.frame.seq)}; later frames on it never reached the page`);
        return done;
      });

      await me.expectReconnectShown(recorder, relay, cut);
      await me.screenshot('reconnected after the drop');

      // Without `resume` the contract promises no way to get the rest of the run on a new socket.
      await target.step('resume', 'The run in flight comes back and completes, every frame shown once', async () => {
        const run = await me.awaitRun(started);
        await me.expectRunRecoveredThrough(relay, run, 'after the reconnect');
      });
    },
  );

  test(
    'the server dropping the socket mid-run (fault ws_drop) is recovered without losing or repeating frames',
    {
      annotation: test.journey({
        epic: 'Resilience',
        feature: 'Dropped connection',
        story: 'The server closes the chat socket while the agent works; the UI reconnects and loses nothing',
        severity: 'blocker',
        proves: ['GP-13'],
        clauses: ['C7.6', 'C4.14', 'C3.10'],
      }),
    },
    async ({ faults }) => {
      const actor = faults.actor;
      const { frames } = actor;
      const request = 'How can we reduce our token usage costs next month';
      const framesBeforeDrop = 5; // supervisor started + thinking, triage started + thinking, tool_executing

      const recorder = await actor.openRecordingConnection();

      await test.step(`The server will drop the socket after ${framesBeforeDrop} frames (fault API: ws_drop)`, () =>
        faults.arm('ws_drop', framesBeforeDrop),
      );

      const started = await actor.send(request);

      await test.step('The server closes the socket mid-run', async () => {
        await expect
          .poll(() => frames.sockets[0]?.closedAt, {
            message: `C7.6: the server never closed the socket although ws_drop was armed to drop it after ${framesBeforeDrop} frames`,
            timeout: actor.budgets.runMs,
          })
          .toBeDefined();
      });

      await actor.expectConnectionWent(recorder, started.sentAt, ['reconnecting', 'connected']);

      await test.step('The page opened a new socket', async () => {
        expect(frames.sockets.length, 'C4.13: the UI never opened a new socket after the server dropped it').toBeGreaterThan(1);
      });

      const run = await actor.awaitRun(started);

      await test.step(`Frames 1–${framesBeforeDrop} came on the first socket, the rest after the reconnect`, async () => {
        const onFirst = frames
          .arrivals(run.runId)
          .filter((f) => f.socketIndex === 0)
          .map((f) => f.canonical?.seq);
        expect(onFirst, 'the first socket did not carry exactly the frames before the drop').toEqual(
          Array.from({ length: framesBeforeDrop }, (_, i) => i + 1),
        );
      });

      await actor.expectNoFrameRepeated(run);
      await actor.expectWholeRunShownOnce(run);
      await actor.expectAnswerShownOnce(run, 'after the reconnect');
    },
  );

  test(
    'going offline mid-run and back online recovers the connection and the run',
    {
      annotation: test.journey({
        epic: 'Resilience',
        feature: 'Offline',
        story: 'The laptop goes offline while the agent works, comes back, and the answer arrives',
        severity: 'normal',
        proves: ['GP-15'],
        clauses: ['C4.10', 'C4.13'],
      }),
    },
    async ({ me, target }) => {
      const { chat, page, budgets } = me;
      const request = 'Compare our latency and spend per region this month';

      // The relay holds the run's frames once the first tool starts, so the page is certainly mid-run
      // when the network goes, whatever the target's pace.
      const relay = await me.relaySocket();
      const recorder = await me.openRecordingConnection();
      const held = relay.cutAfterNext('tool_executing', 'hold', budgets.firstEventMs + budgets.runMs);
      const started = await me.send(request);

      await test.step('The agent is working: the first tool has started', () => held);

      const offlineAt = Date.now();

      await test.step('The browser goes offline: the UI says it is not connected', async () => {
        await page.context().setOffline(true);
        // A lost network ends open sockets too; emulated offline only stops new requests.
        relay.dropOpenSockets();
        await chat.connection.expectStateIn(NOT_CONNECTED);
        await me.screenshot('offline mid-run');
      });

      await test.step('The browser comes back online', () => page.context().setOffline(false));

      await me.expectConnectionWent(recorder, offlineAt, [NOT_CONNECTED, 'connected']);

      await target.step('resume', 'The run in flight comes back and completes, every frame shown once', async () => {
        const run = await me.awaitRun(started);
        await me.expectRunRecoveredThrough(relay, run, 'after going back online');
      });
    },
  );

  test(
    'a database failure is told to the user and the answer is not stored',
    {
      annotation: test.journey({
        epic: 'Resilience',
        feature: 'Database failure',
        story: 'Storing the answer fails; the user is told instead of losing it silently',
        severity: 'critical',
        proves: ['GP-16'],
        clauses: ['C7.5', 'C7.1'],
      }),
    },
    async ({ faults, api }) => {
      const actor = faults.actor;
      const { chat } = actor;
      const request = 'List the three most expensive models we used last week';

      await test.step('Open the chat and wait until it is connected', () => actor.openConnected());

      await test.step('Storing the next answer will fail (fault API: db_error)', () => faults.arm('db_error'));

      const run = await actor.awaitRun(await actor.send(request));

      const error = await test.step('The run ends with agent_error', async () => {
        expect(run.end.type, 'C7.5: the run whose answer could not be stored (db_error armed) did not end with agent_error').toBe('agent_error');
        return actor.framesOf(run, 'agent_error')[0]!.payload;
      });

      await test.step('The UI tells the user, in an alert, that the run failed', async () => {
        await chat.runError.expectShown(error.error_message);
        await actor.screenshot('database failure told to the user');
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
      annotation: test.journey({
        epic: 'Resilience',
        feature: 'Reload',
        story: 'The user reloads while the agent works; the progress comes back and the answer arrives once',
        severity: 'normal',
        proves: ['GP-14'],
        clauses: ['C4.14', 'C3.10'],
      }),
    },
    async ({ faults, target }) => {
      target.notApplicableWithout('resume', 'cannot resume a run after a reload (contract ext: resume)');
      const actor = faults.actor;
      const { chat, frames, page, budgets } = actor;
      const request = 'Estimate our embedding usage costs and how to save on them';

      await test.step('Open the chat and wait until it is connected', () => actor.openConnected());

      // A fast reference app ends a run in milliseconds, before any reload could land: slow this one down.
      await faults.slowDownBelowPace(150, 'The run will be slowed down so the reload lands mid-run (fault API: slow)');
      const started = await actor.send(request);

      await test.step('The agent is working: the first tool has started', () =>
        frames.waitForFrame((f) => f.run_id === started.runId && f.type === 'tool_executing', {
          description: `tool_executing of run ${started.runId}`,
          timeout: budgets.runMs,
        }),
      );

      const shownBefore = await target.step('eventTimeline', 'The first tool shows in the timeline', async () => {
        await chat.timeline.expectEventShown('tool_executing');
        await actor.screenshot('mid-run, before the reload');
        return chat.timeline.entries();
      });

      await test.step('Reload the page', async () => {
        frames.mark('page reloaded');
        await chat.reload();
        await expect(page, 'the reload left the thread').toHaveURL(chat.threadUrl(started.threadId));
      });

      await target.step('eventTimeline', 'The progress shown before the reload comes back', async () => {
        const before = shownBefore ?? [];
        await expect
          .poll(async () => (await chat.timeline.entries()).slice(0, before.length), {
            message: 'the timeline of the run in flight did not come back after the reload',
            timeout: budgets.connectMs + budgets.firstEventMs,
          })
          .toEqual(before);
        await actor.screenshot('after the reload, progress back');
      });

      const run = await actor.awaitRun(started);
      await actor.expectWholeRunShownOnce(run);

      await actor.expectExchangeShownOnce(run, 'after the reload', request);
    },
  );
});
