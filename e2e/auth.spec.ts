/**
 * Authentication and secrets: bad credentials and signed-out visitors are kept out, logging out
 * really ends the session, socket tickets work once only, and no secret ends up in what a run
 * leaves behind for the report.
 *
 * Sign-in and logout journeys run in FRESH browser contexts: logging out revokes the session, and
 * the shared signed-in state of user1 must stay valid for the tests running next to this one.
 */
import { expect, test } from '../fixtures/test';

/** Protocol level: POST /auth/refresh must refuse the token with a 4xx; `why` names the defect when it does not. */
async function expectRefreshRefused(refreshStatus: Promise<number>, why: string) {
  const status = await refreshStatus;
  expect(status, why).toBeGreaterThanOrEqual(400);
  expect(status, 'POST /auth/refresh broke (5xx) instead of refusing the token').toBeLessThan(500);
}

const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

test.describe('Authentication', { tag: '@auth' }, () => {
  test.describe('signed out', () => {
    // A fresh browser with no session: logging out must not end the shared signed-in state of user1.
    test.use({ signedInAs: null });

    test(
      'a wrong password is refused with an alert and no session',
      {
        annotation: test.journey({
          epic: 'Authentication',
          feature: 'Sign in',
          story: 'Someone types a wrong password: they are told so and stay signed out',
          severity: 'blocker',
          proves: ['GP-21'],
          clauses: ['C4.2', 'C2.8'],
        }),
      },
      async ({ me, users, api, target }) => {
        target.require('passwordLogin', 'has no password sign-in');
        const user = users.find((u) => u.key === 'user2') ?? users[0]!;

        await test.step(`Sign in as ${user.key} with a wrong password`, () => me.login.attemptSignIn(user.email, `wrong-${crypto.randomUUID()}`));

        await test.step('The login page says no, and stays on /login', async () => {
          await me.login.expectRefused();
          await me.screenshot('wrong password refused');
        });

        await test.step('No token was stored in the browser', async () => {
          const tokens = await me.storedTokens();
          expect(tokens.access, 'an access token was stored after a refused sign-in').toBeNull();
          expect(tokens.refresh, 'a refresh token was stored after a refused sign-in').toBeNull();
        });

        // Also resets the target's failed-login counter, so repeated runs never lock the shared user out.
        await test.step(`Protocol level: ${user.key}'s right password still signs in`, () => api.login(user));
      },
    );

    test(
      'a signed-out visit to /chat lands on /login',
      {
        annotation: test.journey({
          epic: 'Authentication',
          feature: 'Auth guard',
          story: 'Someone who is not signed in opens a chat link and is sent to sign in',
          severity: 'blocker',
          proves: ['GP-22'],
          clauses: ['C4.1'],
        }),
      },
      async ({ me }) => {
        await test.step('Open /chat without being signed in: the login page shows', async () => {
          await me.chat.open();
          await me.login.expectShown('C4.1: a signed-out visit to /chat must land on the login page');
          await me.screenshot('signed-out visit redirected to login');
        });

        await test.step('Open a conversation link without being signed in: the login page shows', async () => {
          await me.chat.open(`thread-${crypto.randomUUID()}`);
          await me.login.expectShown('C4.1: a signed-out visit to a conversation link must land on the login page');
        });
      },
    );

    test(
      'logging out ends the session: back to login, and the old tokens are refused',
      {
        annotation: test.journey({
          epic: 'Authentication',
          feature: 'Logout',
          story: 'A user logs out on a shared machine; nobody can carry on with their session',
          severity: 'blocker',
          proves: ['GP-23'],
          clauses: ['C2.14', 'C4.3'],
        }),
      },
      async ({ me, users, api, target }) => {
        target.require('passwordLogin', 'has no password sign-in for a fresh session');
        const user = users.find((u) => u.key === 'user2') ?? users[0]!;

        await test.step(`Sign in as ${user.key} through the login page`, async () => {
          await me.signIn(user);
          await me.chat.expectSignedInAs(user.email);
        });

        const tokens = await test.step('The signed-in page holds its tokens', async () => {
          const stored = await me.storedTokens();
          expect(stored.access, 'the signed-in page holds no access token').toBeTruthy();
          expect(stored.refresh, 'the signed-in page holds no refresh token').toBeTruthy();
          return { access: stored.access!, refresh: stored.refresh! };
        });

        await test.step('Log out from the header: the login page shows', async () => {
          await me.chat.signOut();
          await me.login.expectShown('logging out from the header must land on the login page');
          await me.screenshot('after logout');
        });

        await test.step('Opening /chat again lands on /login', async () => {
          await me.chat.open();
          await me.login.expectShown('C4.1: after logout, a visit to /chat must land on the login page');
        });

        await test.step('Protocol level: the old refresh token is refused by /auth/refresh', async () => {
          await expectRefreshRefused(api.refreshStatus(tokens.refresh), 'the refresh token still works after logout: the session was not revoked');
        });

        await test.step('Protocol level: the old access token is refused by the API', async () => {
          expect(await api.meStatus(tokens.access), 'the access token still works after logout').toBe(401);
        });
      },
    );
  });

  test(
    'protocol level: a refresh gives a new token pair and the spent refresh token is refused',
    {
      annotation: test.journey({
        epic: 'Authentication',
        feature: 'Token refresh',
        story: 'A copied refresh token stops working once the app has used it',
        severity: 'critical',
        proves: ['GP-26'],
        clauses: ['C2.13'],
      }),
    },
    async ({ api, users, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      const session = await api.login(users[0]!);
      let accessToken = session.accessToken;
      try {
        const renewed = await test.step('Refresh the session: a new pair comes back', async () => {
          const pair = await api.refresh(session.refreshToken);
          accessToken = pair.access_token;
          expect(pair.refresh_token, 'the refresh answered with the same refresh token: tokens do not rotate').not.toBe(session.refreshToken);
          return pair;
        });

        await test.step('The spent refresh token is refused', async () => {
          await expectRefreshRefused(api.refreshStatus(session.refreshToken), 'a spent refresh token gave new tokens again: refresh tokens are not single-use');
        });

        await test.step('The new tokens work: the access token is accepted and the refresh token refreshes once more', async () => {
          expect(await api.meStatus(renewed.access_token), 'the access token from a refresh is refused by GET /auth/me').toBe(200);
          accessToken = (await api.refresh(renewed.refresh_token)).access_token;
        });
      } finally {
        await api.logout(accessToken);
      }
    },
  );

  test(
    'protocol level: a used or unknown WebSocket ticket is refused with AUTH_FAILED and close 1008',
    {
      annotation: test.journey({
        epic: 'Authentication',
        feature: 'WebSocket tickets',
        story: 'Someone replays a socket URL they saw; the ticket no longer opens anything',
        severity: 'blocker',
        proves: ['GP-24'],
        clauses: ['C3.1', 'C2.18'],
      }),
    },
    async ({ api, config, users, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      const { budgets } = config;
      const session = await api.login(users[0]!);
      const ticket = await api.ticket(session);

      const first = await api.connect(ticket.ticket_id);

      await test.step('The ticket opens one socket', async () => {
        await first.waitFor((f) => f.type === 'connection_established', budgets.connectMs, 'connection_established with a fresh ticket');
      });

      for (const [what, ticketId] of [
        ['the same ticket again', ticket.ticket_id],
        ['an unknown ticket', `unknown-${crypto.randomUUID()}`],
      ] as const) {
        await test.step(`Connecting with ${what} is refused: error_message AUTH_FAILED, then close 1008`, async () => {
          const refused = await api.connect(ticketId);
          const error = await refused.waitFor((f) => f.type === 'error_message' || f.type === 'connection_established', budgets.connectMs, 'an answer to the socket');
          expect(error.type, `C3.1: ${what} opened a socket`).toBe('error_message');
          expect(error.error_code, `C3.1: ${what} was refused with the wrong error code`).toBe('AUTH_FAILED');
          expect(await refused.closed, `C3.1: ${what} was not closed with 1008 (policy violation)`).toBe(1008);
        });
      }
      first.close();
    },
  );

  test(
    'no password, token or ticket appears in the run evidence or on the page',
    {
      annotation: test.journey({
        epic: 'Authentication',
        feature: 'Secrets',
        story: 'A release engineer shares the report of a run; it hands out no credentials',
        severity: 'blocker',
        proves: ['GP-25'],
        clauses: [],
      }),
    },
    async ({ me, profile }) => {
      const { chat, page, user } = me;
      const socketUrls: string[] = [];
      page.on('websocket', (ws) => {
        if (profile.isChatSocket(ws.url())) socketUrls.push(ws.url());
      });

      await chat.open();
      await me.ask('Show our inference latency by region for last week');

      const secrets = await test.step('Collect the real secrets of this session', async () => {
        const tokens = await me.storedTokens();
        const tickets = socketUrls.map((url) => new URL(url).searchParams.get('ticket')).filter((t): t is string => Boolean(t));
        expect(tokens.access, 'the page holds no access token to look for').toBeTruthy();
        expect(tickets.length, 'no socket URL with a ticket was seen').toBeGreaterThan(0);
        return [
          { what: 'the password', value: user.password },
          { what: 'the access token', value: tokens.access! },
          ...[tokens.refresh].filter((value): value is string => Boolean(value)).map((value) => ({ what: 'the refresh token', value })),
          ...tickets.map((value) => ({ what: 'a socket ticket', value })),
        ];
      });

      const evidence = await test.step('Gather what the report and the screen show', async () => {
        const attributes = await page
          .locator('[alt], [title], [aria-label]')
          .evaluateAll((elements) =>
            elements.flatMap((e) => ['alt', 'title', 'aria-label'].map((name) => e.getAttribute(name) ?? '')).join('\n'),
          );
        const frameEvidence = me.frameEvidence();
        return [
          { where: 'the frame evidence (ws-frames.json)', text: frameEvidence.json },
          { where: 'the frame timeline (ws-timeline.txt)', text: frameEvidence.text },
          { where: 'the frame timeline picture (ws-timeline.html)', text: frameEvidence.html },
          { where: 'the visible page text', text: await page.locator('body').innerText() },
          { where: 'alt / title / aria-label attributes', text: attributes },
          { where: 'the page URL and title', text: `${page.url()}\n${await page.title()}` },
        ];
      });

      for (const { where, text } of evidence) {
        await test.step(`No secret in ${where}`, async () => {
          const found = secrets.filter((s) => text.includes(s.value)).map((s) => s.what);
          expect(found, `${where} contains ${found.join(', ')}`).toEqual([]);
          expect(JWT.exec(text)?.[0].slice(0, 12), `${where} contains a JWT`).toBeUndefined();
        });
      }
    },
  );
});
