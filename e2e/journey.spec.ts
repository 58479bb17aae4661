/**
 * The whole journey as a new user lives it: signed out, sign in, ask, read an answer worth having,
 * all within the SLA budgets; then the same with several users at once, in browsers and (protocol
 * level, where ten browsers would measure the test machine instead of the target) over raw sockets.
 */
import { expect, test } from '../fixtures/test';

/** Names its subject ("GPU", "costs") and asks for savings, so the answer must carry recommendations. */
const GPU_COST_QUESTION = 'What are our GPU costs this month, and how can we reduce them?';
/** GP-20 and the platform's own target: at least this many users at once. */
const CONCURRENT_RUNS = 10;

// The first journey starts signed out: `me` is user1 in a browser with no session, until it signs in.
test.use({ signedInAs: null });

const epic = 'Journey';

test(
  'a signed-out user signs in, asks about GPU costs and reads an answer with recommendations, within budget',
  {
    tag: '@journey',
    annotation: test.journey({
      epic,
      feature: 'Sign in to answer',
      story: 'From the login page to a useful answer, as a new session',
      severity: 'blocker',
      proves: ['GP-01', 'GP-02', 'GP-03', 'GP-08'],
      clauses: ['C4.1', 'C4.2', 'C4.16'],
    }),
  },
  async ({ me, target }) => {
    const { chat, login, user } = me;

    await test.step('Signed out, opening the chat lands on the login page', async () => {
      await chat.open();
      await login.expectShown('C4.1: a signed-out visit to /chat must land on the login page');
      await me.screenshot('login page');
    });

    const connected = me.timeConnect();

    await test.step('Sign in through the login page; the chat shows the user, connected', async () => {
      await me.signIn();
      await chat.expectSignedInAs(user.email);
      await chat.expectConnected();
    });

    const connectMs = await connected();

    const run = await me.ask(GPU_COST_QUESTION);
    const answer = run.answer ?? '';

    await test.step('The answer is about what was asked: it names GPU and costs', async () => {
      expect(answer.toLowerCase(), 'the answer does not mention the GPU the user asked about').toContain('gpu');
      expect(answer.toLowerCase(), 'the answer does not mention the costs the user asked about').toContain('cost');
    });

    await target.step('finalReport', 'The final report recommends something, and each recommendation is in the answer or the report', async () => {
      const report = me.framesOf(run, 'final_report')[0]!.payload;
      expect(report.recommendations.length, 'a request for savings got a final report without recommendations').toBeGreaterThan(0);
      const reportText = JSON.stringify(report.report);
      const unsupported = report.recommendations.filter((r) => !answer.includes(r) && !reportText.includes(r));
      expect(unsupported, 'recommendations that appear neither in the answer nor in the report').toEqual([]);
    });

    await test.step('The chat shows the answer and is ready for the next message', async () => {
      await me.expectAnswer(run);
      await me.screenshot('answer shown');
    });

    await me.expectValidRun(run);

    await test.step('Connect, first event and run times are within budget', () =>
      me.expectWithinBudgets({ connectMs, firstEventMs: run.firstEventMs, runMs: run.runMs }),
    );
  },
);

test(
  'several users ask at the same moment: every run completes within budget and each user sees only their own',
  {
    tag: '@journey',
    annotation: test.journey({
      epic,
      feature: 'Several users at once',
      story: 'Users working at the same time each get their own answer in time',
      severity: 'blocker',
      proves: ['GP-20', 'GP-17'],
      clauses: ['C6.3'],
    }),
  },
  async ({ openAs, users, config, target }) => {
    const { isolationUsers } = config;
    target.requireSetup(users.length >= isolationUsers, `E2E_ISOLATION_USERS is ${isolationUsers} but only ${users.length} test users are configured`);
    const actors = await Promise.all(users.slice(0, isolationUsers).map((u) => openAs(u.key)));
    const questionOf = (key: string) => `What did ${key}'s GPU inference cost last week?`;

    const connectMs = await test.step(`${actors.length} users open the chat and are connected`, () =>
      Promise.all(
        actors.map(async (actor) => {
          const connected = actor.timeConnect();
          await actor.openConnected();
          return connected();
        }),
      ),
    );

    const started = await test.step('All of them send their question at the same moment', () =>
      Promise.all(actors.map((actor) => actor.send(questionOf(actor.user.key)))),
    );

    const runs = await Promise.all(actors.map((actor, i) => actor.awaitRun(started[i]!)));

    await test.step('Each user sees exactly their own question and answer', async () => {
      for (const [i, actor] of actors.entries()) {
        await actor.expectAnswer(runs[i]!);
        await actor.chat.messages.expectTranscript([{ user: questionOf(actor.user.key), assistant: runs[i]!.answer! }]);
      }
    });

    await test.step("No user's page received a frame of another user's run", async () => {
      for (const [i, actor] of actors.entries()) {
        const ownerId = actor.frames.sockets.find((s) => s.ownerUserId)?.ownerUserId;
        const foreign = actor.frames.runFrames().filter((f) => f.user_id !== ownerId);
        const othersRuns = runs.filter((_, j) => j !== i).map((r) => r.runId);
        const leaked = [...foreign.map((f) => `${f.type} of user ${f.user_id}`), ...othersRuns.filter((id) => actor.frames.runIds().includes(id))];
        expect(leaked, `${actor.user.key} received frames of other users`).toEqual([]);
      }
    });

    for (const [i, actor] of actors.entries()) await actor.expectValidRun(runs[i]!);

    await test.step('Every user connected, got a first event and an answer within budget', async () => {
      for (const [i, run] of runs.entries()) {
        await actors[i]!.expectWithinBudgets({ connectMs: connectMs[i]!, firstEventMs: run.firstEventMs, runMs: run.runMs });
      }
    });
  },
);

test(
  `protocol level: ${CONCURRENT_RUNS} runs at once over raw sockets, spread over the configured users, each within budget and delivered only to its user`,
  {
    tag: '@journey',
    annotation: test.journey({
      epic,
      feature: 'Several users at once',
      story: `${CONCURRENT_RUNS}+ concurrent runs hold the SLA budgets with no cross-user delivery`,
      severity: 'blocker',
      proves: ['GP-20'],
      clauses: ['C6.3'],
    }),
  },
  async ({ protocol, users, target }) => {
    // Only configured accounts can sign in (user1..user3 on the embedded app): the runs are spread over them,
    // one socket per run, so several sockets of one user each see that user's runs, and none of another's.
    target.require('passwordLogin', 'has no password login for raw-socket clients');
    target.require('history', "has no threads API to open each run's thread");

    const sessions = await test.step(`Sign ${users.length} users in over the API`, () => Promise.all(users.map((u) => protocol.signIn(u))));

    const clients = await test.step(`${CONCURRENT_RUNS} clients connect at once, each with its own ticket`, () =>
      Promise.all(
        Array.from({ length: CONCURRENT_RUNS }, (_, i) => {
          const session = sessions[i % sessions.length]!;
          return protocol.connect(session, `client ${i + 1} (${session.user.key})`);
        }),
      ),
    );

    const threads = await test.step('Each client opens a thread of its own', async () => {
      const opened = [];
      for (const client of clients) opened.push({ client, id: (await protocol.newThread(client.session, `load ${client.label}`)).id });
      return opened;
    });

    const runs = await test.step(`All ${CONCURRENT_RUNS} clients send a question at the same moment`, () =>
      Promise.all(threads.map(({ client, id }) => protocol.run(client, id, `How much did ${client.label} spend on GPU inference?`))),
    );

    await test.step('Every run completed with an answer', async () => {
      const failed = runs.filter((r) => r.end.type === 'agent_error').map((r) => `${r.client.label}: ${JSON.stringify(r.end.payload)}`);
      expect(failed, 'runs that ended in agent_error under load').toEqual([]);
    });

    await test.step("No socket received a frame of another user's run", async () => {
      for (const client of clients) protocol.expectNoForeignFrames(client, runs);
    });

    await test.step('Each run is a valid sequence on the socket that sent it', async () => {
      for (const run of runs) protocol.expectSequenceKept(run, `${run.client.label}: run ${run.runId} broke ordering rules under load`);
    });

    await test.step('Every client connected, got its first event and its answer within budget', async () => {
      for (const run of runs) {
        await protocol.expectWithinBudgets({ connectMs: run.client.connectMs, firstEventMs: run.firstEventMs, runMs: run.runMs });
      }
    });
  },
);
