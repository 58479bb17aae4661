/**
 * Protocol-level clients for one test: users signed in over the API, threads and raw sockets,
 * runs sent and followed within the budgets. What a test opens here is closed and deleted after it.
 */
import { expect } from '@playwright/test';
import type { RunFrame } from '../../contract/frames';
import { checkRunSequence } from '../../contract/sequence';
import { finalResponseOf } from '../../profiles/shared/answer';
import type { TargetProfile, UserCredentials } from '../../profiles/types';
import { canonicalFrames, connectClient, runOverSocket, type ProtocolClient, type ProtocolRun } from '../api/protocol-client';
import type { ApiSession, Session, TargetApi } from '../api/target-api';
import type { CanonicalFrame } from '../capture/frame-capture';
import { checkRuleNow } from '../evidence/signoff-marks';
import { expectWithinBudgets, type Budgets, type SlaMetrics } from '../evidence/sla';
import { expectSequenceKept } from '../journey/run-journey';

export type { ProtocolClient, ProtocolRun } from '../api/protocol-client';

export class ProtocolClients {
  private readonly clients: ProtocolClient[] = [];
  private readonly threads: { session: Session; id: string }[] = [];

  constructor(
    readonly api: TargetApi,
    private readonly profile: TargetProfile,
    readonly budgets: Budgets,
    /** Which shard and worker this is (`s2of3-w1`): put into the title of every thread created here. */
    readonly marker?: string,
  ) {}

  signIn(user: UserCredentials): Promise<ApiSession> {
    return this.api.login(user);
  }

  /** A new thread of `session`'s user, titled `title [marker]`, deleted after the test. */
  async newThread(session: Session, title: string) {
    const thread = await this.api.createThread(session, this.marker ? `${title} [${this.marker}]` : title);
    this.threads.push({ session, id: thread.id });
    return thread;
  }

  /** A thread of `session`'s user made another way (a raw POST, start_agent without a thread): deleted after the test too. */
  deleteAfterTest(session: Session, threadId: string): void {
    this.threads.push({ session, id: threadId });
  }

  /** Ticket, socket, connection_established within the connect budget; the socket is closed after the test. */
  async connect(session: Session, label: string): Promise<ProtocolClient> {
    const client = await connectClient(this.api, session, label, this.profile, this.budgets);
    this.clients.push(client);
    return client;
  }

  /** Sends `text` into `threadId` and follows the run it starts to its closing frame, within the budgets. */
  run(client: ProtocolClient, threadId: string, text: string): Promise<ProtocolRun> {
    return runOverSocket(client, threadId, text, this.profile, this.budgets);
  }

  /** Everything the client's socket received, as the profile's canonical frames. */
  frames(client: ProtocolClient): CanonicalFrame[] {
    return canonicalFrames(client.socket, this.profile);
  }

  /** The run's frames as its own socket received them. */
  runFrames(run: ProtocolRun): RunFrame[] {
    return this.frames(run.client).filter((f) => f.run_id === run.runId) as unknown as RunFrame[];
  }

  /** The supervisor's final_response, as the run's own socket received it. */
  answer(run: ProtocolRun): string | undefined {
    return finalResponseOf(this.runFrames(run));
  }

  /** The run, as its own socket received it (the sending user owns it), keeps every rule of contract §3; `heading` names it. */
  expectSequenceKept(run: ProtocolRun, heading: string): void {
    const broken = checkRunSequence(this.runFrames(run), {
      ownerUserId: run.client.session.userId,
      requireSeq: this.profile.capabilities.seq,
      requireFinalReport: this.profile.capabilities.finalReport,
      requireEnded: true,
    });
    expectSequenceKept(broken, heading);
  }

  /** The client's socket received no frame of another user, and none of another user's `runs`. */
  expectNoForeignFrames(client: ProtocolClient, runs: readonly ProtocolRun[]): void {
    const frames = this.frames(client).filter((f) => typeof f.run_id === 'string');
    const othersRuns = new Set(runs.filter((r) => r.client.session.userId !== client.session.userId).map((r) => r.runId));
    const leaked = frames.filter((f) => f.user_id !== client.session.userId || othersRuns.has(String(f.run_id)));
    const shown = leaked.map((f) => `${String(f.type)} of run ${String(f.run_id)} (user ${String(f.user_id)})`);
    checkRuleNow('user-isolation', () => expect(shown, `${client.label} received another user's frames`).toEqual([]));
  }

  /** Connect, first event and run times held against the budgets (and attached for the sign-off). */
  expectWithinBudgets(measured: SlaMetrics): Promise<void> {
    return expectWithinBudgets(measured, this.budgets);
  }

  /** Closes every socket and deletes every thread this test opened (by id: never another run's). */
  async close(): Promise<void> {
    for (const client of this.clients.splice(0)) client.socket.close();
    for (const { session, id } of this.threads.splice(0)) await this.api.deleteThread(session, id).catch(() => undefined);
  }
}
