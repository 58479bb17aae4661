/** HTTP client of the contract's API (§2): Bearer auth, one refresh attempt on 401. */
import type { z } from 'zod';
import type { LoginResponse, StoredMessage, Thread, TicketResponse, user } from '../../../contract/http';
import { accessToken, clearTokens, refreshToken, storeTokens } from './auth';
import { navigate } from './router';

export type User = z.infer<typeof user>;
export type ThreadDetail = Thread & { active_run_id?: string | null };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The session is gone (refresh failed): the user has been sent to /login. */
export class AuthLostError extends ApiError {
  constructor() {
    super(401, 'Your session has ended. Please sign in again.', 'AUTH_LOST');
    this.name = 'AuthLostError';
  }
}

async function errorFrom(res: Response): Promise<ApiError> {
  let detail = `Request failed (${res.status})`;
  let code: string | undefined;
  try {
    const body = (await res.json()) as { detail?: unknown; error_code?: unknown };
    if (typeof body.detail === 'string' && body.detail) detail = body.detail;
    if (typeof body.error_code === 'string') code = body.error_code;
  } catch {
    // not JSON: keep the generic message
  }
  return new ApiError(res.status, detail, code);
}

function jsonInit(method: string, body: unknown, token: string | null): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

// Refresh tokens rotate, so concurrent 401s must share a single refresh call.
let refreshInFlight: Promise<boolean> | null = null;

export function refreshTokens(): Promise<boolean> {
  refreshInFlight ??= (async () => {
    const token = refreshToken();
    if (!token) return false;
    try {
      const res = await fetch('/auth/refresh', jsonInit('POST', { refresh_token: token }, null));
      if (!res.ok) return false;
      const body = (await res.json()) as { access_token: string; refresh_token: string };
      storeTokens(body.access_token, body.refresh_token);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshInFlight = null;
  });
  return refreshInFlight;
}

/** Forget the session and go to the sign-in page. */
export function endSession(): void {
  clearTokens();
  navigate('/login', { replace: true });
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await fetch(path, jsonInit(method, body, accessToken()));
  if (res.status === 401) {
    if (await refreshTokens()) res = await fetch(path, jsonInit(method, body, accessToken()));
    if (res.status === 401) {
      endSession();
      throw new AuthLostError();
    }
  }
  if (!res.ok) throw await errorFrom(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export async function login(email: string, password: string): Promise<LoginResponse> {
  const res = await fetch('/auth/login', jsonInit('POST', { email, password }, null));
  if (!res.ok) throw await errorFrom(res);
  return (await res.json()) as LoginResponse;
}

/** Best effort: the local session ends whatever the server says. */
export async function logout(): Promise<void> {
  const token = accessToken();
  if (!token) return;
  try {
    await fetch('/auth/logout', jsonInit('POST', undefined, token));
  } catch {
    // offline: the token simply expires
  }
}

export const api = {
  me: () => request<User>('GET', '/auth/me'),
  ticket: () => request<TicketResponse>('POST', '/api/websocket/ticket', { ttl_seconds: 60 }),
  listThreads: () => request<Thread[]>('GET', '/api/threads?limit=50&offset=0'),
  createThread: (title: string) => request<Thread>('POST', '/api/threads', { title, metadata: {} }),
  getThread: (id: string) => request<ThreadDetail>('GET', `/api/threads/${encodeURIComponent(id)}`),
  async allMessages(id: string): Promise<StoredMessage[]> {
    const messages: StoredMessage[] = [];
    for (let offset = 0; ; ) {
      const page = await request<{ messages: StoredMessage[]; total: number }>(
        'GET',
        `/api/threads/${encodeURIComponent(id)}/messages?limit=50&offset=${offset}`,
      );
      messages.push(...page.messages);
      offset += page.messages.length;
      if (page.messages.length === 0 || offset >= page.total) return messages;
    }
  },
  runEvents: (runId: string, afterSeq: number) =>
    request<{ run_id: string; status: string; events: unknown[] }>(
      'GET',
      `/api/runs/${encodeURIComponent(runId)}/events?after_seq=${afterSeq}`,
    ),
};
