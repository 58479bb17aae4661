/**
 * Plants a defect into a copy of the reference app: `app/` → `<outRoot>/<id>/app`,
 * `contract/` → `<outRoot>/<id>/contract` (the app imports `../../contract/…`) and
 * `package.json` → `<outRoot>/<id>/package.json` (app/server/version.ts reads it; it also keeps
 * the copy an ES module package). node_modules resolve upward to the repo root's. The real app is never touched. The copy leaves out
 * `web/dist`, so the copied server builds its own UI from its own (possibly patched) sources.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Defect, Patch } from './defects';

export class PatchError extends Error {
  override name = 'PatchError';
}

export interface PlantOptions {
  /** The repo root holding `app/` and `contract/`. */
  repoRoot: string;
  /** Where copies go, e.g. `<repoRoot>/.tmp/verify`. */
  outRoot: string;
  /**
   * A built UI (`web/dist`) to reuse when the defect changes nothing the UI is built from
   * (`web/` or `contract/`): it was built from identical sources, and copied after them it is
   * fresh, so the copy's server does not build the UI again.
   */
  reuseDistFrom?: string;
}

export interface Planted {
  id: string;
  /** `<outRoot>/<id>`. */
  root: string;
  /** `<outRoot>/<id>/app`: what E2E_APP_DIR points at. */
  appDir: string;
  /** True when a built UI was copied in (see `reuseDistFrom`). */
  reusedDist: boolean;
}

/** Counts non-overlapping occurrences of `needle`. */
export function countOccurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 100 ? `${oneLine.slice(0, 97)}...` : oneLine;
}

/** Applies one patch to `source`, or throws naming the defect, the file and the missing text. */
export function applyPatch(source: string, patch: Patch, defectId: string): string {
  const count = countOccurrences(source, patch.find);
  if (count === 0) throw new PatchError(`defect ${defectId} no longer applies: ${patch.file} has no \`${excerpt(patch.find)}\``);
  if (count > 1) {
    throw new PatchError(`defect ${defectId} no longer applies: ${patch.file} has \`${excerpt(patch.find)}\` ${count} times (must be exactly once)`);
  }
  const at = source.indexOf(patch.find);
  return source.slice(0, at) + patch.replace + source.slice(at + patch.find.length);
}

/** Applies a defect's patches in order (several may touch one file) inside `appDir`. */
export function applyDefect(appDir: string, defect: Pick<Defect, 'id' | 'patches'>): void {
  for (const patch of defect.patches) {
    const file = path.resolve(appDir, patch.file);
    if (!file.startsWith(path.resolve(appDir) + path.sep)) throw new PatchError(`defect ${defect.id}: ${patch.file} is outside the app dir`);
    if (!existsSync(file)) throw new PatchError(`defect ${defect.id} no longer applies: ${patch.file} does not exist`);
    writeFileSync(file, applyPatch(readFileSync(file, 'utf8'), patch, defect.id));
  }
}

/** True when the defect changes nothing the UI bundle is built from. */
export function touchesUi(defect: Pick<Defect, 'patches'>): boolean {
  return defect.patches.some((p) => p.file.split(/[\\/]/)[0] === 'web');
}

/**
 * A fresh copy of app/ and contract/ under `<outRoot>/<id>`, with the defect's patches applied
 * (none for `defect === null`: the healthy copy). Throws PatchError when a patch does not apply.
 */
export function plant(id: string, defect: Pick<Defect, 'id' | 'patches'> | null, options: PlantOptions): Planted {
  const root = path.join(options.outRoot, id);
  const appDir = path.join(root, 'app');
  const sourceApp = path.join(options.repoRoot, 'app');
  const dist = path.join(sourceApp, 'web', 'dist');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  cpSync(sourceApp, appDir, {
    recursive: true,
    filter: (src) => src !== dist && !src.startsWith(dist + path.sep) && path.basename(src) !== 'node_modules',
  });
  cpSync(path.join(options.repoRoot, 'contract'), path.join(root, 'contract'), { recursive: true });
  // app/server/version.ts reads ../../package.json: the copy's root mirrors the repo root.
  cpSync(path.join(options.repoRoot, 'package.json'), path.join(root, 'package.json'));
  if (defect) applyDefect(appDir, defect);

  let reusedDist = false;
  const built = options.reuseDistFrom;
  if (built && !(defect && touchesUi(defect)) && existsSync(path.join(built, 'index.html'))) {
    // Copied last, so its files are newer than every source: the server sees a fresh build.
    cpSync(built, path.join(appDir, 'web', 'dist'), { recursive: true });
    reusedDist = true;
  }
  return { id, root, appDir, reusedDist };
}
