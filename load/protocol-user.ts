/**
 * A protocol virtual user: ticket → socket → send → the run's frames, over the suite's own API
 * client, then every frame its socket received held against the contract (load/frame-audit.ts).
 * Artillery calls `connect` once, `run` once per loop turn and `close` at the end (or after a failure).
 */
import { request, type APIRequestContext } from '@playwright/test';
import { connectClient, canonicalFrames, runOverSocket, type ProtocolClient } from '../harness/api/protocol-client';
import { TargetApi, type ApiSession } from '../harness/api/target-api';
import { getProfile } from '../profiles';
import type { UserCredentials } from '../profiles/types';
import { auditFrames } from './frame-audit';
import { FRAME_COUNTERS, METRIC, type FailureKind, type RunContext } from './run-context';

/** What Artillery's event emitter offers a processor function. */
export interface MetricEvents {
  emit(type: 'counter' | 'histogram', name: string, value: number): void;
}

interface UserState {
  client?: ProtocolClient;
  session?: ApiSession;
  threadIds: string[];
  ownRunIds: string[];
  closed: boolean;
}

export class LoadFailure extends Error {
  constructor(
    readonly code: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export type SignedIn = Record<string, Omit<ApiSession, 'user'>>;

export const LOAD_MESSAGE = 'Load check: summarise how the agent handles this request';

/** One per Artillery worker: the HTTP client, signed-in sessions by user, and the next user to hand out. */
export class ProtocolUsers {
  private api?: Promise<TargetApi>;
  private readonly sessions = new Map<string, Promise<ApiSession>>();
  private next = 0;
  private readonly active = { protocol: 0, browser: 0 };

  constructor(readonly context: RunContext) {}

  private get profile() {
    return getProfile(this.context.target);
  }

  /** The API client, made once: `request.newContext` costs more than a whole run here. */
  targetApi(): Promise<TargetApi> {
    this.api ??= request.newContext({ baseURL: this.context.apiURL }).then((r: APIRequestContext) => new TargetApi(r, this.context.apiURL));
    return this.api;
  }

  /** Counts a user in, with this worker's concurrent users of its kind as a sample: its max is the worker's peak. */
  userOpened(kind: 'protocol' | 'browser', events: MetricEvents): void {
    this.active[kind] += 1;
    events.emit('counter', METRIC.opened(kind), 1);
    events.emit('histogram', METRIC.concurrent(kind), this.active[kind]);
  }

  userClosed(kind: 'protocol' | 'browser', events: MetricEvents): void {
    this.active[kind] -= 1;
    events.emit('counter', METRIC.closed(kind), 1);
  }

  pickUser(): UserCredentials {
    const user = this.context.users[this.next % this.context.users.length]!;
    this.next += 1;
    return user;
  }

  /**
   * Signs every user in before the load starts (Artillery's `before` hook), a few at a time: the
   * password checks would otherwise crowd the ramp and be measured as slow connects. Tokens only, no passwords.
   */
  async signInAll(concurrency = 4): Promise<SignedIn> {
    const signedIn: SignedIn = {};
    const queue = [...this.context.users];
    const signInNext = async (): Promise<void> => {
      const user = queue.shift();
      if (!user) return;
      const { accessToken, refreshToken, userId } = await this.session(user);
      signedIn[user.email] = { accessToken, refreshToken, userId };
      await signInNext();
    };
    await Promise.all(Array.from({ length: concurrency }, signInNext));
    return signedIn;
  }

  /** Takes the sessions the `before` hook made (they reach each worker as a context variable). */
  seed(signedIn: SignedIn | undefined): void {
    for (const user of this.context.users) {
      const known = signedIn?.[user.email];
      if (known && !this.sessions.has(user.email)) this.sessions.set(user.email, Promise.resolve({ user, ...known }));
    }
  }

  /** Signs each user in once per worker: a password check per virtual user would load the target's CPU with hashing. */
  session(user: UserCredentials): Promise<ApiSession> {
    let session = this.sessions.get(user.email);
    if (!session) {
      session = this.targetApi().then((api) => api.login(user));
      session.catch(() => this.sessions.delete(user.email));
      this.sessions.set(user.email, session);
    }
    return session;
  }

  async connect(state: UserState, events: MetricEvents): Promise<void> {
    const user = this.pickUser();
    const api = await this.targetApi();
    state.session = await this.session(user).catch((error: Error) => {
      throw new LoadFailure('sign_in', error.message);
    });
    const thread = await api.createThread(state.session, 'load run');
    state.threadIds.push(thread.id);
    state.client = await connectClient(api, state.session, user.key, this.profile, this.context.budgets).catch((error: Error) => {
      throw new LoadFailure('connect', error.message);
    });
    this.userOpened('protocol', events);
    events.emit('histogram', METRIC.connectMs, state.client.connectMs);
  }

  async run(state: UserState, events: MetricEvents): Promise<void> {
    const client = state.client!;
    events.emit('counter', METRIC.runsStarted, 1);
    const run = await runOverSocket(client, state.threadIds[0]!, LOAD_MESSAGE, this.profile, this.context.budgets).catch((error: Error) => {
      throw new LoadFailure(failureKind(error, client), error.message);
    });
    state.ownRunIds.push(run.runId);
    events.emit('histogram', METRIC.firstEventMs, run.firstEventMs);
    events.emit('histogram', METRIC.runMs, run.runMs);
    if (run.end.type === 'agent_error') throw new LoadFailure('agent_error', `run ${run.runId} ended with agent_error`);
    events.emit('counter', METRIC.runsCompleted, 1);
  }

  /** Audits the socket's frames, closes it and deletes the threads the user created. Safe to call twice. */
  async close(state: UserState, events: MetricEvents): Promise<string[]> {
    if (state.closed) return [];
    state.closed = true;
    const samples: string[] = [];
    if (state.client) {
      const { client } = state;
      const audit = auditFrames(canonicalFrames(client.socket, this.profile), {
        ownerUserId: client.ownerUserId ?? client.session.userId,
        ownRunIds: state.ownRunIds,
        requireSeq: this.profile.capabilities.seq,
        requireFinalReport: this.profile.capabilities.finalReport,
      });
      const counts: Record<(typeof FRAME_COUNTERS)[number], number> = {
        checked: audit.checked,
        invalid: audit.invalid,
        misrouted: audit.misrouted,
        lost: audit.lost,
        duplicated: audit.duplicated,
        rule_violations: audit.ruleViolations,
      };
      // Zeros too: a threshold on a counter nobody emitted could not be evaluated.
      for (const name of FRAME_COUNTERS) events.emit('counter', METRIC.frames(name), counts[name]);
      samples.push(...audit.samples);
      client.socket.close();
      this.userClosed('protocol', events);
    }
    if (state.session) {
      const api = await this.targetApi();
      for (const threadId of state.threadIds) await api.deleteThread(state.session, threadId);
    }
    return samples;
  }
}

export function newUserState(): UserState {
  return { threadIds: [], ownRunIds: [], closed: false };
}

function failureKind(error: Error, client: ProtocolClient): FailureKind {
  if (client.socket.closeCode !== undefined) return 'socket_closed';
  if (/^no agent_started/.test(error.message)) return 'first_event';
  if (/^no end of run/.test(error.message)) return 'run_timeout';
  return 'other';
}
