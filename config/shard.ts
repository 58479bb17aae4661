/**
 * Sharded runs: which shard this process runs (from `--shard=x/y` on the command line, the only
 * place Playwright has it when the config loads) and where its blob report goes.
 */
export interface Shard {
  current: number;
  total: number;
}

/** Every shard's blob lands in its own folder under this one; `npm run merge` reads them all. */
export const BLOB_ROOT = 'reports/blob';
/** The facts a shard records next to its results inside its blob (read by `npm run merge`). */
export const SHARD_FACTS_ENTRY = 'golden-path-shard.json';

export function shardFromArgv(argv: readonly string[]): Shard | undefined {
  const at = argv.findIndex((a) => a === '--shard' || a.startsWith('--shard='));
  if (at < 0) return undefined;
  const value = argv[at]!.includes('=') ? argv[at]!.slice('--shard='.length) : argv[at + 1];
  const match = /^(\d+)\/(\d+)$/.exec(value ?? '');
  if (!match) return undefined; // Playwright itself names a malformed --shard.
  return { current: Number(match[1]), total: Number(match[2]) };
}

/** Each shard its own folder: the blob reporter empties its folder before writing. */
export function blobDirOf(shard: Shard): string {
  return `${BLOB_ROOT}/shard-${shard.current}-of-${shard.total}`;
}

export const shardName = (shard: Shard): string => `shard ${shard.current}/${shard.total}`;

/** How scripts/merge-shards.ts hands the shards' facts to merge.config.ts. */
export const MERGED_RUN_ENV = 'E2E_MERGED_RUN';
