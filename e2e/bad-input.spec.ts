/**
 * Resilience against a misbehaving client, at protocol level (a browser UI never sends these):
 * every bad frame the contract lists is answered with an `error_message`, and none of them closes
 * the socket or starts a run.
 */
import { ERROR_CODES, LIMITS } from '../contract/events';
import { expect, test } from '../fixtures/test';

const GOOD_MESSAGE = 'Which model handled most of our usage yesterday?';

test(
  'protocol level: bad client frames are answered with an error, and the socket stays open and starts no run',
  {
    tag: '@resilience',
    annotation: test.journey({
      epic: 'Resilience',
      feature: 'Bad client frames',
      story: 'A client sends garbage; it is told what was wrong and its connection keeps working',
      severity: 'normal',
      proves: ['GP-27'],
      clauses: ['C3.6', 'C3.7', 'C3.11', 'C3.12', 'C3.13', 'C3.14', 'C3.16'],
    }),
  },
  async ({ protocol, api, users, target }) => {
    target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
    const { budgets } = protocol;
    const session = await protocol.signIn(users[0]!);
    const thread = await protocol.newThread(session, 'bad client frames');
    const client = await protocol.connect(session, session.user.key);
    const { socket } = client;
    const answered = new Set<Record<string, unknown>>();

    const badFrames: [string, () => void, string, string][] = [
      ['a frame that is not JSON', () => socket.sendText('{"type": "user_message", '), ERROR_CODES.jsonParse, 'C3.11'],
      ['a frame of an unknown type', () => socket.send({ type: 'no_such_frame', payload: {} }), ERROR_CODES.unknownType, 'C3.12'],
      ['an empty message', () => socket.send({ type: 'user_message', payload: { content: '   ', thread_id: thread.id } }), ERROR_CODES.invalidMessage, 'C3.13'],
      [
        `a message over ${LIMITS.maxMessageChars} characters`,
        () => socket.send({ type: 'user_message', payload: { content: 'a'.repeat(LIMITS.maxMessageChars + 1), thread_id: thread.id } }),
        ERROR_CODES.invalidMessage,
        'C3.14',
      ],
    ];
    for (const [what, send, code, clause] of badFrames) {
      await test.step(`Sending ${what} is answered with error_message ${code}`, async () => {
        send();
        const error = await socket.waitFor((f) => f.type === 'error_message' && !answered.has(f), budgets.firstEventMs, `${clause}: error_message for ${what}`);
        answered.add(error);
        expect(error.error_code, `${clause}: ${what} was answered with the wrong error code`).toBe(code);
        const sincePing = socket.frames.length;
        socket.send({ type: 'ping', payload: { timestamp: new Date().toISOString() } });
        await socket.waitFor((f) => f.type === 'pong', budgets.firstEventMs, `C3.16: pong after ${what} (no bad frame may close the socket or stop it answering ping, C3.7)`, sincePing);
      });
    }

    await test.step('The socket is still open and answers a ping with a pong carrying its timestamp', async () => {
      const timestamp = new Date().toISOString();
      const sincePing = socket.frames.length;
      socket.send({ type: 'ping', payload: { timestamp } });
      const pong = await socket.waitFor((f) => f.type === 'pong', budgets.firstEventMs, 'pong after the bad frames (C3.7, C3.16: the socket stays open and answers ping)', sincePing);
      expect(pong.payload, 'C3.7: the pong did not echo the ping timestamp').toEqual(expect.objectContaining({ timestamp }));
      expect(socket.closeCode, `C3.16: a bad frame closed the socket (close ${socket.closeCode})`).toBeUndefined();
    });

    await test.step('A good message on the same socket still runs, and the thread saw only its run', async () => {
      const { end } = await protocol.run(client, thread.id, GOOD_MESSAGE);
      expect(end.type, 'the good message after the bad frames failed').not.toBe('agent_error');
      const runs = new Set(socket.frames.filter((f) => f.thread_id === thread.id && typeof f.run_id === 'string').map((f) => f.run_id));
      expect(runs.size, 'a bad frame started a run: the thread saw more than one run').toBe(1);
    });

    await target.step('history', 'The thread holds only the good message and its answer', async () => {
      const stored = await api.messages(session, thread.id);
      expect(stored.messages.map((m) => m.role), 'a bad frame was stored as a message').toEqual(['user', 'assistant']);
      expect(stored.messages[0]?.content, 'the stored user message is not the good one').toBe(GOOD_MESSAGE);
    });
  },
);
