/** Contract §2 ticket row and §3 connection rules: tickets are single-use, expire, TTL ≤ 300 s. */
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_CODES, CRITICAL_EVENTS, ERROR_CODES, LIMITS } from '../../contract/events';
import { connectionEstablishedFrame, errorMessageFrame } from '../../contract/frames';
import { Http, describeRes, expectError, login, ticket, type Session } from './helpers/http';
import { SocketClient } from './helpers/socket';
import { startTestServer, type TestServer } from './helpers/server';

let server: TestServer;
let http: Http;
let alice: Session;
let bob: Session;
const open: SocketClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ users: ['alice', 'bob'] });
  http = new Http(server.url);
  alice = await login(http, server.user('alice'));
  bob = await login(http, server.user('bob'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});
afterAll(() => server?.close());

async function connect(url: string, label: string, expectEstablished = true): Promise<SocketClient> {
  const c = await SocketClient.connect(url, label, undefined, expectEstablished);
  open.push(c);
  return c;
}

/** The refusal the contract wants: error_message AUTH_FAILED, then close 1008 (not an HTTP refusal of the upgrade). */
async function expectRefused(url: string, what: string): Promise<void> {
  const c = await connect(url, what, false);
  const closed = await c.waitForClose(5_000).catch((e: Error) => {
    throw new Error(`${what}: the server did not close the socket (${e.message})`);
  });
  expect(c.upgradeError, `${what}: the upgrade was refused at HTTP level; the contract wants error_message + close 1008`).toBeUndefined();
  const err = c.frames.find((f) => f.type === 'error_message');
  expect(err, `${what}: no error_message before the close; frames: ${c.tail()}`).toBeDefined();
  expect(errorMessageFrame.safeParse(err).success, `${what}: error_message shape ${JSON.stringify(err)}`).toBe(true);
  expect(err!.error_code, what).toBe(ERROR_CODES.authFailed);
  const sent = new URL(url).searchParams.get('ticket');
  if (sent) expect(JSON.stringify(err), `${what}: the error must not echo the ticket (contract §6)`).not.toContain(sent);
  expect(closed.code, `${what}: close code`).toBe(CLOSE_CODES.policyViolation);
  expect(c.frames.some((f) => f.type === 'connection_established'), `${what}: connection_established must not be sent`).toBe(false);
}

describe('POST /api/websocket/ticket', () => {
  it('answers the contract shape with unix-second times', async () => {
    const t = await ticket(http, alice.token);
    const nowS = Date.now() / 1000;
    expect(Math.abs(t.created_at - nowS), `created_at ${t.created_at} is not unix seconds near ${nowS}`).toBeLessThan(30);
    expect(t.expires_at - t.created_at, 'expires_at - created_at = ttl_seconds').toBeCloseTo(t.ttl_seconds, 0);
    expect(t.ttl_seconds).toBeLessThanOrEqual(LIMITS.maxTicketTtlSeconds);
    expect(t.websocket_url).toContain('/ws');
    expect(t.ticket_id.length, 'ticket ids must be unguessable').toBeGreaterThanOrEqual(16);
  });

  it('caps the TTL at 300 s', async () => {
    const res = await http.post('/api/websocket/ticket', { ttl_seconds: 3600 }, alice.token);
    expect(res.status, `ttl_seconds 3600 should be capped to 300, not refused: ${describeRes(res)}`).toBe(200);
    const body = res.body as { ttl_seconds: number; expires_at: number; created_at: number };
    expect(body.ttl_seconds, 'ttl_seconds must be capped').toBeLessThanOrEqual(LIMITS.maxTicketTtlSeconds);
    expect(body.expires_at - body.created_at).toBeLessThanOrEqual(LIMITS.maxTicketTtlSeconds + 1);
  });

  it('requires a Bearer token', async () => {
    expectError(await http.post('/api/websocket/ticket', {}), 401, 'ticket without token');
    expectError(await http.post('/api/websocket/ticket', {}, 'garbage'), 401, 'ticket with a bad token');
  });

  it('hands out a different ticket each time', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await ticket(http, alice.token)).ticket_id);
    expect(ids.size).toBe(5);
  });
});

describe('/ws?ticket=', () => {
  it("a good ticket connects; the first frame is connection_established naming the ticket's user", async () => {
    const t = await ticket(http, bob.token);
    const c = await connect(server.wsUrl(t.ticket_id), 'bob');
    const parsed = connectionEstablishedFrame.safeParse(c.frames[0]);
    if (!parsed.success) throw new Error(`the first frame is not connection_established: ${JSON.stringify(c.frames[0])}`);
    expect(parsed.data.payload.user_id, 'connection_established user_id').toBe(bob.userId);
    expect([...parsed.data.payload.golden_path_events].sort()).toEqual([...CRITICAL_EVENTS].sort());
  });

  it('websocket_url from the ticket answer is usable as given', async () => {
    const t = await ticket(http, alice.token);
    const url = new URL(t.websocket_url, server.url.replace(/^http/, 'ws'));
    if (!url.searchParams.has('ticket')) url.searchParams.set('ticket', t.ticket_id);
    expect(url.searchParams.get('ticket')).toBe(t.ticket_id);
    expect(url.protocol).toBe('ws:');
    const c = await connect(url.toString(), 'via websocket_url');
    expect(c.frames[0]?.type).toBe('connection_established');
  });

  it('is single-use: the second connect with the same ticket gets AUTH_FAILED then 1008', async () => {
    const t = await ticket(http, alice.token);
    const first = await connect(server.wsUrl(t.ticket_id), 'first use');
    expect(first.frames[0]?.type).toBe('connection_established');
    await expectRefused(server.wsUrl(t.ticket_id), 'second use while the first socket is open');
    await first.close();
    await expectRefused(server.wsUrl(t.ticket_id), 'third use after the first socket closed');
  });

  it('a ticket used concurrently opens at most one socket', async () => {
    const t = await ticket(http, alice.token);
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) => connect(server.wsUrl(t.ticket_id), `race ${i}`, false)),
    );
    // Each attempt either establishes or is refused; wait for every one to settle.
    await Promise.all(
      attempts.map((c) =>
        c.waitFor((f) => f.type === 'connection_established' || f.type === 'error_message', { what: 'an answer', timeout: 5_000 }),
      ),
    );
    const established = attempts.filter((c) => c.frames.some((f) => f.type === 'connection_established'));
    expect(established.length, 'a single-use ticket must open exactly one socket').toBe(1);
  });

  it('refuses unknown, missing and empty tickets with AUTH_FAILED then 1008', async () => {
    await expectRefused(server.wsUrl('no-such-ticket-0123456789'), 'unknown ticket');
    await expectRefused(server.wsUrl(), 'missing ticket');
    await expectRefused(server.wsUrl(''), 'empty ticket');
    await expectRefused(server.wsUrl(alice.token), 'an access token in place of a ticket');
  });

  it('refuses an expired ticket', async () => {
    // The server takes ttl_seconds; ask for 1 s. A fresh 1 s ticket still works…
    const fresh = await ticket(http, alice.token, 1);
    expect(fresh.ttl_seconds, 'ttl_seconds:1 should be honoured (or the expiry test takes longer)').toBeLessThanOrEqual(5);
    const ok = await connect(server.wsUrl(fresh.ticket_id), 'fresh 1 s ticket');
    expect(ok.frames[0]?.type).toBe('connection_established');

    // …and one whose expires_at has passed is refused. Waiting on the clock (bounded), not on the server.
    const t = await ticket(http, alice.token, 1);
    const expiredAtMs = (Math.floor(t.expires_at) + 1) * 1000 + 200;
    const waitMs = expiredAtMs - Date.now();
    expect(waitMs, 'expiry must be within a few seconds').toBeLessThan(7_000);
    if (waitMs > 0) await delay(waitMs);
    await expectRefused(server.wsUrl(t.ticket_id), `ticket ${Date.now() / 1000 - t.expires_at}s past expires_at`);
  });

  it('rejects non-positive and non-numeric ttl_seconds with 422', async () => {
    for (const ttl of [0, -5, 'abc', { n: 1 }]) {
      const res = await http.post('/api/websocket/ticket', { ttl_seconds: ttl }, alice.token);
      expectError(res, 422, `ttl_seconds ${JSON.stringify(ttl)}`);
    }
  });
});
