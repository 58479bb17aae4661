/** A tiny fetch-based HTTP client for the reference app's API, plus sign-in helpers. */
import { expect } from 'vitest';
import type { z } from 'zod';
import {
  errorBody,
  loginResponse,
  messagePage,
  thread as threadSchema,
  threadList,
  ticketResponse,
  type LoginResponse,
  type StoredMessage,
  type Thread,
  type TicketResponse,
} from '../../../contract/http';
import type { SeedUser } from './server';

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when empty / not JSON. */
  body: T;
  /** The raw body text. */
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** A JS value to send as JSON. */
  json?: unknown;
  /** A raw body (sent as is, with `contentType` or application/json). */
  raw?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  headers?: Record<string, string>;
}

export class Http {
  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = opts.contentType ?? 'application/json';
    } else if (opts.raw !== undefined) {
      body = opts.raw;
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }
  post<T = unknown>(path: string, json?: unknown, token?: string) {
    return this.request<T>('POST', path, { json, token });
  }
  put<T = unknown>(path: string, json?: unknown, token?: string) {
    return this.request<T>('PUT', path, { json, token });
  }
  delete<T = unknown>(path: string, token?: string) {
    return this.request<T>('DELETE', path, { token });
  }
}

/** Short description of a response for assertion messages (never includes request secrets). */
export function describeRes(res: HttpResult): string {
  return `HTTP ${res.status} ${res.text.slice(0, 300)}`;
}

/** Asserts the status and parses the body with a contract schema. */
export function expectBody<S extends z.ZodType>(res: HttpResult, status: number | number[], schema: S, what: string): z.infer<S> {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${what}: expected HTTP ${statuses.join('|')}, got ${describeRes(res)}`).toContain(res.status);
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) {
    throw new Error(`${what}: body does not match the contract schema: ${parsed.error.message}\nbody: ${res.text.slice(0, 500)}`);
  }
  return parsed.data;
}

/** Asserts an error answer: the status and the `{detail, error_code}` body. */
export function expectError(res: HttpResult, status: number | number[], what: string, code?: string) {
  const body = expectBody(res, status, errorBody, what);
  if (code) expect(body.error_code, `${what}: error_code`).toBe(code);
  return body;
}

export interface Session {
  user: SeedUser;
  userId: string;
  token: string;
  refreshToken: string;
  login: LoginResponse;
}

export async function login(http: Http, user: SeedUser): Promise<Session> {
  const res = await http.post('/auth/login', { email: user.email, password: user.password });
  const body = expectBody(res, 200, loginResponse, `login of ${user.key}`);
  expect(body.user.email, 'login answers the signed-in user').toBe(user.email);
  return { user, userId: body.user.id, token: body.access_token, refreshToken: body.refresh_token, login: body };
}

export async function ticket(http: Http, token: string, ttlSeconds?: number): Promise<TicketResponse> {
  const res = await http.post('/api/websocket/ticket', ttlSeconds === undefined ? {} : { ttl_seconds: ttlSeconds }, token);
  return expectBody(res, [200, 201], ticketResponse, 'POST /api/websocket/ticket');
}

export async function createThread(http: Http, token: string, title = 'test thread', metadata?: Record<string, unknown>): Promise<string> {
  const res = await http.post('/api/threads', metadata === undefined ? { title } : { title, metadata }, token);
  expect([200, 201], `create thread: ${describeRes(res)}`).toContain(res.status);
  const id = (res.body as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string') throw new Error(`create thread answered no id: ${describeRes(res)}`);
  return id;
}

/** The stored messages of a thread (validated against the contract), oldest first. */
export async function messagesOf(http: Http, token: string, threadId: string, limit = 50): Promise<StoredMessage[]> {
  const res = await http.get(`/api/threads/${threadId}/messages?limit=${limit}&offset=0`, token);
  const page = expectBody(res, 200, messagePage, `GET /api/threads/${threadId}/messages`);
  expect(page.thread_id).toBe(threadId);
  return page.messages;
}

/** One thread (validated against the contract) plus the reference app's `active_run_id`. */
export async function threadOf(http: Http, token: string, threadId: string): Promise<Thread & { active_run_id?: string | null }> {
  const res = await http.get(`/api/threads/${threadId}`, token);
  const t = expectBody(res, 200, threadSchema, `GET /api/threads/${threadId}`);
  return { ...t, active_run_id: (res.body as { active_run_id?: string | null }).active_run_id };
}

/** The caller's threads (validated), newest first. */
export async function threadsOf(http: Http, token: string, limit = 100, offset = 0): Promise<Thread[]> {
  return expectBody(await http.get(`/api/threads?limit=${limit}&offset=${offset}`, token), 200, threadList, 'GET /api/threads');
}
