/**
 * Netra's three event envelopes (nested `data`, nested `payload`, flattened) → the canonical frames
 * of contract/frames.ts. Only renames and unambiguous fill-ins: whatever is missing or mistyped
 * stays so, for the schema to report it.
 */
import { RUN_EVENT_TYPES, SUPERVISOR } from '../../contract/events';
import type { NormalizedFrame } from '../types';
import { asRecord, frameType, isRecord, type RawRecord, unreadableFrame } from '../shared/raw-frame';

export type NetraVariant = 'canonical' | 'payload' | 'data' | 'flat';

const TYPE_ALIASES: Readonly<Record<string, string>> = {
  connection_ready: 'connection_established',
  stream_chunk: 'partial_result',
};
const IGNORED_TYPES = new Set(['progress_update']);
const ENVELOPE_KEYS = ['run_id', 'thread_id', 'user_id', 'agent_name', 'timestamp', 'seq'] as const;
/** Delivery bookkeeping of the flattening emitter, not event data. */
const DELIVERY_KEYS = ['critical', 'attempt'] as const;
/** What a batch's events inherit when they lack it: where they belong, never what happened. */
const BATCH_ROUTING_KEYS = ['run_id', 'thread_id', 'user_id'] as const;
const RUN_TYPES: ReadonlySet<string> = new Set(RUN_EVENT_TYPES);

/**
 * Names Netra's top-level agent goes by in its frames. Its backend (beta-17) emits agent_started
 * and agent_thinking as "Supervisor" and its orchestration notices as "supervisor" (docs/netra.md).
 */
export const NETRA_TOP_LEVEL_AGENTS: readonly string[] = ['Supervisor', 'supervisor'];

export interface NetraNormalizeOptions {
  /** Agent names that mean the top-level agent: renamed to the contract's `supervisor`. */
  topLevelAgents?: readonly string[];
}

export function normalizeNetraFrame(raw: unknown, options: NetraNormalizeOptions = {}): NormalizedFrame[] {
  const record = asRecord(raw);
  if (!record) return [unreadableFrame(raw)];
  const type = typeof record.type === 'string' ? (TYPE_ALIASES[record.type] ?? record.type) : record.type;
  if (type === 'event_batch') return expandBatch(record, options);
  if (typeof type === 'string' && IGNORED_TYPES.has(type)) return [];
  const envelope = envelopeVariant(record);
  const canonical = toCanonical(record, type, eventBody(record, envelope));
  const frame = renameTopLevelAgent(canonical, options.topLevelAgents ?? NETRA_TOP_LEVEL_AGENTS);
  return [{ frame, variant: sameJson(frame, record) ? 'canonical' : envelope }];
}

/** The top-level agent under the contract's name, as `agent_name` and as a sub-agent's `parent_agent`. */
function renameTopLevelAgent(frame: RawRecord, names: readonly string[]): RawRecord {
  const isTop = (name: unknown) => typeof name === 'string' && name !== SUPERVISOR && names.includes(name);
  const payload = isRecord(frame.payload) ? frame.payload : undefined;
  if (!isTop(frame.agent_name) && !isTop(payload?.parent_agent)) return frame;
  return {
    ...frame,
    ...(isTop(frame.agent_name) ? { agent_name: SUPERVISOR } : {}),
    ...(payload && isTop(payload.parent_agent) ? { payload: { ...payload, parent_agent: SUPERVISOR } } : {}),
  };
}

function envelopeVariant(record: RawRecord): Exclude<NetraVariant, 'canonical'> {
  if (isRecord(record.payload)) return 'payload';
  if (isRecord(record.data)) return 'data';
  return 'flat';
}

/** Event fields from wherever the variant keeps them; nested ones win over top-level ones. */
function eventBody(record: RawRecord, envelope: Exclude<NetraVariant, 'canonical'>): RawRecord {
  const topLevel = omit(record, ['type', 'payload', 'data', ...ENVELOPE_KEYS, ...DELIVERY_KEYS]);
  const data = isRecord(record.data) ? record.data : {};
  const payload = isRecord(record.payload) ? record.payload : {};
  return envelope === 'flat' ? topLevel : { ...topLevel, ...data, ...payload };
}

function toCanonical(record: RawRecord, type: unknown, body: RawRecord): RawRecord {
  if (typeof type !== 'string') return record;
  if (RUN_TYPES.has(type)) return runFrame(record, type, body);
  switch (type) {
    case 'connection_established':
      return withTimestamp(record, { type, payload: connectionPayload(record, { ...pick(record, ['user_id']), ...body }) });
    case 'pong':
      return withTimestamp(record, { type, payload: withDefault(body, 'timestamp', record.timestamp) });
    case 'heartbeat':
      return withTimestamp(record, { type });
    case 'error_message':
      return { type, ...pick(record, ENVELOPE_KEYS), ...body };
    case 'thread_switched':
      return { type, payload: body };
    default:
      return record;
  }
}

function runFrame(record: RawRecord, type: string, body: RawRecord): RawRecord {
  const envelope = pick(record, ENVELOPE_KEYS);
  if (typeof envelope.timestamp === 'number') envelope.timestamp = epochToIso(envelope.timestamp);
  const payload = PAYLOAD_MAPPERS[type]?.({ ...body }) ?? body;
  if (type !== 'tool_executing' && type !== 'tool_completed') return { type, ...envelope, payload };
  const toolName = record.tool_name ?? payload.tool_name;
  return { type, ...envelope, ...(toolName === undefined ? {} : { tool_name: toolName }), payload };
}

type PayloadMapper = (body: RawRecord) => RawRecord;

const PAYLOAD_MAPPERS: Readonly<Record<string, PayloadMapper>> = {
  agent_started: (body) => withDefault(body, 'status', 'started'),
  agent_thinking: (body) => withDefault(body, 'status', 'thinking'),
  tool_executing: (body) => withDefault(renameField(body, 'parameters', ['tool_args']), 'status', 'executing'),
  tool_completed: (body) => {
    const mapped = renameDuration(renameField(body, 'result', ['results']), 'execution_time_ms', 'execution_time', 'duration');
    return withDefault(mapped, 'status', statusFromSuccess(mapped.success));
  },
  partial_result: (body) => withDefault(body, 'is_complete', false),
  agent_completed: (body) => {
    const mapped = renameDuration(body, 'execution_time_ms', 'execution_time', 'duration');
    return withDefault(mapped, 'status', mapped.success === false ? undefined : 'completed');
  },
  final_report: (body) => renameDuration(body, 'total_duration_ms', 'total_duration'),
  agent_error: (body) => withDefault(body, 'status', 'error'),
};

function statusFromSuccess(success: unknown): 'completed' | 'failed' | undefined {
  if (success === true) return 'completed';
  if (success === false) return 'failed';
  return undefined;
}

/** Netra may omit `server_time`; the frame's own timestamp is the server's time at that moment. */
function connectionPayload(record: RawRecord, body: RawRecord): RawRecord {
  if ('server_time' in body || record.timestamp === undefined) return body;
  return { ...body, server_time: record.timestamp };
}

function withTimestamp(record: RawRecord, frame: RawRecord): RawRecord {
  return record.timestamp === undefined ? frame : { ...frame, timestamp: record.timestamp };
}

function withDefault(body: RawRecord, key: string, value: unknown): RawRecord {
  return key in body || value === undefined ? body : { ...body, [key]: value };
}

/** Moves the first alias present to `target` unless `target` is there already. */
function renameField(body: RawRecord, target: string, aliases: readonly string[], scale = 1): RawRecord {
  if (target in body) return body;
  const alias = aliases.find((name) => name in body);
  if (alias === undefined) return body;
  const { [alias]: value, ...rest } = body;
  return { ...rest, [target]: typeof value === 'number' ? value * scale : value };
}

/** `<base>` and `<base>_ms` are milliseconds; names that say seconds are scaled to ms. */
function renameDuration(body: RawRecord, target: string, ...bases: string[]): RawRecord {
  const inMs = bases.flatMap((base) => [base, `${base}_ms`]);
  const inSeconds = bases.flatMap((base) => [`${base}_seconds`, `${base}_s`]);
  return renameField(renameField(body, target, inMs), target, inSeconds, 1000);
}

function epochToIso(epoch: number): string | number {
  const date = new Date(Math.round(epoch < 1e11 ? epoch * 1000 : epoch));
  return Number.isNaN(date.getTime()) ? epoch : date.toISOString();
}

/**
 * `events` is a list, or lists grouped by type. Grouping loses the order, so grouped events are
 * put back in timestamp order when every one has a readable timestamp.
 */
function expandBatch(batch: RawRecord, options: NetraNormalizeOptions): NormalizedFrame[] {
  const body = eventBody(batch, envelopeVariant(batch));
  const routing = pick(batch, BATCH_ROUTING_KEYS);
  const events = Array.isArray(body.events) ? body.events : isRecord(body.events) ? ungroup(body.events) : [];
  return events.flatMap((event) =>
    isRecord(event) ? normalizeNetraFrame({ ...routing, ...event }, options) : [unreadableFrame(event)],
  );
}

function ungroup(groups: RawRecord): unknown[] {
  const events = Object.entries(groups).flatMap(([type, list]) =>
    (Array.isArray(list) ? list : [list]).map((event) => (isRecord(event) ? { type, ...event } : event)),
  );
  const times = events.map((event) => (isRecord(event) ? timeOf(event.timestamp) : Number.NaN));
  if (times.some(Number.isNaN)) return events;
  return events.map((event, i) => ({ event, time: times[i] ?? 0 })).sort((a, b) => a.time - b.time).map((e) => e.event);
}

function timeOf(timestamp: unknown): number {
  if (typeof timestamp === 'number') return timestamp < 1e11 ? timestamp * 1000 : timestamp;
  return typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
}

function pick(record: RawRecord, keys: readonly string[]): RawRecord {
  return Object.fromEntries(keys.filter((key) => record[key] !== undefined).map((key) => [key, record[key]]));
}

function omit(record: RawRecord, keys: readonly string[]): RawRecord {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
  }
  return Object.is(a, b);
}

/** Client frame aliases the Netra backend accepts. */
const CLIENT_TYPE_ALIASES: Readonly<Record<string, string>> = {
  chat_message: 'user_message',
  user_input: 'user_message',
  message: 'user_message',
  execute_agent: 'start_agent',
};

export function netraClientFrameType(raw: unknown): string | null {
  const type = frameType(raw);
  return type === null ? null : (CLIENT_TYPE_ALIASES[type] ?? type);
}
