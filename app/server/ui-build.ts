/**
 * Builds app/web with Vite when app/web/dist/index.html is missing or older than the UI sources,
 * so `npm run app` never serves a stale bundle. A lock file keeps concurrent starts from
 * building at the same time.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './pace';

export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../web', import.meta.url));

export type UiBuildResult = { status: 'fresh' | 'built' | 'skipped' } | { status: 'failed'; message: string };

const LOCK_WAIT_MS = 180_000;
const LOCK_STALE_MS = 300_000;

export async function ensureUiBuilt(webDir = DEFAULT_WEB_DIR): Promise<UiBuildResult> {
  if (!existsSync(join(webDir, 'index.html'))) {
    console.warn(`warning: ${join(webDir, 'index.html')} does not exist yet; skipping the UI build`);
    return { status: 'skipped' };
  }
  if (isFresh(webDir)) return { status: 'fresh' };
  const lock = await acquireLock(webDir);
  try {
    if (isFresh(webDir)) return { status: 'fresh' }; // another process built it while we waited
    console.warn('building the reference app UI (app/web) with Vite…');
    const { build } = await import('vite');
    await build({ root: webDir, logLevel: 'warn' });
    return { status: 'built' };
  } catch (err) {
    return { status: 'failed', message: (err as Error).message };
  } finally {
    releaseLock(lock);
  }
}

/** dist/index.html exists and is newer than every source file. */
export function isFresh(webDir: string): boolean {
  const built = join(webDir, 'dist', 'index.html');
  if (!existsSync(built)) return false;
  // The UI also bundles the shared contract (repo-root contract/), so a change there counts too.
  const sources = [join(webDir, 'index.html'), ...configFiles(webDir), ...filesUnder(join(webDir, 'src')), ...filesUnder(join(webDir, '..', '..', 'contract'))];
  const newestSource = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  return statSync(built).mtimeMs >= newestSource;
}

function configFiles(webDir: string): string[] {
  return ['vite.config.ts', 'vite.config.js', 'vite.config.mts'].map((f) => join(webDir, f)).filter((f) => existsSync(f));
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

function lockPathFor(webDir: string): string {
  const key = createHash('sha256').update(webDir).digest('hex').slice(0, 16);
  return join(tmpdir(), `golden-path-ui-build-${key}.lock`);
}

async function acquireLock(webDir: string): Promise<string> {
  const path = lockPathFor(webDir);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (lockIsStale(path)) {
      unlinkQuietly(path);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for another UI build (lock file ${path})`);
    await sleep(250);
  }
}

/** The holder died, or the lock is older than any build could take. */
function lockIsStale(path: string): boolean {
  try {
    if (Date.now() - statSync(path).mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(readFileSync(path, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written right now
    process.kill(pid, 0);
    return false;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ESRCH' || code === 'ENOENT';
  }
}

function releaseLock(path: string): void {
  unlinkQuietly(path);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
