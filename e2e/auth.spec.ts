/**
 * Authentication and secrets: bad credentials and signed-out visitors are kept out, logging out
 * really ends the session, socket tickets work once only, and no secret ends up in what a run
 * leaves behind for the report.
 *
 * Sign-in and logout journeys run in FRESH browser contexts: logging out revokes the session, and
 * the shared signed-in state of user1 must stay valid for the tests running next to this one.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import type { SuiteConfig } from '../config/env';
import { journey } from '../harness/evidence/annotations';
import { screenshot } from '../harness/evidence/attachments';
import { sendAndAwaitRun } from '../harness/journey/run-journey';
import { renderTimelineHtml } from '../harness/evidence/timeline-html';
import { renderTimelineText } from '../harness/evidence/timeline-text';
import { expect, test } from '../fixtures/test';
import type { TargetApi } from '../harness/api/target-api';
import { ChatPage } from '../pages/ChatPage';
import { LoginPage } from '../pages/LoginPage';
import type { TargetProfile } from '../profiles/types';

/** A browser with no session at all. */
async function signedOutBrowser(browser: Browser, config: SuiteConfig, profile: TargetProfile) {
  const context = await browser.newContext({ baseURL: config.baseURL });
  await profile.prepareSignedOut?.(context);
  const page = await context.newPage();
  return { context, page, loginPage: new LoginPage(page, profile), chat: new ChatPage(page, profile, config.readyTimeoutMs) };
}

/** The tokens the signed-in page keeps (contract: localStorage `jwt_token` / `refresh_token`, as Netra). */
async function storedTokens(page: Page) {
  return page.evaluate(() => ({ access: localStorage.getItem('jwt_token'), refresh: localStorage.getItem('refresh_token') }));
}

/** Protocol level: POST /auth/refresh must refuse the token with a 4xx; `why` names the defect when it does not. */
async function expectRefreshRefused(api: TargetApi, refreshToken: string, why: string) {
  const status = await api.refreshStatus(refreshToken);
  expect(status, why).toBeGreaterThanOrEqual(400);
  expect(status, 'POST /auth/refresh broke (5xx) instead of refusing the token').toBeLessThan(500);
}

const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

test.describe('Authentication', { tag: '@auth' }, () => {
  test(
    'a wrong password is refused with an alert and no session',
    {
      annotation: journey({
        epic: 'Authentication',
        feature: 'Sign in',
        story: 'Someone types a wrong password: they are told so and stay signed out',
        severity: 'blocker',
        proves: ['GP-21'],
        clauses: ['C4.2', 'C2.8'],
      }),
    },
    async ({ browser, config, profile, users, api }) => {
      test.skip(!profile.capabilities.passwordLogin, `target profile "${profile.name}" has no password sign-in`);
      const user = users.find((u) => u.key === 'user2') ?? users[0]!;
      const visitor = await signedOutBrowser(browser, config, profile);
      try {
        await test.step(`Sign in as ${user.key} with a wrong password`, () =>
          visitor.loginPage.attemptSignIn(user.email, `wrong-${randomBytes(6).toString('hex')}`),
        );

        await test.step('The login page says no, and stays on /login', async () => {
          await visitor.loginPage.expectRefused();
          await screenshot(visitor.page, 'wrong password refused');
        });

        await test.step('No token was stored in the browser', async () => {
          const tokens = await storedTokens(visitor.page);
          expect(tokens.access, 'an access token was stored after a refused sign-in').toBeNull();
          expect(tokens.refresh, 'a refresh token was stored after a refused sign-in').toBeNull();
        });

        // Also resets the target's failed-login counter, so repeated runs never lock the shared user out.
        await test.step(`Protocol level: ${user.key}'s right password still signs in`, () => api.login(user));
      } finally {
        await visitor.context.close();
      }
    },
  );

  test(
    'a signed-out visit to /chat lands on /login',
    {
      annotation: journey({
        epic: 'Authentication',
        feature: 'Auth guard',
        story: 'Someone who is not signed in opens a chat link and is sent to sign in',
        severity: 'blocker',
        proves: ['GP-22'],
        clauses: ['C4.1'],
      }),
    },
    async ({ browser, config, profile }) => {
      const visitor = await signedOutBrowser(browser, config, profile);
      try {
        await test.step('Open /chat without being signed in: the login page shows', async () => {
          await visitor.chat.open();
          await visitor.loginPage.expectShown();
          await screenshot(visitor.page, 'signed-out visit redirected to login');
        });

        await test.step('Open a conversation link without being signed in: the login page shows', async () => {
          await visitor.chat.open(`thread-${randomBytes(8).toString('hex')}`);
          await visitor.loginPage.expectShown();
        });
      } finally {
        await visitor.context.close();
      }
    },
  );

  test(
    'logging out ends the session: back to login, and the old tokens are refused',
    {
      annotation: journey({
        epic: 'Authentication',
        feature: 'Logout',
        story: 'A user logs out on a shared machine; nobody can carry on with their session',
        severity: 'blocker',
        proves: ['GP-23'],
        clauses: ['C2.14', 'C4.3'],
      }),
    },
    async ({ browser, config, profile, users, api, request }) => {
      test.skip(!profile.capabilities.passwordLogin, `target profile "${profile.name}" has no password sign-in for a fresh session`);
      const user = users.find((u) => u.key === 'user2') ?? users[0]!;
      const visitor = await signedOutBrowser(browser, config, profile);
      try {
        await test.step(`Sign in as ${user.key} through the login page`, async () => {
          await visitor.loginPage.signIn(user, request, config.baseURL);
          await visitor.chat.expectSignedInAs(user.email);
        });

        const tokens = await test.step('The signed-in page holds its tokens', async () => {
          const stored = await storedTokens(visitor.page);
          expect(stored.access, 'the signed-in page holds no access token').toBeTruthy();
          expect(stored.refresh, 'the signed-in page holds no refresh token').toBeTruthy();
          return { access: stored.access!, refresh: stored.refresh! };
        });

        await test.step('Log out from the header: the login page shows', async () => {
          await visitor.chat.signOut();
          await visitor.loginPage.expectShown();
          await screenshot(visitor.page, 'after logout');
        });

        await test.step('Opening /chat again lands on /login', async () => {
          await visitor.chat.open();
          await visitor.loginPage.expectShown();
        });

        await test.step('Protocol level: the old refresh token is refused by /auth/refresh', async () => {
          await expectRefreshRefused(api, tokens.refresh, 'the refresh token still works after logout: the session was not revoked');
        });

        await test.step('Protocol level: the old access token is refused by the API', async () => {
          expect(await api.meStatus(tokens.access), 'the access token still works after logout').toBe(401);
        });
      } finally {
        await visitor.context.close();
      }
    },
  );

  test(
    'protocol level: a refresh gives a new token pair and the spent refresh token is refused',
    {
      annotation: journey({
        epic: 'Authentication',
        feature: 'Token refresh',
        story: 'A copied refresh token stops working once the app has used it',
        severity: 'critical',
        proves: ['GP-26'],
        clauses: ['C2.13'],
      }),
    },
    async ({ api, users, profile }) => {
      test.skip(!profile.capabilities.passwordLogin, `target profile "${profile.name}" gives no tokens for a password (POST /auth/login)`);
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
          await expectRefreshRefused(api, session.refreshToken, 'a spent refresh token gave new tokens again: refresh tokens are not single-use');
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
      annotation: journey({
        epic: 'Authentication',
        feature: 'WebSocket tickets',
        story: 'Someone replays a socket URL they saw; the ticket no longer opens anything',
        severity: 'blocker',
        proves: ['GP-24'],
        clauses: ['C3.1', 'C2.18'],
      }),
    },
    async ({ api, config, users, profile }) => {
      test.skip(!profile.capabilities.passwordLogin, `target profile "${profile.name}" gives no tokens for a password (POST /auth/login)`);
      const { budgets } = config;
      const session = await api.login(users[0]!);
      const ticket = await api.ticket(session);

      const first = await api.connect(ticket.ticket_id);

      await test.step('The ticket opens one socket', async () => {
        await first.waitFor((f) => f.type === 'connection_established', budgets.connectMs, 'connection_established with a fresh ticket');
      });

      for (const [what, ticketId] of [
        ['the same ticket again', ticket.ticket_id],
        ['an unknown ticket', `unknown-${randomBytes(12).toString('hex')}`],
      ] as const) {
        await test.step(`Connecting with ${what} is refused: error_message AUTH_FAILED, then close 1008`, async () => {
          const refused = await api.connect(ticketId);
          const error = await refused.waitFor((f) => f.type === 'error_message' || f.type === 'connection_established', budgets.connectMs, 'an answer to the socket');
          expect(error.type, `${what} opened a socket`).toBe('error_message');
          expect(error.error_code, `${what} was refused with the wrong error code`).toBe('AUTH_FAILED');
          expect(await refused.closed, `${what} was not closed with 1008 (policy violation)`).toBe(1008);
        });
      }
      first.close();
    },
  );

  test(
    'no password, token or ticket appears in the run evidence or on the page',
    {
      annotation: journey({
        epic: 'Authentication',
        feature: 'Secrets',
        story: 'A release engineer shares the report of a run; it hands out no credentials',
        severity: 'blocker',
        proves: ['GP-25'],
        clauses: [],
      }),
    },
    async ({ me, config, profile }) => {
      const { chat, frames, page, user } = me;
      const socketUrls: string[] = [];
      page.on('websocket', (ws) => {
        if (profile.isChatSocket(ws.url())) socketUrls.push(ws.url());
      });

      await chat.open();
      await sendAndAwaitRun(me, 'Show our inference latency by region for last week', config.budgets);

      const secrets = await test.step('Collect the real secrets of this session', async () => {
        const tokens = await storedTokens(page);
        const tickets = socketUrls.map((url) => new URL(url).searchParams.get('ticket')).filter((t): t is string => Boolean(t));
        expect(tokens.access, 'the page holds no access token to look for').toBeTruthy();
        expect(tickets.length, 'no socket URL with a ticket was seen').toBeGreaterThan(0);
        return [
          { what: 'the password', value: user.password },
          { what: 'the access token', value: tokens.access! },
          ...(tokens.refresh ? [{ what: 'the refresh token', value: tokens.refresh }] : []),
          ...tickets.map((value) => ({ what: 'a socket ticket', value })),
        ];
      });

      const evidence = await test.step('Gather what the report and the screen show', async () => {
        const attributes = await page
          .locator('[alt], [title], [aria-label]')
          .evaluateAll((elements) =>
            elements.flatMap((e) => ['alt', 'title', 'aria-label'].map((name) => e.getAttribute(name) ?? '')).join('\n'),
          );
        return [
          { where: 'the frame evidence (ws-frames.json)', text: JSON.stringify(frames) },
          { where: 'the frame timeline (ws-timeline.txt)', text: renderTimelineText(frames) },
          { where: 'the frame timeline picture (ws-timeline.html)', text: renderTimelineHtml(frames, test.info().title) },
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
