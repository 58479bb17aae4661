/** Threads and messages in SQLite. Every query names the owner, so other users' rows never match. */
import { randomUUID } from 'node:crypto';
import type { StoredMessage, Thread } from '../../contract/http';
import type { Db } from './db';

interface ThreadRow {
  id: string;
  title: string | null;
  metadata: string | null;
  created_at: string;
  updated_at: string;
  message_count: number;
}

interface MessageRow {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  metadata: string | null;
  created_at: string;
}

export interface ThreadChanges {
  title?: string | null;
  metadata?: Record<string, unknown> | null;
}

const THREAD_COLUMNS = `t.id, t.title, t.metadata, t.created_at, t.updated_at,
  (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) AS message_count`;

function toThread(row: ThreadRow): Thread {
  return {
    id: row.id,
    object: 'thread',
    title: row.title,
    created_at: row.created_at,
    updated_at: row.updated_at,
    metadata: parseJson(row.metadata),
    message_count: row.message_count,
  };
}

function toMessage(row: MessageRow): StoredMessage {
  return { id: row.id, role: row.role, content: row.content, created_at: row.created_at, metadata: parseJson(row.metadata) };
}

function parseJson(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

export function createThread(db: Db, userId: string, changes: ThreadChanges = {}): Thread {
  const id = randomUUID();
  const now = new Date().toISOString();
  db.prepare('INSERT INTO threads (id, user_id, title, metadata, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    userId,
    changes.title ?? null,
    changes.metadata ? JSON.stringify(changes.metadata) : null,
    now,
    now,
  );
  return findThread(db, userId, id)!;
}

/** Newest first. */
export function listThreads(db: Db, userId: string, limit: number, offset: number): Thread[] {
  const rows = db
    .prepare(
      `SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.user_id = ? AND t.deleted_at IS NULL
       ORDER BY t.created_at DESC, t.rowid DESC LIMIT ? OFFSET ?`,
    )
    .all(userId, limit, offset) as ThreadRow[];
  return rows.map(toThread);
}

export function findThread(db: Db, userId: string, threadId: string): Thread | null {
  const row = db
    .prepare(`SELECT ${THREAD_COLUMNS} FROM threads t WHERE t.id = ? AND t.user_id = ? AND t.deleted_at IS NULL`)
    .get(threadId, userId) as ThreadRow | undefined;
  return row ? toThread(row) : null;
}

export function updateThread(db: Db, userId: string, threadId: string, changes: ThreadChanges): Thread | null {
  const current = findThread(db, userId, threadId);
  if (!current) return null;
  const title = changes.title !== undefined ? changes.title : current.title;
  const metadata = changes.metadata !== undefined ? changes.metadata : current.metadata;
  db.prepare('UPDATE threads SET title = ?, metadata = ?, updated_at = ? WHERE id = ? AND user_id = ?').run(
    title,
    metadata ? JSON.stringify(metadata) : null,
    new Date().toISOString(),
    threadId,
    userId,
  );
  return findThread(db, userId, threadId);
}

/** Soft delete: runs and events that point at the thread stay consistent. */
export function deleteThread(db: Db, userId: string, threadId: string): boolean {
  const result = db
    .prepare('UPDATE threads SET deleted_at = ? WHERE id = ? AND user_id = ? AND deleted_at IS NULL')
    .run(new Date().toISOString(), threadId, userId);
  return result.changes === 1;
}

export interface NewMessage {
  threadId: string;
  userId: string;
  role: 'user' | 'assistant';
  content: string;
  metadata?: Record<string, unknown>;
}

/** Stores a message, touches the thread, and names an untitled thread after its first user message. */
export function addMessage(db: Db, message: NewMessage): StoredMessage {
  const id = randomUUID();
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare('INSERT INTO messages (id, thread_id, user_id, role, content, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      id,
      message.threadId,
      message.userId,
      message.role,
      message.content,
      message.metadata ? JSON.stringify(message.metadata) : null,
      now,
    );
    db.prepare('UPDATE threads SET updated_at = ? WHERE id = ? AND user_id = ?').run(now, message.threadId, message.userId);
    if (message.role === 'user') {
      db.prepare('UPDATE threads SET title = ? WHERE id = ? AND user_id = ? AND title IS NULL').run(
        titleFrom(message.content),
        message.threadId,
        message.userId,
      );
    }
  })();
  return { id, role: message.role, content: message.content, created_at: now, metadata: message.metadata ?? null };
}

function titleFrom(content: string): string {
  const oneLine = content.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** Oldest first. */
export function listMessages(db: Db, userId: string, threadId: string, limit: number, offset: number): { messages: StoredMessage[]; total: number } {
  const rows = db
    .prepare(
      `SELECT id, role, content, metadata, created_at FROM messages WHERE thread_id = ? AND user_id = ?
       ORDER BY created_at ASC, rowid ASC LIMIT ? OFFSET ?`,
    )
    .all(threadId, userId, limit, offset) as MessageRow[];
  const { total } = db.prepare('SELECT COUNT(*) AS total FROM messages WHERE thread_id = ? AND user_id = ?').get(threadId, userId) as {
    total: number;
  };
  return { messages: rows.map(toMessage), total };
}

/** The last `count` messages of a thread, oldest first (conversation context for a model). */
export function recentMessages(db: Db, userId: string, threadId: string, count: number): StoredMessage[] {
  const rows = db
    .prepare(
      `SELECT id, role, content, metadata, created_at FROM messages WHERE thread_id = ? AND user_id = ?
       ORDER BY created_at DESC, rowid DESC LIMIT ?`,
    )
    .all(threadId, userId, count) as MessageRow[];
  return rows.reverse().map(toMessage);
}
