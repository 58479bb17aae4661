/**
 * The client side of the benchmark: N users sign in, each opens one WebSocket, and all run
 * golden-path runs concurrently (each user's runs one after another, like a person chatting).
 * Runs in a worker thread by default (see bench.ts) so the server's event loop is its own.
 */
import { Http, createThread, login, ticket, type Session } from '../test/helpers/http';
import type { SeedUser } from '../test/helpers/server';
import { SocketClient } from '../test/helpers/socket';
import { pool } from '../test/helpers/util';

export interface LoadConfig {
  url: string;
  users: SeedUser[];
  runsPerUser: number;
  request: string;
  /** Wall-clock deadline (Date.now() ms): no run starts after it. */
  deadline: number;
}

export interface RunSample {
  user: number;
  runId: string;
  /** send → agent_started received. */
  firstEventMs: number;
  /** send → the agent_started frame's own timestamp (server clock, ms resolution). */
  firstEventServerMs: number;
  /** send → final_report (or agent_error) received. */
  durationMs: number;
  ended: string;
}

export interface LoadResult {
  planned: number;
  samples: RunSample[];
  errors: string[];
  loadMs: number;
  setupMs: number;
  connectMs: number[];
  expectedFrames: number;
  lost: number;
  duplicated: number;
  misrouted: number;
}

/** Signs everyone in and connects, calls `ready` (the caller samples RSS), then runs the load. */
export async function runLoad(cfg: LoadConfig, ready: () => Promise<void>): Promise<LoadResult> {
  const http = new Http(cfg.url);
  const wsBase = `${cfg.url.replace(/^http/, 'ws')}/ws?ticket=`;
  const setupStart = performance.now();
  const signedIn = await pool(cfg.users, 8, async (u) => {
    const session = await login(http, u);
    const threads: string[] = [];
    for (let r = 0; r < cfg.runsPerUser; r++) threads.push(await createThread(http, session.token, `bench run ${r + 1}`));
    return { session, threads };
  });
  const connectMs: number[] = [];
  const clients: { session: Session; socket: SocketClient; threads: string[] }[] = await pool(signedIn, 8, async ({ session, threads }) => {
    const t0 = performance.now();
    const t = await ticket(http, session.token);
    const socket = await SocketClient.connect(wsBase + encodeURIComponent(t.ticket_id), session.user.key, session);
    connectMs.push(performance.now() - t0);
    return { session, socket, threads };
  });
  try {
    // Warm-up run: learns how many frames the scripted model sends for this request.
    const warm = clients[0]!;
    const warmRun = await warm.socket.sendUserMessage(await createThread(http, warm.session.token, 'warm-up'), cfg.request);
    await warm.socket.waitForRunEnd(warmRun);
    await warm.socket.barrier();
    const expectedFrames = warm.socket.rawRunFrames(warmRun).length;
    const setupMs = performance.now() - setupStart;

    await ready();

    const samples: RunSample[] = [];
    const errors: string[] = [];
    const loadStart = performance.now();
    await Promise.all(
      clients.map(async ({ socket, threads }, user) => {
        for (const threadId of threads) {
          if (Date.now() > cfg.deadline) return;
          const t0 = performance.now();
          const wall0 = Date.now();
          try {
            const runId = await socket.sendUserMessage(threadId, cfg.request, 30_000);
            const end = await socket.waitForRunEnd(runId, 30_000);
            const got = (type: string) => socket.received.find((r) => r.frame.run_id === runId && r.frame.type === type);
            const started = got('agent_started');
            samples.push({
              user,
              runId,
              firstEventMs: (started?.at ?? Number.NaN) - t0,
              firstEventServerMs: Date.parse(String(started?.frame.timestamp)) - wall0,
              durationMs: (got(end.type)?.at ?? Number.NaN) - t0,
              ended: end.type,
            });
          } catch (e) {
            errors.push(`${socket.label}: ${(e as Error).message.slice(0, 200)}`);
          }
        }
      }),
    );
    const loadMs = performance.now() - loadStart;
    await Promise.all(clients.map((c) => c.socket.barrier(10_000).catch(() => undefined)));

    // Lost: frames a run should have had on its socket but did not (count short, seq gaps).
    // Misrouted: a frame whose user_id is not the socket owner's, or a run of another user.
    let lost = 0;
    let duplicated = 0;
    let misrouted = 0;
    const runsOf = new Map<number, Set<string>>();
    for (const s of samples) runsOf.set(s.user, (runsOf.get(s.user) ?? new Set()).add(s.runId));
    clients.forEach(({ socket, session }, user) => {
      const own = new Set(runsOf.get(user));
      if (user === 0) own.add(warmRun);
      for (const f of socket.frames) {
        if (f.run_id !== undefined && (f.user_id !== session.userId || !own.has(f.run_id))) misrouted++;
      }
      for (const runId of own) {
        if (runId === warmRun) continue;
        const seqs = socket.rawRunFrames(runId).map((f) => f.seq ?? 0);
        const distinct = new Set(seqs);
        duplicated += seqs.length - distinct.size;
        lost += Math.max(0, expectedFrames - distinct.size, Math.max(0, ...distinct) - distinct.size);
      }
    });
    return {
      planned: cfg.users.length * cfg.runsPerUser,
      samples,
      errors,
      loadMs,
      setupMs,
      connectMs,
      expectedFrames,
      lost,
      duplicated,
      misrouted,
    };
  } finally {
    await Promise.all(clients.map((c) => c.socket.close().catch(() => undefined)));
  }
}
