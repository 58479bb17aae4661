/** zod schemas of the HTTP API bodies (contract §2). */
import { z } from 'zod';
import { FAULT_KINDS } from './events';

const id = z.string().min(1);
const isoTime = z.iso.datetime({ offset: true });

export const errorBody = z.object({ detail: z.string().min(1), error_code: z.string().min(1) });

export const user = z.object({ id, email: z.email(), full_name: z.string() });

export const loginRequest = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });
export const loginResponse = z.object({
  access_token: id,
  refresh_token: id,
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().positive(),
  user,
});
export type LoginResponse = z.infer<typeof loginResponse>;

export const refreshResponse = z.object({ access_token: id, refresh_token: id, expires_in: z.number().int().positive() });

export const healthReady = z.object({ status: z.literal('ready'), version: z.string(), started_at: z.string() });

export const authConfig = z.object({
  development_mode: z.boolean(),
  google_client_id: z.string(),
  oauth_enabled: z.boolean(),
  endpoints: z.object({ login: z.string(), refresh: z.string(), logout: z.string() }),
});

/** Unix time in **seconds** (contract §2): a value this large is milliseconds. */
const unixSeconds = z.number().positive().max(1e11, 'must be unix seconds, not milliseconds');

export const ticketResponse = z
  .object({
    ticket_id: id,
    expires_at: unixSeconds,
    created_at: unixSeconds,
    ttl_seconds: z.number().int().positive().max(300),
    single_use: z.literal(true),
    websocket_url: z.string().min(1),
  })
  .refine((t) => Math.abs(t.expires_at - t.created_at - t.ttl_seconds) <= 2, {
    message: 'must be created_at + ttl_seconds',
    path: ['expires_at'],
  });
export type TicketResponse = z.infer<typeof ticketResponse>;

export const thread = z.object({
  id,
  object: z.literal('thread'),
  title: z.string().nullable(),
  created_at: isoTime,
  updated_at: isoTime,
  metadata: z.record(z.string(), z.unknown()).nullable(),
  message_count: z.number().int().nonnegative(),
});
export type Thread = z.infer<typeof thread>;
/** GET /api/threads/:id on targets with `resume`: the run in flight, so a reloaded page can resume it. */
export const threadDetail = thread.extend({ active_run_id: z.string().min(1).nullable().optional() });
export const threadList = z.array(thread);

export const storedMessage = z.object({
  id,
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  created_at: isoTime,
  metadata: z.record(z.string(), z.unknown()).nullable(),
});
export type StoredMessage = z.infer<typeof storedMessage>;

export const messagePage = z.object({
  thread_id: id,
  messages: z.array(storedMessage),
  total: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  offset: z.number().int().nonnegative(),
});

export const executeRequest = z.object({
  request_id: id,
  agent_type: z.string().optional(),
  message: z.string(),
  thread_id: id,
  context: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export const executeResponse = z.object({ request_id: id, success: z.literal(true), run_id: id, thread_id: id });

export const runEvents = z.object({ run_id: id, status: z.string(), events: z.array(z.unknown()) });

export const refreshRequest = z.object({ refresh_token: z.string().min(1).max(1024) });
export const validateTokenRequest = z.object({ token: z.string().min(1).max(4096).optional() }).optional();
export const ticketRequest = z.object({ ttl_seconds: z.number().int().positive().optional() }).optional();

const threadTitle = z.string().max(500).nullable().optional();
const threadMetadata = z.record(z.string(), z.unknown()).nullable().optional();
export const createThreadRequest = z.object({ title: threadTitle, metadata: threadMetadata }).optional();
export const updateThreadRequest = z.object({ title: threadTitle, metadata: threadMetadata });

/** Query strings: absent values take the contract's defaults (`limit=20&offset=0`, `limit=50&offset=0`). */
const count = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);
export const threadListQuery = z.object({ limit: count(20, 100).pipe(z.number().min(1)), offset: count(0, 1_000_000) });
export const messageListQuery = z.object({ limit: count(50, 500).pipe(z.number().min(1)), offset: count(0, 1_000_000) });
export const runEventsQuery = z.object({ after_seq: count(0, 1_000_000_000) });

export const faultRequest = z.object({
  kind: z.enum(FAULT_KINDS),
  after_events: z.number().int().nonnegative().optional(),
});
