/**
 * Request bodies and queries that contract/http.ts has no schema for. Everything the contract
 * does define (login, execute, faults, …) is imported from there instead.
 */
import { z } from 'zod';

export const refreshRequest = z.object({ refresh_token: z.string().min(1).max(1024) });

export const validateTokenRequest = z.object({ token: z.string().min(1).max(4096).optional() }).optional();

export const ticketRequest = z.object({ ttl_seconds: z.number().int().positive().optional() }).optional();

const title = z.string().max(500).nullable().optional();
const metadata = z.record(z.string(), z.unknown()).nullable().optional();
export const createThreadRequest = z.object({ title, metadata }).optional();
export const updateThreadRequest = z.object({ title, metadata });

const count = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);
export const threadListQuery = z.object({ limit: count(20, 100).pipe(z.number().min(1)), offset: count(0, 1_000_000) });
export const messageListQuery = z.object({ limit: count(50, 500).pipe(z.number().min(1)), offset: count(0, 1_000_000) });
export const runEventsQuery = z.object({ after_seq: count(0, 1_000_000_000) });
