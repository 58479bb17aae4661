/**
 * The HTTP API and the socket rules of contract §2/§3 that no page shows: shapes, lifetimes,
 * limits, throttling, paging and error bodies. All of it is checked at protocol level, with the
 * suite's API client; each failure message starts with the clause it breaks.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CLOSE_CODES, CRITICAL_EVENTS, ERROR_CODES, LIMITS } from '../contract/events';
import { authConfig, errorBody, executeResponse, healthReady, loginResponse, runEvents, user as userSchema } from '../contract/http';
import { expect, test, type TargetApi } from '../fixtures/test';

const epic = 'Contract';

/** An error answer per contract §2: the status (as `clause` states it), and a `{detail, error_code}` body (C2.1). */
function expectErrorBody(response: Awaited<ReturnType<TargetApi['call']>>, status: number, what: string, clause = 'C2.1') {
  expect(response.status, `${clause}: ${what} answered HTTP ${response.status}, not ${status}`).toBe(status);
  expect(errorBody.safeParse(response.body).success, `C2.1: the ${status} of ${what} has no {detail, error_code} body: ${response.text.slice(0, 200)}`).toBe(true);
}

/** How a socket opened with `ticketId` ends: its close code with its first frame, or 'opened' if the target let it in. */
async function socketOutcome(api: TargetApi, ticketId: string, timeoutMs: number) {
  const socket = await api.connect(ticketId);
  const outcome = await Promise.race([
    socket.closed.then((code) => ({ first: socket.frames[0]?.error_code, code: code as number | 'opened' })),
    socket.waitFor((f) => f.type === 'connection_established', timeoutMs, 'a refusal (close) or connection_established').then(() => ({ first: 'connection_established', code: 'opened' as const })),
  ]);
  socket.close();
  return { ...outcome, frames: JSON.stringify(socket.frames) };
}

/** The claims of a JWT access token (no signature check: only its lifetime is read); null if it is no JWT. */
function jwtClaims(token: string): { exp?: number; iat?: number } | null {
  const part = token.split('.')[1];
  if (token.split('.').length !== 3 || !part) return null;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: number; iat?: number };
  } catch {
    return null;
  }
}

test.describe('Contract: HTTP API', { tag: '@auth' }, () => {
  test(
    'protocol level: health, readiness and auth config answer in the contract shapes, without sign-in',
    {
      annotation: test.journey({ epic, feature: 'HTTP API', story: 'An operator probes the service and a client reads its auth set-up', severity: 'normal', proves: ['GP-28'], clauses: ['C2.3', 'C2.4', 'C2.6', 'C2.11'] }),
    },
    async ({ api }) => {
      const health = await api.call('GET', '/health');
      expect({ status: health.status, body: health.body }, 'C2.3: GET /health is not 200 {status:"healthy"}').toEqual({ status: 200, body: { status: 'healthy' } });
      const ready = await api.call('GET', '/health/ready');
      expect(ready.status, 'C2.4: GET /health/ready of a running target is not 200').toBe(200);
      const readyBody = healthReady.safeParse(ready.body);
      expect(readyBody.success, `C2.4: GET /health/ready is not {status:"ready", version, started_at}: ${ready.text.slice(0, 200)}`).toBe(true);
      const config = await api.call('GET', '/auth/config');
      const parsed = authConfig.safeParse(config.body);
      expect(parsed.success, `C2.6: GET /auth/config is not in the contract shape: ${config.text.slice(0, 200)}`).toBe(true);
      expect({ google_client_id: parsed.data?.google_client_id, oauth_enabled: parsed.data?.oauth_enabled }, 'C2.6: GET /auth/config must say oauth is off').toEqual({
        google_client_id: '',
        oauth_enabled: false,
      });

      await test.step('With development_mode off, POST /auth/dev/login is not there', async (step) => {
        step.skip(parsed.data?.development_mode !== false, 'the target says development_mode is on: its dev login may be open');
        const dev = await api.call('POST', '/auth/dev/login', { data: { email: 'nobody@example.test', password: 'x' } });
        expect(dev.status, 'C2.11: POST /auth/dev/login is open while the target says development_mode is off').toBe(404);
      });
    },
  );

  test(
    'protocol level: sign-in answers the token pair and user, refuses bad input with error bodies, and throttles repeated failures',
    {
      annotation: test.journey({
        epic,
        feature: 'HTTP API',
        story: 'A client signs in; a script guessing passwords is slowed down and learns nothing from the errors',
        severity: 'critical',
        proves: ['GP-28', 'GP-21'],
        clauses: ['C2.7', 'C2.8', 'C2.9', 'C2.10', 'C2.1', 'C2.14', 'C2.17', 'C2.15', 'C2.12', 'C6.9'],
      }),
    },
    async ({ api, users, target }) => {
      target.require('passwordLogin', 'has no password sign-in (POST /auth/login)');
      const user = users[0]!;

      await test.step('Sign in: the answer has the token pair, token_type Bearer, expires_in and the user', async () => {
        const login = await api.call('POST', '/auth/login', { data: { email: user.email, password: user.password } });
        const parsed = loginResponse.safeParse(login.body);
        const issues = parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        expect(parsed.success, `C2.7: POST /auth/login is not {access_token, refresh_token, token_type:"Bearer", expires_in, user}: ${issues}`).toBe(true);
        await api.logout((login.body as { access_token: string }).access_token);
      });

      const session = await api.login(user);

      await test.step('expires_in is the access token\'s real lifetime (when the token is a JWT)', async (step) => {
        const claims = jwtClaims(session.accessToken);
        step.skip(!claims?.exp, 'the access token is not a JWT with exp: its lifetime cannot be read');
        const login = await api.call('POST', '/auth/login', { data: { email: user.email, password: user.password } });
        const body = login.body as { access_token: string; expires_in: number };
        const fresh = jwtClaims(body.access_token)!;
        const lifetime = fresh.exp! - (fresh.iat ?? Math.floor(Date.now() / 1000));
        expect(Math.abs(lifetime - body.expires_in), `C2.17: expires_in says ${body.expires_in} s but the token lives ${lifetime} s`).toBeLessThanOrEqual(2);
      });

      await test.step('GET /auth/me and validate-token name the signed-in user; without Bearer they are 401', async () => {
        const me = await api.call('GET', '/auth/me', { session });
        expect(userSchema.safeParse(me.body).success, `C2.15: GET /auth/me is not {id, email, full_name}: ${me.text.slice(0, 200)}`).toBe(true);
        expect((me.body as { id?: unknown; email?: unknown }).id, 'C2.15: GET /auth/me names another user').toBe(session.userId);
        const valid = await api.call('POST', '/auth/validate-token-and-get-user', { session, data: { token: session.accessToken } });
        expect(
          { status: valid.status, valid: (valid.body as { valid?: unknown }).valid, id: (valid.body as { user?: { id?: unknown } }).user?.id },
          'C2.12: validate-token-and-get-user does not answer {valid:true, user} for a good token',
        ).toEqual({ status: 200, valid: true, id: session.userId });
        expectErrorBody(await api.call('POST', '/auth/validate-token-and-get-user', { data: { token: session.accessToken } }), 401, 'validate-token without a Bearer header', 'C2.12');
        const bogus = `${session.accessToken.slice(0, -6)}AAAAAA`;
        const refused = await api.call('POST', '/auth/validate-token-and-get-user', { headers: { Authorization: `Bearer ${bogus}` }, data: { token: bogus } });
        expectErrorBody(refused, 401, 'validate-token with a forged token', 'C2.12');
        expect(refused.text, 'C6.9: the error body repeats the token it refused').not.toContain(bogus.slice(-40));
        expectErrorBody(await api.call('GET', '/auth/me'), 401, 'GET /auth/me without a token', 'C2.15');
      });

      await test.step('Logout answers 204 and the token it ended is refused', async () => {
        const other = await api.login(user);
        expect(await api.logout(other.accessToken), 'C2.14: POST /auth/logout did not answer 204').toBe(204);
        expect(await api.meStatus(other.accessToken), 'C2.14: the access token of a logged-out session still works').toBe(401);
      });

      await test.step('A malformed sign-in body is 422 with an error body', async () => {
        expectErrorBody(await api.call('POST', '/auth/login', { data: { email: user.email } }), 422, 'POST /auth/login without a password', 'C2.9');
        expectErrorBody(await api.call('POST', '/auth/login', { data: 'not json', headers: { 'Content-Type': 'application/json' } }), 422, 'POST /auth/login with a body that is not JSON', 'C2.9');
      });

      await test.step('Repeated wrong passwords for one account are throttled with 429, and no error body repeats the password', async () => {
        // A throw-away address, so no real test user is ever locked out.
        const email = `throttle-${randomBytes(4).toString('hex')}@example.test`;
        const password = `guess-${randomBytes(6).toString('hex')}`;
        const statuses: number[] = [];
        for (let attempt = 0; attempt < 20 && !statuses.includes(429); attempt++) {
          const response = await api.call('POST', '/auth/login', { data: { email, password } });
          statuses.push(response.status);
          expect(response.text, 'C6.9: a sign-in error body repeats the password').not.toContain(password);
          if (response.status !== 429) {
            expectErrorBody(response, 401, 'a sign-in with an unknown account', 'C2.8');
            expect((response.body as { error_code?: unknown }).error_code, 'C2.8: a refused sign-in is not error_code INVALID_CREDENTIALS').toBe(ERROR_CODES.invalidCredentials);
          }
          else expect(errorBody.safeParse(response.body).success, 'C2.1: the 429 has no {detail, error_code} body').toBe(true);
        }
        expect(statuses, 'C2.10: 20 failed sign-ins in a row were never throttled with 429').toContain(429);
      });
    },
  );

  test(
    'protocol level: a WebSocket ticket lives at most 300 s, is refused once expired or missing, and a too-big frame closes the socket with 1009',
    {
      annotation: test.journey({
        epic,
        feature: 'WebSocket tickets',
        story: 'A leaked ticket stops working on its own; a client cannot open a socket without one or flood it',
        severity: 'critical',
        proves: ['GP-24', 'GP-27'],
        clauses: ['C2.19', 'C3.1', 'C3.2', 'C3.15', 'C6.9'],
      }),
    },
    async ({ api, protocol, users, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      const { budgets } = protocol;
      const session = await protocol.signIn(users[0]!);

      await test.step('A ticket asked for a day lives at most 300 s', async () => {
        const response = await api.call('POST', '/api/websocket/ticket', { session, data: { ttl_seconds: 86_400 } });
        const ttl = (response.body as { ttl_seconds?: number }).ttl_seconds;
        expect(ttl, `C2.19: a ticket was issued for ${ttl} s, over the ${LIMITS.maxTicketTtlSeconds} s limit`).toBeLessThanOrEqual(LIMITS.maxTicketTtlSeconds);
      });

      await test.step('A socket without a ticket is refused with AUTH_FAILED and close 1008', async () => {
        const { first, code } = await socketOutcome(api, '', budgets.connectMs);
        expect({ first, code }, 'C3.1: a socket without a ticket was not refused with AUTH_FAILED / 1008').toEqual({
          first: ERROR_CODES.authFailed,
          code: CLOSE_CODES.policyViolation,
        });
      });

      await test.step('A ticket of 1 s is refused once it has expired', async (step) => {
        const response = await api.call('POST', '/api/websocket/ticket', { session, data: { ttl_seconds: 1 } });
        const ticket = response.body as { ticket_id: string; expires_at: number; ttl_seconds: number };
        step.skip(ticket.ttl_seconds !== 1, `the target does not issue 1-second tickets (gave ${ticket.ttl_seconds} s): expiry cannot be shown quickly`);
        // Time passing is what is checked here: wait until the ticket's own expiry is behind us.
        await expect.poll(() => Date.now() / 1000, { message: 'the ticket expiry did not pass', timeout: 5_000 }).toBeGreaterThan(ticket.expires_at + 1);
        const { first, code, frames } = await socketOutcome(api, ticket.ticket_id, budgets.connectMs);
        expect({ first, code }, 'C2.19: an expired ticket still opened a socket (no AUTH_FAILED / 1008)').toEqual({
          first: ERROR_CODES.authFailed,
          code: CLOSE_CODES.policyViolation,
        });
        expect(frames, 'C6.9: the refusal repeats the ticket').not.toContain(ticket.ticket_id);
      });

      await test.step(`connection_established names the socket's user and the five golden-path events; a frame over ${LIMITS.maxFrameBytes / 1024} KiB closes the socket with 1009`, async () => {
        const client = await protocol.connect(session, 'big frame');
        const established = client.socket.frames.find((f) => f.type === 'connection_established');
        const payload = (established?.payload ?? {}) as { user_id?: unknown; golden_path_events?: unknown };
        expect(payload.user_id, "C3.2: connection_established does not name the socket's user").toBe(session.userId);
        expect([...((payload.golden_path_events as string[] | undefined) ?? [])].sort(), 'C3.2: connection_established does not list the five golden-path events').toEqual([...CRITICAL_EVENTS].sort());
        client.socket.sendText(JSON.stringify({ type: 'ping', payload: { timestamp: 'x'.repeat(LIMITS.maxFrameBytes + 1024) } }));
        const closed = await Promise.race([client.socket.closed, client.socket.waitFor((f) => f.type === 'pong', budgets.firstEventMs, 'close or pong').then(() => 'answered')]);
        expect(closed, `C3.15: a frame over ${LIMITS.maxFrameBytes} bytes did not close the socket with 1009`).toBe(CLOSE_CODES.messageTooBig);
      });
    },
  );

  test(
    'protocol level: threads are created, read, renamed, paged and deleted as the contract says, with unguessable ids',
    {
      tag: '@pipeline',
      annotation: test.journey({
        epic,
        feature: 'Threads API',
        story: 'A client manages its conversations through the API',
        severity: 'normal',
        proves: ['GP-28'],
        clauses: ['C2.22', 'C2.23', 'C2.21', 'C2.2', 'C2.20', 'C6.2', 'C2.1'],
      }),
    },
    async ({ api, protocol, users, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      const session = await protocol.signIn(users[0]!);
      const metadata = { source: 'contract test', tags: ['a', 'ü'], n: 3 };

      const first = await test.step('POST /api/threads keeps the title and metadata it was given', async () => {
        const response = await api.call('POST', '/api/threads', { session, data: { title: 'Contract thread 1', metadata } });
        const body = response.body as { id: string; title?: unknown; metadata?: unknown; created_at?: unknown; message_count?: unknown };
        protocol.deleteAfterTest(session, body.id);
        expect({ title: body.title, metadata: body.metadata, message_count: body.message_count }, 'C2.22: the new thread does not carry the title and metadata sent').toEqual({
          title: 'Contract thread 1',
          metadata,
          message_count: 0,
        });
        expect(Number.isNaN(Date.parse(String(body.created_at))) || !String(body.created_at).includes('T'), `C2.2: created_at is not an ISO-8601 time: ${String(body.created_at)}`).toBe(false);
        return body;
      });

      const second = await protocol.newThread(session, 'Contract thread 2');

      await test.step('Thread ids are unguessable: long, random-looking, not counting up', async () => {
        for (const id of [first.id, second.id]) {
          expect(id.replace(/[^0-9a-zA-Z]/g, '').length, `C6.2: thread id "${id}" is too short to be unguessable`).toBeGreaterThanOrEqual(16);
        }
        expect(/^\d+$/.test(first.id) && /^\d+$/.test(second.id), `C6.2: thread ids are numbers (${first.id}, ${second.id}): the next one can be guessed`).toBe(false);
      });

      await test.step('GET, PUT and DELETE /api/threads/:id: the thread, the renamed thread, 204 and then 404', async () => {
        const read = await api.thread(session, first.id);
        expect(typeof read === 'object' && read.id, 'C2.23: GET /api/threads/:id does not answer the thread').toBe(first.id);
        const renamed = await api.call('PUT', `/api/threads/${first.id}`, { session, data: { title: 'Renamed ✓' } });
        expect({ status: renamed.status, title: (renamed.body as { title?: unknown }).title }, 'C2.23: PUT /api/threads/:id does not answer the renamed thread').toEqual({
          status: 200,
          title: 'Renamed ✓',
        });
        const reread = await api.thread(session, first.id);
        expect(typeof reread === 'object' && reread.title, 'C2.23: the new title was not kept').toBe('Renamed ✓');
        const deleted = await api.call('DELETE', `/api/threads/${second.id}`, { session });
        expect(deleted.status, 'C2.23: DELETE /api/threads/:id did not answer 204').toBe(204);
        expectErrorBody(await api.call('GET', `/api/threads/${second.id}`, { session }), 404, 'GET of a deleted thread', 'C2.23');
      });

      await test.step('GET /api/threads pages with limit and offset: newest first, pages of a stable list put together are the list', async () => {
        await protocol.newThread(session, 'Contract thread 3');
        // Other tests of this user create threads at the same time: compare pages only against a list that held still.
        await expect
          .poll(
            async () => {
              const before = (await api.threads(session)).map((t) => t.id);
              const page1 = (await api.call('GET', '/api/threads?limit=2&offset=0', { session })).body as { id: string }[];
              const page2 = (await api.call('GET', '/api/threads?limit=2&offset=2', { session })).body as { id: string }[];
              const after = (await api.threads(session)).map((t) => t.id);
              if (before.join() !== after.join()) return 'the list changed meanwhile';
              return [...page1, ...page2].map((t) => t.id).join() === before.slice(0, 4).join() ? 'pages are the list' : `pages ${[...page1, ...page2].map((t) => t.id).join()} vs list ${before.slice(0, 4).join()}`;
            },
            { message: 'C2.21: GET /api/threads?limit=2&offset=… does not page the list (limit or offset ignored)', timeout: 20_000 },
          )
          .toBe('pages are the list');
      });
    },
  );

  test(
    "protocol level: a message sent over REST starts a run of the caller's own, answered at once, and its stored frames can be read back",
    {
      tag: '@pipeline',
      annotation: test.journey({
        epic,
        feature: 'REST send path',
        story: 'A client sends a message over REST and follows the run on its socket',
        severity: 'critical',
        proves: ['GP-28'],
        clauses: ['C2.26', 'C2.27', 'C2.28', 'C2.29', 'C3.5', 'C3.8'],
      }),
    },
    async ({ api, protocol, users, config, target }) => {
      target.require('passwordLogin', 'gives no tokens for a password (POST /auth/login)');
      const { budgets } = protocol;
      const session = await protocol.signIn(users[0]!);
      const thread = await protocol.newThread(session, 'REST send path');
      const client = await protocol.connect(session, session.user.key);

      await test.step('An empty or over-long message over REST is refused (4xx) and starts no run', async () => {
        for (const [what, message] of [
          ['an empty message', '   '],
          ['a message over the limit', 'x'.repeat(LIMITS.maxMessageChars + 1)],
        ] as const) {
          const response = await api.call('POST', '/api/agent/v2/execute', { session, data: { request_id: randomUUID(), message, thread_id: thread.id } });
          expect(response.status >= 400 && response.status < 500, `C2.28: ${what} over REST answered HTTP ${response.status}, not a 4xx refusal`).toBe(true);
        }
      });

      const runId = await test.step('A good message over REST is answered at once with the request id, success and the run and thread ids', async () => {
        const requestId = randomUUID();
        const since = client.socket.frames.length;
        const response = await api.call('POST', '/api/agent/v2/execute', {
          session,
          data: { request_id: requestId, message: 'Show the usage cost of our API keys', thread_id: thread.id },
        });
        const parsed = executeResponse.safeParse(response.body);
        expect(parsed.success, `C2.26: POST /api/agent/v2/execute is not {request_id, success:true, run_id, thread_id}: ${response.text.slice(0, 200)}`).toBe(true);
        expect({ request_id: parsed.data?.request_id, thread_id: parsed.data?.thread_id }, 'C2.26: the answer does not echo the request id and thread').toEqual({
          request_id: requestId,
          thread_id: thread.id,
        });
        const closedBefore = client.socket.frames.slice(since).some((f) => f.run_id === parsed.data?.run_id && (f.type === 'final_report' || f.type === 'agent_error'));
        expect(closedBefore && (config.agentPaceMs ?? 150) > 0, 'C2.26: the REST answer came only after the run had ended, not at once').toBe(false);
        return parsed.data!.run_id;
      });

      await test.step("The run's frames reach the caller's socket, as the caller's own, and it ends", async () => {
        const end = await client.socket.waitFor(
          (f) => f.run_id === runId && (f.type === 'final_report' || f.type === 'agent_error'),
          budgets.runMs,
          `end of the REST run ${runId} on the caller's socket (C2.27: a REST run streams to the caller's sockets)`,
        );
        expect(end.type, 'C2.27: the REST run failed').toBe('final_report');
        const owners = [...new Set(client.socket.frames.filter((f) => f.run_id === runId).map((f) => String(f.user_id)))];
        expect(owners, "C2.27: the REST run's frames do not carry the caller's user id").toEqual([session.userId]);
        const runs = new Set(client.socket.frames.filter((f) => f.thread_id === thread.id && typeof f.run_id === 'string').map((f) => f.run_id));
        expect(runs.size, 'C2.28: a refused REST message started a run anyway').toBe(1);
      });

      await target.step('runEventsApi', 'GET /api/runs/:id/events?after_seq=3 gives the stored frames after seq 3, in order', async () => {
        const live = client.socket.frames.filter((f) => f.run_id === runId);
        const response = await api.call('GET', `/api/runs/${runId}/events?after_seq=3`, { session });
        const parsed = runEvents.safeParse(response.body);
        expect(parsed.success, `C2.29: GET /api/runs/:id/events is not {run_id, status, events}: ${response.text.slice(0, 200)}`).toBe(true);
        const seqs = (parsed.data?.events ?? []).map((e) => (e as { seq?: unknown }).seq);
        expect(seqs, 'C2.29: the stored frames after seq 3 are not the live frames after seq 3').toEqual(live.map((f) => f.seq).filter((s) => Number(s) > 3));
      });

      await test.step('start_agent without a thread creates one, stores the request and runs it; switch_thread is acknowledged without a run', async () => {
        const since = client.socket.frames.length;
        const request = `Start a new thread about token usage ${randomBytes(3).toString('hex')}`;
        client.socket.send({ type: 'start_agent', payload: { user_request: request } });
        const started = await client.socket.waitFor((f) => f.type === 'agent_started' && f.agent_name === 'supervisor', budgets.firstEventMs, 'agent_started of start_agent (C3.5: start_agent without a thread starts a run)', since);
        const newThread = String(started.thread_id);
        protocol.deleteAfterTest(session, newThread);
        expect(newThread, 'C3.5: start_agent without thread_id ran in an existing thread').not.toBe(thread.id);
        await client.socket.waitFor((f) => f.run_id === started.run_id && (f.type === 'final_report' || f.type === 'agent_error'), budgets.runMs, 'end of the start_agent run', since);
        const stored = await api.messages(session, newThread);
        expect(stored.messages[0]?.content, 'C3.5: start_agent did not store the request in the new thread').toBe(request);
        const answer = await client.socket.exchange({ type: 'switch_thread', payload: { thread_id: thread.id } }, budgets.firstEventMs, 'switch_thread');
        // Late frames of the start_agent run may still arrive here: only frames outside any run answer the switch.
        const reply = answer.filter((f) => f.type !== 'heartbeat' && typeof f.run_id !== 'string').map((f) => String(f.type));
        expect(reply, 'C3.8: switch_thread was not acknowledged by exactly one frame').toHaveLength(1);
        expect(reply[0], 'C3.8: switch_thread was refused or started a run').not.toMatch(/^(error_message|agent_started)$/);
        const runsStarted = answer.filter((f) => f.type === 'agent_started').map((f) => String(f.run_id));
        expect(runsStarted, 'C3.8: switch_thread started a run').toEqual([]);
      });
    },
  );
});

test(
  'protocol level: an armed fault hits only the next run, and clearing it disarms it',
  {
    tag: '@resilience',
    annotation: test.journey({
      epic,
      feature: 'Fault API',
      story: 'A tester arms a fault for one run and clears it again',
      severity: 'minor',
      proves: ['GP-12'],
      clauses: ['C7.1', 'C7.2'],
    }),
  },
  async ({ api, protocol, faults }) => {
    const session = await protocol.signIn(faults.actor.user);
    const thread = await protocol.newThread(session, 'fault API');
    const client = await protocol.connect(session, 'fault user');

    await test.step('Armed, then cleared: the next run completes', async () => {
      await faults.arm('llm_error');
      await api.clearFaults(session);
      const run = await protocol.run(client, thread.id, 'Show the cost of our GPUs');
      expect(run.end.type, 'C7.1: DELETE /__faults did not clear the armed fault').not.toBe('agent_error');
    });

    await test.step('Armed: the next run fails with agent_error, and the run after it completes', async () => {
      await faults.arm('llm_error');
      const failed = await protocol.run(client, thread.id, 'Show the cost of our GPUs');
      expect(failed.end.type, 'C7.2: an armed llm_error did not end the next run in agent_error').toBe('agent_error');
      const next = await protocol.run(client, thread.id, 'Show the cost of our GPUs');
      expect(next.end.type, 'C7.1: the fault hit a second run, not only the next one').not.toBe('agent_error');
    });
  },
);
