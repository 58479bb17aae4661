/**
 * Starts, paces, stores, cancels and ends runs. Each frame is stored before it is sent, and
 * storing + sending happen in one synchronous step, so `resume` never sees a gap or a duplicate.
 */
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { ERROR_CODES, SUPERVISOR } from '../../contract/events';
import type { Db } from './db';
import type { Fault, FaultStore } from './faults';
import { type LanguageModel, ModelError } from './model';
import { sleep } from './pace';
import { driveRun, type RunActions, type RunInput } from './run-driver';
import { buildRunFrame, isClosingFrame, type PayloadOf, type RunFrameType } from './run-frames';
import { appendEvent, createRun, findRun, finishRun, type RunStatus } from './runs-store';
import type { SocketHub } from './socket-hub';
import { addMessage, recentMessages } from './threads';

export interface StartRunInput {
  userId: string;
  threadId: string;
  content: string;
  source: 'websocket' | 'rest';
  agentType?: string | null;
}

interface LiveRun {
  id: string;
  userId: string;
  threadId: string;
  seq: number;
  lastTimestampMs: number;
  paceMs: number;
  faults: Fault[];
  controller: AbortController;
  committed: boolean;
  ended: boolean;
  socketsDropped: boolean;
  /** execution_id → the tool_executing frame's tool and agent, until its tool_completed. */
  openTools: Map<string, { agent: string; tool: string; startedAtMs: number }>;
  done: Promise<void>;
}

/** Why a run was stopped from outside. */
class RunStop extends Error {
  constructor(readonly code: 'CANCELLED' | 'SERVER_SHUTDOWN') {
    super(code);
  }
}

/** Storing the answer failed; the run ends with DB_ERROR. */
class StoreError extends Error {}

interface Failure {
  code: string;
  message: string;
  recoverable: boolean;
  status: Exclude<RunStatus, 'running' | 'completed'>;
}

export type CancelResult = 'cancelled' | 'not_found' | 'not_active';

const HISTORY_MESSAGES = 10;

export class RunEngine {
  private readonly live = new Map<string, LiveRun>();

  constructor(
    private readonly db: Db,
    private readonly hub: SocketHub,
    private readonly faults: FaultStore,
    private readonly model: LanguageModel,
    private readonly agentPaceMs: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  get modelName(): string {
    return this.model.name;
  }

  /** Stores the user message, creates the run and sends its first frame before returning. */
  start(input: StartRunInput): { runId: string } {
    const history = recentMessages(this.db, input.userId, input.threadId, HISTORY_MESSAGES).map((m) => ({ role: m.role, content: m.content }));
    const runId = randomUUID();
    addMessage(this.db, { threadId: input.threadId, userId: input.userId, role: 'user', content: input.content, metadata: { run_id: runId, source: input.source } });
    createRun(this.db, { id: runId, userId: input.userId, threadId: input.threadId, agentType: input.agentType ?? null });
    const faults = this.faults.takeForNextRun(input.userId);
    const run: LiveRun = {
      id: runId,
      userId: input.userId,
      threadId: input.threadId,
      seq: 0,
      lastTimestampMs: 0,
      paceMs: paceFor(this.agentPaceMs, faults),
      faults,
      controller: new AbortController(),
      committed: false,
      ended: false,
      socketsDropped: false,
      openTools: new Map(),
      done: Promise.resolve(),
    };
    this.live.set(runId, run);
    this.hub.subscribeUser(run.userId, runId);
    this.log.info({ runId, userId: run.userId, faults: faults.map((f) => f.kind) }, 'run started');
    run.done = this.execute(run, { request: input.content, history });
    return { runId };
  }

  cancel(userId: string, runId: string): CancelResult {
    const run = this.live.get(runId);
    if (!run || run.userId !== userId) return findRun(this.db, userId, runId) ? 'not_active' : 'not_found';
    if (run.committed || run.ended) return 'not_active';
    run.controller.abort(new RunStop('CANCELLED'));
    return 'cancelled';
  }

  cancelThreadRuns(userId: string, threadId: string): void {
    for (const run of this.live.values()) {
      if (run.userId === userId && run.threadId === threadId) this.cancel(userId, run.id);
    }
  }

  /** Interrupts every run in flight and waits until each has sent its last frame. */
  async shutdown(): Promise<void> {
    const runs = [...this.live.values()];
    for (const run of runs) run.controller.abort(new RunStop('SERVER_SHUTDOWN'));
    await Promise.allSettled(runs.map((r) => r.done));
  }

  private async execute(run: LiveRun, input: RunInput): Promise<void> {
    try {
      await driveRun(input, this.actionsFor(run));
      finishRun(this.db, run.id, 'completed');
    } catch (err) {
      this.endWithError(run, this.failureOf(run, err));
    } finally {
      this.live.delete(run.id);
    }
  }

  private actionsFor(run: LiveRun): RunActions {
    return {
      emit: (type, agent, payload) => {
        this.throwIfStopped(run);
        this.emitFrame(run, type, agent, payload);
      },
      pace: (factor = 1) => sleep(run.paceMs * factor, run.committed ? undefined : run.controller.signal),
      takeToolFault: () => this.takeToolFault(run),
      answer: (answerInput) => {
        if (hasFault(run, 'llm_error')) return Promise.reject(new ModelError('The language model failed (injected llm_error fault)'));
        return this.model.answer(answerInput, run.controller.signal);
      },
      storeAnswer: (answer) => this.storeAnswer(run, answer),
      commit: () => {
        this.throwIfStopped(run);
        run.committed = true;
      },
    };
  }

  private throwIfStopped(run: LiveRun): void {
    if (!run.committed && run.controller.signal.aborted) throw run.controller.signal.reason;
  }

  /** Numbers, stamps, stores and sends one frame of the run. */
  private emitFrame<T extends RunFrameType>(run: LiveRun, type: T, agent: string, payload: PayloadOf<T>): void {
    if (run.ended) throw new Error(`run ${run.id} already ended; refusing to send ${type}`);
    const seq = run.seq + 1;
    const timestampMs = Math.max(Date.now(), run.lastTimestampMs);
    const frame = buildRunFrame(run, seq, new Date(timestampMs).toISOString(), type, agent, payload);
    const json = JSON.stringify(frame);
    appendEvent(this.db, run.id, seq, type, json);
    run.seq = seq;
    run.lastTimestampMs = timestampMs;
    run.ended = isClosingFrame(type);
    this.trackOpenTools(run, type, agent, payload);
    this.dropSocketsIfDue(run, seq);
    this.hub.sendToUser(run.userId, run.id, { seq, json });
  }

  private trackOpenTools<T extends RunFrameType>(run: LiveRun, type: T, agent: string, payload: PayloadOf<T>): void {
    if (!('execution_id' in payload)) return;
    if (type === 'tool_executing') run.openTools.set(payload.execution_id, { agent, tool: payload.tool_name, startedAtMs: Date.now() });
    if (type === 'tool_completed') run.openTools.delete(payload.execution_id);
  }

  /** A run cut short still completes its open tools (as failed), so no tool badge spins forever. */
  private failOpenTools(run: LiveRun, failure: Failure): void {
    for (const [executionId, open] of run.openTools) {
      this.emitFrame(run, 'tool_completed', open.agent, {
        status: 'failed',
        tool_name: open.tool,
        execution_id: executionId,
        error: `interrupted: ${failure.message}`,
        execution_time_ms: Date.now() - open.startedAtMs,
      });
    }
  }

  /** ws_drop fault: close the user's sockets once `after_events` frames have gone out. */
  private dropSocketsIfDue(run: LiveRun, seq: number): void {
    const fault = run.faults.find((f) => f.kind === 'ws_drop');
    if (!fault || run.socketsDropped || seq - 1 < fault.afterEvents) return;
    run.socketsDropped = true;
    this.log.info({ runId: run.id }, 'fault ws_drop: closing the user sockets');
    this.hub.closeUser(run.userId, 4000, 'fault injection: ws_drop');
  }

  private takeToolFault(run: LiveRun): 'tool_error' | 'tool_timeout' | null {
    const index = run.faults.findIndex((f) => (f.kind === 'tool_error' || f.kind === 'tool_timeout') && run.seq >= f.afterEvents);
    if (index === -1) return null;
    const [fault] = run.faults.splice(index, 1);
    return fault!.kind as 'tool_error' | 'tool_timeout';
  }

  /** The assistant message, stored before the supervisor's agent_completed goes out. */
  private storeAnswer(run: LiveRun, answer: string): void {
    if (hasFault(run, 'db_error')) throw new StoreError('injected db_error fault');
    try {
      addMessage(this.db, { threadId: run.threadId, userId: run.userId, role: 'assistant', content: answer, metadata: { run_id: run.id } });
    } catch (err) {
      throw new StoreError((err as Error).message);
    }
  }

  private failureOf(run: LiveRun, err: unknown): Failure {
    const stop = run.controller.signal.aborted ? run.controller.signal.reason : null;
    if (stop instanceof RunStop && stop.code === 'CANCELLED') {
      return { code: ERROR_CODES.cancelled, message: 'The run was cancelled', recoverable: true, status: 'cancelled' };
    }
    if (stop instanceof RunStop) {
      return { code: 'SERVER_SHUTDOWN', message: 'The server shut down while the run was in progress', recoverable: true, status: 'interrupted' };
    }
    if (err instanceof ModelError) return { code: 'LLM_ERROR', message: err.message, recoverable: true, status: 'failed' };
    if (err instanceof StoreError) {
      this.log.info({ runId: run.id, reason: err.message }, 'storing the answer failed');
      return { code: 'DB_ERROR', message: 'The answer could not be saved', recoverable: true, status: 'failed' };
    }
    this.log.error({ err, runId: run.id }, 'run failed');
    return { code: 'INTERNAL_ERROR', message: 'The run failed unexpectedly', recoverable: false, status: 'failed' };
  }

  /** Exactly one agent_error closes a failed run (none if the run had already closed). */
  private endWithError(run: LiveRun, failure: Failure): void {
    try {
      if (!run.ended) {
        this.failOpenTools(run, failure);
        this.emitFrame(run, 'agent_error', SUPERVISOR, {
          status: 'error',
          error_code: failure.code,
          error_message: failure.message,
          recoverable: failure.recoverable,
        });
      }
      finishRun(this.db, run.id, failure.status);
    } catch (err) {
      this.log.error({ err, runId: run.id }, 'could not record the end of the run');
    }
  }
}

function hasFault(run: LiveRun, kind: Fault['kind']): boolean {
  return run.faults.some((f) => f.kind === kind);
}

/** The `slow` fault makes frames come 10× slower (from a 10 ms base when the pace is 0). */
function paceFor(agentPaceMs: number, faults: Fault[]): number {
  const slow = faults.some((f) => f.kind === 'slow');
  return slow ? Math.max(agentPaceMs, 10) * 10 : agentPaceMs;
}
