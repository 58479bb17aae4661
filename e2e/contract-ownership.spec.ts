/**
 * Every id is checked for its owner (contract §6), at protocol level: a browser UI only ever sends
 * its own ids, so a page cannot show what happens when someone names another user's thread or run.
 * On every endpoint and socket message that accepts one, another user's id must be answered exactly
 * like an id that does not exist (404 over HTTP), and nothing of the owner's may leak or change.
 *
 * The test users are shared with parallel tests: a socket of user2 also receives user2's own runs
 * started elsewhere. "Leaked" below means a frame naming the owner's thread, run or user id.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type Capability, type ProtocolSocket, type Session, type TargetApi } from '../fixtures/test';

const REQUEST = 'Show the data usage of our private project for last week';

/** What an answer says, without its ids and times: two answers that read alike are the same refusal. */
function gist(frames: Record<string, unknown>[]): string[] {
  return frames.filter((f) => f.type !== 'heartbeat').map((f) => `${String(f.type)}${f.error_code ? ` ${String(f.error_code)}` : ''}`);
}

/**
 * The frames of an answer that concern the attempt: control frames, and run frames of the owner's
 * thread or run. Runs the intruder's user has going in other tests stream to this socket too.
 */
function concerning(frames: Record<string, unknown>[], owned: { threadId: string; runId: string }): Record<string, unknown>[] {
  return frames.filter((f) => typeof f.run_id !== 'string' || f.thread_id === owned.threadId || f.run_id === owned.runId);
}

/** Frames on `socket` that name the owner's thread, run or user. */
function leaksOf(socket: ProtocolSocket, owner: { threadId: string; runId: string; userId: string }): string[] {
  return socket.frames
    .filter((f) => f.thread_id === owner.threadId || f.run_id === owner.runId || f.user_id === owner.userId || JSON.stringify(f.payload ?? {}).includes(owner.threadId))
    .map((f) => `${String(f.type)} (run ${String(f.run_id)}, thread ${String(f.thread_id)})`);
}

/** The owner's thread as the owner sees it: detail and every stored message. */
async function snapshot(api: TargetApi, owner: Session, threadId: string) {
  const thread = await api.thread(owner, threadId);
  const messages = await api.messages(owner, threadId);
  return { thread, messages: messages.messages, total: messages.total };
}

test.describe('Ownership of ids', { tag: '@isolation' }, () => {
  test(
    "protocol level: another user's thread and run ids are refused like unknown ids on every route and socket message, and nothing leaks or changes",
    {
      annotation: test.journey({
        epic: 'Isolation',
        feature: 'Ownership of ids',
        story: "Someone names another user's conversation or run in a request; they learn nothing and change nothing",
        severity: 'blocker',
        proves: ['GP-17'],
        clauses: ['C6.4', 'C6.5', 'C6.6', 'C6.7', 'C6.8', 'C6.1'],
      }),
    },
    async ({ api, protocol, users, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      target.requireSetup(users.length >= 2, 'needs two test users (E2E_USER2_*)');
      const { budgets } = protocol;
      const owner = await protocol.signIn(users[0]!);
      const intruder = await protocol.signIn(users[1]!);
      const ownThread = await protocol.newThread(owner, 'ownership: owner thread');
      const ownerClient = await protocol.connect(owner, 'owner');

      const ownerRun = await test.step("The owner runs a message in the owner's thread", () => protocol.run(ownerClient, ownThread.id, REQUEST));

      const owned = { threadId: ownThread.id, runId: ownerRun.runId, userId: owner.userId };
      const before = await snapshot(api, owner, ownThread.id);
      const unknown = { threadId: randomUUID(), runId: randomUUID() };

      await test.step("HTTP: every route that takes a thread or run id answers 404 for the owner's id, as for an unknown one", async () => {
        const routes: [string, string, (id: { threadId: string; runId: string }) => Promise<number>, Capability?][] = [
          ['C6.4', 'GET /api/threads/:id', async (id) => (await api.call('GET', `/api/threads/${id.threadId}`, { session: intruder })).status],
          ['C6.4', 'PUT /api/threads/:id', async (id) => (await api.call('PUT', `/api/threads/${id.threadId}`, { session: intruder, data: { title: 'taken over' } })).status],
          ['C6.4', 'GET /api/threads/:id/messages', async (id) => (await api.call('GET', `/api/threads/${id.threadId}/messages?limit=50&offset=0`, { session: intruder })).status],
          [
            'C6.5',
            'GET /api/runs/:run_id/events',
            async (id) => (await api.call('GET', `/api/runs/${id.runId}/events?after_seq=0`, { session: intruder })).status,
            'runEventsApi',
          ],
          [
            'C6.6',
            'POST /api/agent/v2/execute',
            async (id) =>
              (await api.call('POST', '/api/agent/v2/execute', { session: intruder, data: { request_id: randomUUID(), message: 'Read me the other thread', thread_id: id.threadId } })).status,
          ],
          ['C6.4', 'DELETE /api/threads/:id', async (id) => (await api.call('DELETE', `/api/threads/${id.threadId}`, { session: intruder })).status],
        ];
        for (const [clause, route, call, needs] of routes) {
          const check = async () => {
            expect.soft(await call(unknown), `${clause}: ${route} with an unknown id is not 404`).toBe(404);
            expect.soft(await call(owned), `${clause}: ${route} with another user's id is not 404 (never 403, never the content)`).toBe(404);
          };
          await (needs ? target.step(needs, `${route} (${clause})`, check) : check());
        }
      });

      const intruderClient = await protocol.connect(intruder, 'intruder');

      await test.step("Socket: every message that takes a thread or run id answers the owner's id as it answers an unknown one, and starts nothing", async () => {
        const messages: [string, string, (id: { threadId: string; runId: string }) => unknown, Capability?][] = [
          ['C6.7', 'user_message', (id) => ({ type: 'user_message', payload: { content: 'Read me the other thread', thread_id: id.threadId, references: [] } })],
          ['C6.7', 'start_agent', (id) => ({ type: 'start_agent', payload: { user_request: 'Read me the other thread', thread_id: id.threadId } })],
          ['C6.7', 'switch_thread', (id) => ({ type: 'switch_thread', payload: { thread_id: id.threadId } })],
          ['C6.8', 'stop_agent', (id) => ({ type: 'stop_agent', payload: { run_id: id.runId } }), 'stopAgent'],
          ['C6.8', 'resume', (id) => ({ type: 'resume', payload: { run_id: id.runId, after_seq: 0 } }), 'resume'],
        ];
        for (const [clause, type, frame, needs] of messages) {
          const check = async () => {
            const toUnknown = concerning(await intruderClient.socket.exchange(frame(unknown), budgets.firstEventMs, `${type} with an unknown id`), unknown);
            const toOwned = concerning(await intruderClient.socket.exchange(frame(owned), budgets.firstEventMs, `${type} with another user's id`), owned);
            const startedRuns = toOwned.filter((f) => typeof f.run_id === 'string').map((f) => `${String(f.type)} of run ${String(f.run_id)}`);
            expect.soft(startedRuns, `${clause}: ${type} with another user's id started or replayed a run`).toEqual([]);
            expect.soft(gist(toOwned), `${clause}: ${type} answers another user's id unlike an unknown id (it tells the id exists)`).toEqual(gist(toUnknown));
          };
          await (needs ? target.step(needs, `${type} (${clause})`, check) : check());
        }
      });

      await test.step("Nothing of the owner's reached the intruder, and the intruder's list does not hold the owner's thread", async () => {
        expect(leaksOf(intruderClient.socket, owned), "C6.3: the intruder's socket received frames of the owner's thread or run").toEqual([]);
        const listed = (await api.threads(intruder)).map((t) => t.id);
        expect(listed, "C6.1: the owner's thread is listed for the intruder").not.toContain(ownThread.id);
      });

      await test.step("The owner's thread is unchanged: same title, same messages, no run started in it", async () => {
        const after = await snapshot(api, owner, ownThread.id);
        expect(after.thread, "C6.4: the owner's thread was deleted or changed by another user").toEqual(before.thread);
        expect(after.messages, "C6.7: another user's message was stored in the owner's thread").toEqual(before.messages);
        expect(after.total, "C6.7: the owner's thread holds more messages than the owner sent").toBe(before.total);
        const otherRuns = ownerClient.socket.frames.filter((f) => f.thread_id === ownThread.id && typeof f.run_id === 'string' && f.run_id !== ownerRun.runId);
        expect(otherRuns.map((f) => String(f.type)), "C6.6: a run was started in the owner's thread by another user").toEqual([]);
      });
    },
  );

  test(
    "protocol level: another user's stop_agent or resume of a run in flight neither stops it nor receives its frames; the owner's stop_agent does stop it",
    {
      annotation: test.journey({
        epic: 'Isolation',
        feature: 'Ownership of ids',
        story: "Someone names another user's running agent to stop or follow it; the run goes on and they see none of it",
        severity: 'blocker',
        proves: ['GP-17'],
        clauses: ['C6.8', 'C3.9'],
      }),
    },
    async ({ protocol, users, target, faults }) => {
      target.require('stopAgent', 'has no stop_agent (contract ext)');
      target.requireSetup(users.length >= 2, 'needs a second test user (E2E_USER2_*)');
      const { budgets } = protocol;
      // The owner is this worker's fault user: `slow` keeps its run in flight while the intruder acts.
      const owner = await protocol.signIn(faults.actor.user);
      const intruder = await protocol.signIn(users[1]!);
      await faults.arm('slow');
      const thread = await protocol.newThread(owner, 'ownership: run in flight');
      const ownerClient = await protocol.connect(owner, 'owner');
      const intruderClient = await protocol.connect(intruder, 'intruder');
      ownerClient.socket.send({ type: 'user_message', payload: { content: REQUEST, thread_id: thread.id, references: [] } });
      const started = await ownerClient.socket.waitFor((f) => f.type === 'agent_started' && f.thread_id === thread.id, budgets.firstEventMs, "the owner's agent_started");
      const runId = String(started.run_id);
      // The run's first frame after agent_started: with `slow` it comes only after the intruder has acted.
      const afterStart = ownerClient.socket.frames.indexOf(started) + 1;

      await test.step("The intruder asks to stop and to resume the owner's run while it runs", async () => {
        const stop = await intruderClient.socket.exchange({ type: 'stop_agent', payload: { run_id: runId } }, budgets.firstEventMs, 'stop_agent of a foreign run');
        const resume = await intruderClient.socket.exchange({ type: 'resume', payload: { run_id: runId, after_seq: 0 } }, budgets.firstEventMs, 'resume of a foreign run');
        const replayed = [...stop, ...resume].filter((f) => f.run_id === runId).map((f) => String(f.type));
        expect(replayed, "C6.8: resume sent another user's run frames to the intruder").toEqual([]);
      });

      await test.step("The owner's run goes on: its next frame is no cancellation, and none of its frames reached the intruder", async () => {
        const next = await ownerClient.socket.waitFor((f) => f.run_id === runId, budgets.runMs, "the owner's next frame after the intruder's stop_agent", afterStart);
        const code = (next.payload as { error_code?: unknown } | undefined)?.error_code;
        expect(next.type === 'agent_error' ? `agent_error ${String(code)}` : 'still running', "C6.8: another user's stop_agent cancelled the owner's run").toBe(
          'still running',
        );
        expect(
          intruderClient.socket.frames.filter((f) => f.run_id === runId).map((f) => String(f.type)),
          "C6.8: the intruder's socket received frames of the owner's run",
        ).toEqual([]);
      });

      await test.step('The owner stops its own run: it ends with agent_error CANCELLED', async () => {
        ownerClient.socket.send({ type: 'stop_agent', payload: { run_id: runId } });
        const end = await ownerClient.socket.waitFor(
          (f) => f.run_id === runId && (f.type === 'agent_error' || f.type === 'final_report'),
          budgets.runMs,
          "the end of the owner's stopped run",
        );
        expect(`${String(end.type)} ${String((end.payload as { error_code?: unknown } | undefined)?.error_code ?? '')}`.trim(), 'C3.9: stop_agent did not cancel the run').toBe(
          'agent_error CANCELLED',
        );
      });
    },
  );
});
