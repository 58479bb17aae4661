/**
 * Fidelity of what is kept: whatever a user sends and reads comes back unchanged — through the
 * history API and on the page after a reload — across the whole range of text a person can type,
 * and in threads longer than one page of history.
 *
 * The byte-for-byte comparison of what was stored is made at protocol level: the page renders text
 * through layout (whitespace, bidi), so only the messages API shows the stored bytes. Texts with
 * leading or trailing blanks are sent over the socket, since a UI may trim what is typed before it
 * sends it; the browser test then checks that what the UI did send is what it shows after a reload.
 */
import { LIMITS } from '../contract/events';
import { expect, test } from '../fixtures/test';

/** What people type: each must be stored and read back exactly as sent. */
export const TYPED_TEXTS: readonly [string, string][] = [
  ['accents and punctuation', 'Grüße aus Zürich — naïve café, «quotes», ‘single’ … ¿qué? 50 % off'],
  ['emoji with skin tones, flags and joiners', 'Deploy 🚀 by 👩🏽‍💻 and 👨‍👩‍👧‍👦, cost up 📈 🇩🇪🇯🇵 ❤️‍🔥 ok 👍🏿'],
  ['right-to-left text mixed with left-to-right', 'مرحبا، ما هي تكلفة GPU؟ שלום, what did "gpt-4o" cost? ‏123‎'],
  ['combining marks that normalisation would change', 'e\u0301 is not \u00e9; A\u030a ohm \u2126 ﬁ ligature; Z\u0351\u0362a\u0310lgo'],
  ['whitespace runs, tabs and blank lines', 'cost\tby\t\tteam:\n\n  gpu    100\n  cpu\u00a0\u00a050\r\n\r\nend'],
  ['leading and trailing blanks', '   padded question about usage \t \n '],
  ['markdown and HTML-like text', '**bold** _it_ `code` <script>alert(1)</script> &amp; &lt;b&gt; <b>x</b> [a](javascript:x)'],
  ['JSON and escapes', '{"type":"user_message","payload":{}} \\n \\u0000 "quoted" \u2028 line\u2029para \u200b\u200d zero-width'],
  [`exactly the ${LIMITS.maxMessageChars}-character limit`, `Usage report: ${'ab cd—é🙂 '.repeat(2000)}`.slice(0, LIMITS.maxMessageChars)],
];

test(
  'protocol level: every kind of text a user types is stored byte for byte and read back the same, page by page',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic: 'Pipeline',
      feature: 'Message storage',
      story: 'A user writes in any language, with emoji, code or blank lines; the conversation keeps every character',
      severity: 'critical',
      proves: ['GP-09'],
      clauses: ['C3.R6', 'C3.6', 'C3.14', 'C2.24', 'C2.25', 'C4.16'],
    }),
  },
  async ({ api, protocol, users, target }) => {
    target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
    target.require('history', 'has no messages API');
    const session = await protocol.signIn(users[0]!);
    const thread = await protocol.newThread(session, 'fidelity of typed text');
    const client = await protocol.connect(session, session.user.key);
    const sent: { role: 'user' | 'assistant'; content: string }[] = [];
    for (const [what, text] of TYPED_TEXTS) {
      await test.step(`Send ${what} (${text.length} characters); the run answers`, async () => {
        const since = client.socket.frames.length;
        const run = await protocol.run(client, thread.id, text).catch((error: Error) => {
          const refusal = client.socket.frames.slice(since).find((f) => f.type === 'error_message');
          throw new Error(`C3.6/C3.14: the message with ${what} did not run${refusal ? ` (refused: ${String(refusal.error_code)} ${String(refusal.error_message)})` : ''}: ${error.message}`);
        });
        expect(run.end.type, `C3.6: the message with ${what} was not answered`).not.toBe('agent_error');
        const answer = protocol.answer(run);
        expect(answer, `C3.R4: the run for ${what} carried no final_response`).toBeTruthy();
        sent.push({ role: 'user', content: text }, { role: 'assistant', content: answer! });
      });
    }

    const whole = await test.step('The history holds every message as sent, byte for byte, oldest first', async () => {
      const page = await api.messages(session, thread.id, { limit: 50, offset: 0 });
      expect(page.total, 'C2.24: total is not the number of messages stored').toBe(sent.length);
      const stored = page.messages.map((m) => ({ role: m.role, content: m.content }));
      for (const [i, expected] of sent.entries()) {
        const got = stored[i];
        expect(got?.role, `C3.R6: message ${i + 1} is missing or out of order`).toBe(expected.role);
        const what = expected.role === 'user' ? `the user message "${TYPED_TEXTS[i / 2]![0]}"` : `the answer to "${TYPED_TEXTS[(i - 1) / 2]![0]}"`;
        expect(Buffer.from(got?.content ?? '', 'utf8').toString('hex'), `C3.R6: ${what} was not stored byte for byte (the stored bytes differ from the sent ones)`).toBe(
          Buffer.from(expected.content, 'utf8').toString('hex'),
        );
      }
      return page.messages;
    });

    await test.step('Read a page at a time (limit 4), the pages together are the whole thread, each message once, in order', async () => {
      const pages = await api.allMessages(session, thread.id, 4);
      expect(pages.length, 'C2.25: a thread of more than one page came back as one page (limit ignored)').toBeGreaterThan(1);
      for (const [i, page] of pages.entries()) {
        expect(page.messages.length, `C2.25: page ${i + 1} holds more than limit=4 messages`).toBeLessThanOrEqual(4);
        expect({ limit: page.limit, offset: page.offset }, `C2.24: page ${i + 1} does not echo its limit and offset`).toEqual({ limit: 4, offset: i * 4 });
      }
      expect(
        pages.flatMap((p) => p.messages.map((m) => m.id)),
        'C2.25: the pages put together are not the whole thread once, in order (offset ignored, overlap or gap)',
      ).toEqual(whole.map((m) => m.id));
    });

    await test.step('Without limit and offset the history gives its default page (limit 50, offset 0)', async () => {
      const response = await api.call('GET', `/api/threads/${thread.id}/messages`, { session });
      const body = response.body as { limit?: unknown; offset?: unknown; messages?: unknown[] };
      expect({ status: response.status, limit: body.limit, offset: body.offset }, 'C2.25: the default page is not limit=50, offset=0').toEqual({
        status: 200,
        limit: 50,
        offset: 0,
      });
    });
  },
);

/** Typed in the browser: no leading or trailing blanks (a UI may trim them), everything else. */
const TYPED_IN_THE_UI = 'Grüße 👩🏽‍💻 مرحبا שלום e\u0301\tcost  by\tteam\n\nline   two <b>not bold</b> **md** 🇯🇵';

test(
  'what a user typed and the answer they read come back unchanged after a reload',
  {
    tag: '@pipeline',
    annotation: test.journey({
      epic: 'Pipeline',
      feature: 'Message storage',
      story: 'A user writes in several scripts with emoji and blank lines, reloads, and reads the same conversation',
      severity: 'critical',
      proves: ['GP-09'],
      clauses: ['C4.16', 'C3.R6', 'C4.15'],
    }),
  },
  async ({ me, target, api }) => {
    const { chat } = me;
    await chat.open();
    const run = await me.ask(TYPED_IN_THE_UI);
    const answer = me.finalResponse(run) ?? run.answer ?? '';

    const shown = async () => {
      await expect(chat.messages.user.last(), 'C4.16: the message the user typed is not shown').toBeVisible();
      await expect(chat.messages.lastAssistant, 'C4.16: the answer is not shown').toBeVisible();
      return {
        user: await chat.messages.user.last().evaluate((el) => el.textContent ?? ''),
        assistant: await chat.messages.lastAssistant.evaluate((el) => el.textContent ?? ''),
      };
    };

    await test.step('Before the reload the page shows the text as typed and the answer as sent', async () => {
      await chat.expectRunFinished(run.answer!);
      expect(await shown(), 'C4.16: the page does not show the typed text or the answer character for character').toEqual({ user: TYPED_IN_THE_UI, assistant: answer });
    });

    await test.step('After a reload the page shows exactly the same text', async () => {
      await chat.reload();
      await expect(chat.messages.user, 'C4.16: the conversation did not come back after the reload').toHaveCount(1);
      await expect(chat.messages.assistant, 'C4.16: the answer did not come back after the reload').toHaveCount(1);
      expect(await shown(), 'C4.16: after a reload the page shows the typed text or the answer changed').toEqual({ user: TYPED_IN_THE_UI, assistant: answer });
    });

    await target.step('history', 'Protocol level: the stored messages are the typed text and the answer, byte for byte', async () => {
      const stored = await api.messages(await me.session(), run.threadId);
      expect(stored.messages.map((m) => m.content), 'C3.R6: what was stored differs from what was typed and answered').toEqual([TYPED_IN_THE_UI, answer]);
    });
  },
);
