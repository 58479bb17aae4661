/** Reading raw frames the same way in every profile: parsed JSON objects or their text. */
import type { NormalizedFrame } from '../types';

export type RawRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The frame as an object, parsing JSON text first; null when it is not a JSON object. */
export function asRecord(raw: unknown): RawRecord | null {
  const value = typeof raw === 'string' ? parseJson(raw) : raw;
  return isRecord(value) ? value : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A frame that is not a JSON object is kept, not dropped, so the schema check reports it. */
export function unreadableFrame(raw: unknown): NormalizedFrame {
  return { frame: { type: null, unreadable: raw }, variant: 'unreadable' };
}

/** The `type` of a client or server frame, or null. */
export function frameType(raw: unknown): string | null {
  const type = asRecord(raw)?.type;
  return typeof type === 'string' ? type : null;
}
