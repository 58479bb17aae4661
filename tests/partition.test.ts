import { describe, expect, it } from 'vitest';
import { faultUserFor, faultUserShortage } from '../config/partition';

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
