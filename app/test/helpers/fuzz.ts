/** Seeded generators of hostile input: random JSON, mutated valid frames/bodies, truncations, oversized text. */
import type { Prng } from './util';

const KEYS = ['type', 'payload', 'content', 'thread_id', 'run_id', 'after_seq', 'user_request', 'timestamp', '__proto__', 'constructor', 'prototype', 'toString', 'email', 'password', 'token', 'title', 'metadata', 'kind', 'ttl_seconds', ''];
const STRINGS = ['', ' ', 'null', 'undefined', 'NaN', '0', '-1', '1e309', '__proto__', 'constructor', "' OR 1=1 --", '<img src=x onerror=alert(1)>', '../../etc/passwd', '%00', '\u0000', '\u202e', '💥', 'ping', 'start_agent', 'user_message', 'resume', 'stop_agent', 'switch_thread'];

export function randomString(r: Prng, max = 64): string {
  const kind = r.int(0, 4);
  if (kind === 0) return r.pick(STRINGS);
  const len = r.int(0, max);
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = r.int(0, 9);
    // Mostly printable ASCII, some BMP (including lone surrogates, which encode as U+FFFD), some astral.
    s += c < 6 ? String.fromCharCode(r.int(32, 126)) : c < 9 ? String.fromCharCode(r.int(0, 0xffff)) : String.fromCodePoint(r.int(0x10000, 0x10ffff));
  }
  return s;
}

export function randomValue(r: Prng, depth = 0): unknown {
  const kind = r.int(0, depth > 3 ? 5 : 8);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, -1, 1, 2 ** 53, -(2 ** 31), 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
    case 4:
    case 5:
      return randomString(r);
    case 6:
      return Array.from({ length: r.int(0, 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(0, 4); i > 0; i--) Object.defineProperty(o, r.pick(KEYS), { value: randomValue(r, depth + 1), enumerable: true, configurable: true, writable: true });
      return o;
    }
  }
}

/** A structurally valid value with one random change: a key dropped, a value swapped, a wrapper added. */
export function mutate(r: Prng, valid: Record<string, unknown>): unknown {
  const clone = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
  const targets: Record<string, unknown>[] = [clone];
  if (clone.payload && typeof clone.payload === 'object') targets.push(clone.payload as Record<string, unknown>);
  const target = r.pick(targets);
  const keys = Object.keys(target);
  switch (r.int(0, 7)) {
    case 0:
      if (keys.length) delete target[r.pick(keys)];
      return clone;
    case 1:
      if (keys.length) target[r.pick(keys)] = randomValue(r);
      return clone;
    case 2:
      Object.defineProperty(target, r.pick(KEYS), { value: randomValue(r), enumerable: true, configurable: true, writable: true });
      return clone;
    case 3:
      return [clone];
    case 4:
      if (keys.length) target[r.pick(keys)] = 'A'.repeat(r.int(9_000, 12_000));
      return clone;
    case 5: {
      let nested: unknown = clone;
      for (let i = r.int(10, 2_000); i > 0; i--) nested = [nested];
      return nested;
    }
    case 6:
      if (keys.length) target[r.pick(keys)] = r.pick([{}, [], 0, '', null, true]);
      return clone;
    default:
      return clone; // unchanged: valid input must keep working amid the noise
  }
}

export type Encoded = { text: string; binary?: false } | { bytes: Buffer; binary: true };

/** One hostile message: a mutated valid one, random JSON, truncated JSON, garbage text or binary bytes. */
export function hostileMessage(r: Prng, templates: Record<string, unknown>[]): { data: Encoded; what: string } {
  const kind = r.int(0, 9);
  if (kind <= 3) {
    const v = mutate(r, r.pick(templates));
    return { data: { text: JSON.stringify(v) }, what: 'mutated valid' };
  }
  if (kind <= 5) return { data: { text: JSON.stringify(randomValue(r)) }, what: 'random JSON' };
  if (kind <= 7) {
    const full = JSON.stringify(mutate(r, r.pick(templates)));
    return { data: { text: full.slice(0, r.int(0, Math.max(0, full.length - 1))) }, what: 'truncated JSON' };
  }
  if (kind === 8) return { data: { text: randomString(r, 300) }, what: 'garbage text' };
  const bytes = Buffer.alloc(r.int(0, 256));
  for (let i = 0; i < bytes.length; i++) bytes[i] = r.int(0, 255);
  return { data: { bytes, binary: true }, what: 'binary bytes' };
}

/** A hostile HTTP body: JSON text (random, mutated, truncated) or garbage. */
export function hostileBody(r: Prng, valid: Record<string, unknown>): { text: string; what: string } {
  const kind = r.int(0, 7);
  if (kind <= 3) return { text: JSON.stringify(mutate(r, valid)), what: 'mutated valid' };
  if (kind === 4) return { text: JSON.stringify(randomValue(r)), what: 'random JSON' };
  if (kind === 5) {
    const full = JSON.stringify(valid);
    return { text: full.slice(0, r.int(1, full.length - 1)), what: 'truncated JSON' };
  }
  if (kind === 6) return { text: randomString(r, 200), what: 'garbage text' };
  return { text: `{"a":${'['.repeat(r.int(100, 5_000))}`, what: 'deep unterminated nesting' };
}
