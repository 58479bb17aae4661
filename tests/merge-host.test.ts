/**
 * `npm run merge` runs on a host with no Chromium and no access to the target: nothing it loads
 * may resolve a browser, read the suite's target settings or call the target. (scripts/shard-selftest.ts
 * runs the merge itself with no browser resolvable and no target reachable.)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
/** What the merge runs: the script, the config `playwright merge-reports` loads, the Allure report step. */
const MERGE_ENTRIES = ['scripts/merge-shards.ts', 'merge.config.ts', 'scripts/allure-report.ts'];
/** Modules that look for a browser, resolve the target from the environment, or call it. */
const NEEDS_BROWSER_OR_TARGET = ['config/browser.ts', 'config/suite.ts', 'config/env.ts', 'config/preflight.ts', 'config/global-setup.ts', 'playwright.config.ts'];

/** Relative modules `file` loads at run time (type-only imports are erased). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [
    ...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms),
    ...source.matchAll(/^export\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms),
    ...source.matchAll(/import\(\s*'(\.[^']+)'\s*\)/g),
    // Reporters and global set-up named by path in a config.
    ...source.matchAll(/'(\.\/[^']+\.ts)'/g),
  ].map((m) => m[1]!);
  return specifiers.flatMap((spec) => {
    const base = path.join(path.dirname(file), spec);
    const found = [base, `${base}.ts`, path.join(base, 'index.ts')].find((p) => existsSync(path.join(ROOT, p)) && p.endsWith('.ts'));
    return found ? [found.split(path.sep).join('/')] : [];
  });
}

function loadedBy(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...runtimeImports(file));
  }
  return seen;
}

describe('the merge host', () => {
  const loaded = loadedBy(MERGE_ENTRIES);

  it('loads the sign-off and Allure reporters', () => {
    expect(loaded).toContain('reporters/signoff-reporter.ts');
    expect(loaded).toContain('reporters/allure-merged.ts');
  });

  it('loads nothing that resolves a browser or the target', () => {
    expect([...loaded].filter((f) => NEEDS_BROWSER_OR_TARGET.includes(f))).toEqual([]);
  });

  it('would see it if it did: the run config loads them', () => {
    const run = loadedBy(['playwright.config.ts']);
    expect(['config/browser.ts', 'config/suite.ts', 'config/preflight.ts'].filter((f) => !run.has(f))).toEqual([]);
  });
});
