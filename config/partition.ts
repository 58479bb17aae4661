/**
 * Shards on different machines share one target: each (shard, worker) pair gets its own fault
 * user, so a fault armed by one never hits another's run.
 */
import type { UserCredentials } from '../profiles/types';

export interface WorkerSlot {
  /** Playwright's parallelIndex: 0 … workers − 1. */
  parallelIndex: number;
  workers: number;
  shard: { current: number; total: number } | null;
}

/** How many fault users a run needs: one per worker of every shard. */
export const faultUsersNeeded = (workers: number, shardTotal = 1): number => workers * shardTotal;

export function faultUserFor(users: readonly UserCredentials[], slot: WorkerSlot): UserCredentials | undefined {
  const shardIndex = (slot.shard?.current ?? 1) - 1;
  return users[shardIndex * slot.workers + slot.parallelIndex];
}

/** Why the fault journeys could not each have their own user, or undefined when they can. */
export function faultUserShortage(available: number, workers: number, shard: WorkerSlot['shard']): string | undefined {
  const needed = faultUsersNeeded(workers, shard?.total ?? 1);
  if (available >= needed) return undefined;
  const shards = shard ? ` × ${shard.total} shards` : '';
  return (
    `E2E_FAULT_USERS lists ${available} fault user${available === 1 ? '' : 's'}, but ${workers} workers${shards} need ${needed} ` +
    '(one per worker of every shard, so no fault hits another run): add users, or lower --workers'
  );
}
