/** Reading raw frames the same way in every profile: parsed JSON objects or their text. */
import { isRecord, parseJson } from '../../contract/json';
import type { NormalizedFrame } from '../types';

export { isRecord };
export type RawRecord = Record<string, unknown>;

/** The frame as an object, parsing JSON text first; null when it is not a JSON object. */
export function asRecord(raw: unknown): RawRecord | null {
  const value = typeof raw === 'string' ? parseJson(raw) : raw;
  return isRecord(value) ? value : null;
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
