/**
 * Shards on different machines share one target: each (shard, worker) pair — a slot — gets its own
 * fault user and its own extra users, and marks what it creates, so a fault armed by one never hits
 * another's run and no two runs meet in one user's threads.
 */
import type { UserCredentials } from '../profiles/types';

export interface WorkerSlot {
  /** Playwright's parallelIndex: 0 … workers − 1. */
  parallelIndex: number;
  workers: number;
  /** Null where the shards share nothing (each starts its own embedded app). */
  shard: { current: number; total: number } | null;
}

/** How many slots share the target: one per worker of every shard. */
export const slotsSharing = (workers: number, shardTotal = 1): number => workers * shardTotal;

/** This slot's place among every slot sharing the target. */
export const slotIndex = (slot: WorkerSlot): number => ((slot.shard?.current ?? 1) - 1) * slot.workers + slot.parallelIndex;

/** How many fault users a run needs: one per worker of every shard. */
export const faultUsersNeeded = (workers: number, shardTotal = 1): number => slotsSharing(workers, shardTotal);

export function faultUserFor(users: readonly UserCredentials[], slot: WorkerSlot): UserCredentials | undefined {
  return users[slotIndex(slot)];
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const workersOf = (workers: number, shard: WorkerSlot['shard']): string => `${plural(workers, 'worker')}${shard ? ` × ${shard.total} shards` : ''}`;

/** Why the fault journeys could not each have their own user, or undefined when they can. */
export function faultUserShortage(available: number, workers: number, shard: WorkerSlot['shard']): string | undefined {
  const needed = faultUsersNeeded(workers, shard?.total ?? 1);
  if (available >= needed) return undefined;
  return (
    `E2E_FAULT_USERS lists ${plural(available, 'fault user')}, but ${workersOf(workers, shard)} need ${needed} ` +
    '(one per worker of every shard, so no fault hits another run): add users, or lower --workers'
  );
}

/** This slot's own `perSlot` extra users (E2E_EXTRA_USERS), or undefined when the list is too short for it. */
export function extraUsersFor(extras: readonly UserCredentials[], slot: WorkerSlot, perSlot: number): UserCredentials[] | undefined {
  const from = slotIndex(slot) * perSlot;
  const mine = extras.slice(from, from + perSlot);
  return mine.length === perSlot ? mine : undefined;
}

/**
 * Why the journeys with several users (E2E_ISOLATION_USERS of them: the shared user1 and user2, then
 * extra users) could not each have their own extras, or undefined when they can.
 */
export function extraUserShortage(available: number, perSlot: number, workers: number, shard: WorkerSlot['shard']): string | undefined {
  const needed = perSlot * slotsSharing(workers, shard?.total ?? 1);
  if (available >= needed) return undefined;
  return (
    `E2E_EXTRA_USERS lists ${plural(available, 'extra user')}, but E2E_ISOLATION_USERS needs ${perSlot} per worker and ${workersOf(workers, shard)} need ${needed} ` +
    "(each worker of every shard its own, so no two runs meet in one user's threads): add users, lower --workers or E2E_ISOLATION_USERS"
  );
}

/** What a slot puts into the titles of the threads it creates: `s2of3-w1` (shard 2 of 3, worker 1). */
export function slotMarker(parallelIndex: number, shard: WorkerSlot['shard']): string {
  return `${shard ? `s${shard.current}of${shard.total}-` : ''}w${parallelIndex}`;
}
