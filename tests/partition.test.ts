import { describe, expect, it } from 'vitest';
import { extraUsersFor, extraUserShortage, faultUserFor, faultUserShortage, slotMarker } from '../config/partition';

const users = Array.from({ length: 6 }, (_, i) => ({ key: `fault${i + 1}`, email: `f${i + 1}@example.test`, password: 'x' }));

describe('fault users on a shared target', () => {
  it('gives every worker of every shard its own user', () => {
    const taken = [1, 2, 3].flatMap((current) =>
      [0, 1].map((parallelIndex) => faultUserFor(users, { parallelIndex, workers: 2, shard: { current, total: 3 } })?.key),
    );
    expect(taken).toEqual(['fault1', 'fault2', 'fault3', 'fault4', 'fault5', 'fault6']);
    expect(faultUserFor(users, { parallelIndex: 1, workers: 2, shard: null })?.key).toBe('fault2');
  });

  it('names the shortage when workers × shards exceed the users', () => {
    expect(faultUserShortage(6, 2, { current: 1, total: 3 })).toBeUndefined();
    expect(faultUserShortage(6, 3, { current: 1, total: 3 })).toMatch(/lists 6 fault users, but 3 workers × 3 shards need 9/);
    expect(faultUserShortage(1, 2, null)).toMatch(/lists 1 fault user, but 2 workers need 2/);
  });
});

describe('extra users and created threads on a shared target', () => {
  const extras = Array.from({ length: 12 }, (_, i) => ({ key: `user${i + 3}`, email: `u${i + 3}@example.test`, password: 'x' }));

  it('gives every worker of every shard its own slice of extra users, none shared', () => {
    const slices = [1, 2, 3].flatMap((current) =>
      [0, 1].map((parallelIndex) => extraUsersFor(extras, { parallelIndex, workers: 2, shard: { current, total: 3 } }, 2)!.map((u) => u.key)),
    );
    expect(slices[0]).toEqual(['user3', 'user4']);
    expect(slices[5]).toEqual(['user13', 'user14']);
    expect(new Set(slices.flat()).size).toBe(12);
    expect(extraUsersFor(extras, { parallelIndex: 1, workers: 2, shard: null }, 1)!.map((u) => u.key)).toEqual(['user4']);
    expect(extraUsersFor(extras, { parallelIndex: 0, workers: 2, shard: null }, 0)).toEqual([]);
  });

  it('has no slice for a worker past the end of the list, and names the shortage', () => {
    expect(extraUsersFor(extras, { parallelIndex: 3, workers: 4, shard: { current: 2, total: 2 } }, 2)).toBeUndefined();
    expect(extraUserShortage(12, 2, 2, { current: 1, total: 3 })).toBeUndefined();
    expect(extraUserShortage(12, 2, 3, { current: 1, total: 3 })).toMatch(/^E2E_EXTRA_USERS lists 12 extra users, but E2E_ISOLATION_USERS needs 2 per worker and 3 workers × 3 shards need 18 /);
    expect(extraUserShortage(1, 1, 2, null)).toMatch(/lists 1 extra user, but .* 2 workers need 2/);
    expect(extraUserShortage(0, 0, 4, { current: 1, total: 2 })).toBeUndefined();
  });

  it('marks the threads of each shard and worker apart', () => {
    const marks = [1, 2].flatMap((current) => [0, 1].map((w) => slotMarker(w, { current, total: 2 })));
    expect(marks).toEqual(['s1of2-w0', 's1of2-w1', 's2of2-w0', 's2of2-w1']);
    expect(slotMarker(1, null)).toBe('w1');
  });
});
