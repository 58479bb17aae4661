/**
 * Isolation: users working at the same moment never see each other's frames or content, another
 * user's thread is simply not there, and one user's tabs all follow the same run.
 *
 * The test users are shared with parallel tests, so a page may also receive the frames of other
 * runs of ITS OWN user: "own" below means the user_id the page's connection_established named.
 */
import { expect, test } from '../fixtures/test';

/** A word no other test sends, so a leak of this request anywhere is unmistakable. */
const uniqueWord = (key: string) => `${key}marker${crypto.randomUUID().slice(0, 6)}`;

test.describe('Isolation', { tag: '@isolation' }, () => {
  test(
    'users sending at the same moment each see only their own frames and content',
    {
      annotation: test.journey({
        epic: 'Isolation',
        feature: 'Concurrent users',
        story: 'Several users chat at the same moment; each sees only their own conversation',
        severity: 'blocker',
        proves: ['GP-17'],
        clauses: ['C6.3', 'C3.R5'],
      }),
    },
    async ({ me, openAs, config, users, target }) => {
      const { isolationUsers } = config;
      target.requireSetup(
        users.length >= isolationUsers,
        `E2E_ISOLATION_USERS asks for ${isolationUsers} users but only ${users.length} are configured (E2E_USER*, E2E_EXTRA_USERS)`,
      );
      const actors = [me, ...(await Promise.all(users.slice(1, isolationUsers).map((u) => openAs(u.key))))];
      const words = actors.map((a) => uniqueWord(a.user.key));
      const requests = words.map((word) => `Show the data usage costs of project ${word} for last week`);

      const ownIds = await Promise.all(actors.map((a) => a.openAndIdentify()));

      await test.step('Each user is connected as a different user id', async () => {
        expect(new Set(ownIds).size, `two of ${actors.length} users were connected as the same user id`).toBe(actors.length);
      });

      const runs = await test.step(`All ${actors.length} users send a message at the same moment`, async () => {
        const started = await Promise.all(actors.map((a, i) => a.send(requests[i]!)));
        return Promise.all(actors.map((a, i) => a.awaitRun(started[i]!)));
      });

      for (const [i, actor] of actors.entries()) {
        const { chat, frames, page, user } = actor;
        const otherRunIds = runs.filter((_, j) => j !== i).map((r) => r.runId);
        const otherWords = words.filter((_, j) => j !== i);

        await test.step(`${user.key} received only frames of its own user and none of the others' runs`, async () => {
          const foreign = frames
            .runFrames()
            .filter((f) => f.user_id !== ownIds[i])
            .map((f) => `${f.type} of run ${f.run_id} for user ${f.user_id}`);
          expect(foreign, `C6.3: ${user.key} received frames of another user`).toEqual([]);
          const sockets = frames.sockets.map((s) => s.ownerUserId);
          expect(sockets.filter((owner) => owner !== ownIds[i]), `${user.key}'s page was connected as another user`).toEqual([]);
          const leaked = frames.runIds().filter((runId) => otherRunIds.includes(runId));
          expect(leaked, `C6.3: ${user.key} received frames of another user's run`).toEqual([]);
        });

        await test.step(`${user.key}'s thread shows exactly its own request and answer`, async () => {
          await actor.expectAnswer(runs[i]!);
          await chat.messages.expectConversation(requests[i]!, runs[i]!.answer!);
          await expect(chat.messages.all, `${user.key}'s thread shows messages that are not its own`).toHaveCount(2);
        });

        await test.step(`${user.key}'s page shows nothing of the other users`, async () => {
          for (const word of otherWords) {
            await expect(page.locator('body'), `${user.key}'s page shows another user's message (${word})`).not.toContainText(word);
          }
          await actor.screenshot(`${user.key} after the concurrent runs`);
        });
      }
    },
  );

  test(
    "another user's thread URL is not found, in the UI and at protocol level",
    {
      annotation: test.journey({
        epic: 'Isolation',
        feature: 'Thread access',
        story: "A user opens a link to someone else's conversation and finds nothing",
        severity: 'blocker',
        proves: ['GP-17'],
        clauses: ['C6.4', 'C6.1'],
      }),
    },
    async ({ me, openAs, api, users, target }) => {
      const word = uniqueWord('owner');
      const request = `Show the latency of project ${word} this month`;

      await me.chat.open();
      const run = await me.ask(request);

      const other = await openAs('user2');

      await test.step("user2 opens user1's thread URL and is told it does not exist", async () => {
        await other.chat.open(run.threadId);
        await other.chat.expectThreadNotFound(run.threadId).catch((error: Error) => {
          throw new Error(`C6.4: another user's thread must be not found: ${error.message}`);
        });
        await expect(other.page.locator('body'), "C6.4: user2's page shows user1's conversation").not.toContainText(word);
        await other.screenshot("user2 on user1's thread URL");
      });

      await test.step("Protocol level: as user2, user1's thread is 404 to read, list, rename and delete (never 403, never the content)", async () => {
        const session = await api.login(users.find((u) => u.key === 'user2')!);
        expect(await api.thread(session, run.threadId), "C6.4: user1's thread was not 404 for user2").toBe(404);
        expect(await api.messagesStatus(session, run.threadId), "C6.4: user1's messages were not 404 for user2").toBe(404);
        const listed = (await api.threads(session)).map((t) => t.id);
        expect(listed, "C6.1: user1's thread is listed for user2").not.toContain(run.threadId);
        expect(await api.renameThreadStatus(session, run.threadId, `renamed by user2 ${word}`), "C6.4: user2's rename of user1's thread was not 404").toBe(404);
        expect(await api.deleteThread(session, run.threadId), "C6.4: user2's delete of user1's thread was not 404").toBe(404);
      });

      await test.step("Protocol level: user1's thread is untouched", async () => {
        const owner = await me.session();
        const kept = await api.thread(owner, run.threadId);
        expect(kept, "C6.4: user1's thread is gone after user2 tried to delete it").toEqual(expect.objectContaining({ id: run.threadId }));
        expect(kept, "C6.4: user2 renamed user1's thread").not.toEqual(expect.objectContaining({ title: expect.stringContaining('renamed by user2') }));
      });

      await target.step('history', "Protocol level: user1's thread still holds both its messages", async () => {
        const stored = await api.messages(await me.session(), run.threadId);
        expect(stored.messages.map((m) => m.role), "C6.4: user1's thread lost messages").toEqual(['user', 'assistant']);
      });
    },
  );

  test(
    "protocol level: each user's raw socket carries only its own run's frames",
    {
      annotation: test.journey({
        epic: 'Isolation',
        feature: 'Concurrent users',
        story: 'Two users run agents at the same moment over raw sockets; no frame crosses over',
        severity: 'blocker',
        proves: ['GP-17'],
        clauses: ['C6.3', 'C3.2'],
      }),
    },
    async ({ protocol, users, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      const open = async (user: (typeof users)[number]) => {
        const session = await protocol.signIn(user);
        const thread = await protocol.newThread(session, `isolation ${uniqueWord(user.key)}`);
        const client = await protocol.connect(session, user.key);
        expect(client.ownerUserId, `${user.key}'s socket was opened for another user`).toBe(session.userId);
        return { session, client, threadId: thread.id };
      };

      const opened = await test.step('Both users sign in over the API and open a socket each, with a thread each', async () => [
        await open(users[0]!),
        await open(users[1]!),
      ]);

      const runIds = await test.step('Both users start a run at the same moment, and both runs end', async () => {
        const runs = await Promise.all(opened.map(({ client, threadId }) => protocol.run(client, threadId, 'Show our token usage by team')));
        return runs.map((r) => r.runId);
      });

      for (const [i, { session, client }] of opened.entries()) {
        await test.step(`${session.user.key}'s socket carried only its own user's frames and none of the other run`, async () => {
          const runFrames = protocol.frames(client).filter((f) => typeof f.run_id === 'string');
          const foreign = runFrames.filter((f) => f.user_id !== session.userId).map((f) => `${String(f.type)} of run ${String(f.run_id)}`);
          expect(foreign, `C6.3: ${session.user.key}'s socket received frames of another user`).toEqual([]);
          const otherRun = runIds[1 - i];
          expect(
            runFrames.filter((f) => f.run_id === otherRun).map((f) => String(f.type)),
            `${session.user.key}'s socket received frames of the other user's run ${otherRun}`,
          ).toEqual([]);
          expect(runFrames.filter((f) => f.run_id === runIds[i]).length, `${session.user.key}'s socket missed its own run`).toBeGreaterThan(0);
        });
      }
    },
  );

  test(
    'one user in two tabs gets the run live in both',
    {
      annotation: test.journey({
        epic: 'Isolation',
        feature: 'Several tabs',
        story: 'A user keeps the conversation open in two tabs; a run started in one streams into the other',
        severity: 'normal',
        proves: ['GP-18'],
        clauses: ['C3.3'],
      }),
    },
    // `openAs` before `me`: the second tab shares me's browser context, which openAs closes when
    // it is torn down; fixtures tear down in reverse order, so me cleans up its thread first.
    async ({ openAs, me }) => {
      await me.chat.open();
      const first = await me.ask('Show our GPU usage for last month');

      const secondTab = await openAs('user1', { sameContextAs: me });

      await test.step('The same thread is opened in a second tab', async () => {
        await secondTab.chat.open(first.threadId);
        await secondTab.chat.expectConnected();
        // Opened after the run: the tab reads the thread back from history.
        await secondTab.chat.messages.expectConversation('Show our GPU usage for last month', first.storedAnswer!);
      });

      const run = await me.ask('How can we reduce that usage cost next month');
      await me.expectValidRun(run);

      await test.step('The second tab received every frame of the run, as it happened', async () => {
        await secondTab.frames.waitForRunEnd(run.runId, me.budgets.runMs);
        const frameKeys = (actor: typeof me) => actor.frames.runFrames(run.runId).map((f) => `${String(f.seq)} ${f.type} ${f.agent_name}`);
        expect(frameKeys(secondTab), 'C3.3: the second tab did not receive the same frames of the run as the first').toEqual(frameKeys(me));
        const replays = secondTab.frames.frames.filter(
          (f) => f.direction === 'out' && f.canonical?.type === 'resume' && JSON.stringify(f.canonical).includes(run.runId),
        );
        expect(replays, 'the second tab had to ask for the run (resume) instead of receiving it live').toHaveLength(0);
      });

      await test.step('The second tab shows the answer', async () => {
        await expect(secondTab.chat.messages.lastAssistant, 'the second tab does not show the answer of the run').toHaveText(run.answer!);
        await secondTab.chat.thinking.expectGone();
        await secondTab.screenshot('second tab after the run');
      });
    },
  );
});
