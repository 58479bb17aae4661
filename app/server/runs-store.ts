/** Runs and their frames in SQLite, for `resume` and GET /api/runs/:id/events. */
import type { Db } from './db';
import type { StoredFrame } from './socket-hub';

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

export interface RunRow {
  id: string;
  user_id: string;
  thread_id: string;
  status: RunStatus;
}

export function createRun(db: Db, run: { id: string; userId: string; threadId: string; agentType: string | null }): void {
  db.prepare(`INSERT INTO runs (id, user_id, thread_id, status, agent_type, created_at) VALUES (?, ?, ?, 'running', ?, ?)`).run(
    run.id,
    run.userId,
    run.threadId,
    run.agentType,
    new Date().toISOString(),
  );
}

export function finishRun(db: Db, runId: string, status: Exclude<RunStatus, 'running'>): void {
  db.prepare(`UPDATE runs SET status = ?, finished_at = ? WHERE id = ? AND status = 'running'`).run(status, new Date().toISOString(), runId);
}

/** The caller's run, or null (another user's run is indistinguishable from a missing one). */
export function findRun(db: Db, userId: string, runId: string): RunRow | null {
  const row = db.prepare('SELECT id, user_id, thread_id, status FROM runs WHERE id = ? AND user_id = ?').get(runId, userId) as RunRow | undefined;
  return row ?? null;
}

export function activeRunId(db: Db, userId: string, threadId: string): string | null {
  const row = db
    .prepare(`SELECT id FROM runs WHERE thread_id = ? AND user_id = ? AND status = 'running' ORDER BY created_at DESC, rowid DESC LIMIT 1`)
    .get(threadId, userId) as { id: string } | undefined;
  return row?.id ?? null;
}

export function appendEvent(db: Db, runId: string, seq: number, type: string, json: string): void {
  db.prepare('INSERT INTO run_events (run_id, seq, type, frame) VALUES (?, ?, ?, ?)').run(runId, seq, type, json);
}

export function eventsAfter(db: Db, runId: string, afterSeq: number): StoredFrame[] {
  return db
    .prepare('SELECT seq, frame AS json FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq ASC')
    .all(runId, afterSeq) as StoredFrame[];
}
