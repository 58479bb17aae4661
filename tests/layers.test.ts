/**
 * Who may import whom (docs/architecture.md, "Layers"): a spec speaks only to the suite's test
 * module and the contract; the fixtures build actors from the harness, pages and profiles; the
 * machinery at the bottom never reaches up; reporters, config and scripts never load the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const SUITE_FOLDERS = ['e2e', 'fixtures', 'harness', 'pages', 'profiles', 'contract', 'config', 'reporters', 'checklist', 'scripts', 'load'];

type Layer =
  | 'spec'
  | 'setup'
  | 'fixtures'
  | 'actor'
  | 'journey'
  | 'machinery'
  | 'pages'
  | 'profiles'
  | 'contract'
  | 'config'
  | 'reporters'
  | 'checklist'
  | 'scripts'
  | 'tests'
  | 'app'
  | 'load';

/** The harness below the actor: capture, recorders, evidence, redaction, api, sign-in. */
const MACHINERY_OF_HARNESS = (sub: string) => !['actor', 'journey'].includes(sub);

function layerOf(file: string): Layer {
  const [top, sub = ''] = file.split('/');
  if (top === 'e2e') return file.endsWith('.spec.ts') ? 'spec' : 'setup';
  if (top === 'harness') return MACHINERY_OF_HARNESS(sub) ? 'machinery' : (sub as 'actor' | 'journey');
  if (file === 'playwright.config.ts') return 'config';
  return top as Layer;
}

/** What each layer may import, besides itself and packages. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  spec: ['fixtures', 'contract'],
  // The set-up project signs each user in and saves the state: it needs the config's user list.
  setup: ['fixtures', 'config', 'machinery', 'pages', 'contract'],
  fixtures: ['actor', 'journey', 'machinery', 'pages', 'profiles', 'config', 'contract'],
  actor: ['journey', 'machinery', 'pages', 'profiles', 'config', 'contract', 'checklist'],
  journey: ['actor', 'machinery', 'pages', 'profiles', 'config', 'contract', 'checklist'],
  machinery: ['profiles', 'config', 'contract', 'checklist'],
  pages: ['machinery', 'profiles', 'contract'],
  profiles: ['contract'],
  contract: [],
  config: ['machinery', 'reporters', 'profiles', 'contract'],
  reporters: ['machinery', 'checklist', 'config', 'profiles', 'contract'],
  checklist: ['contract'],
  // Scripts drive the suite and the reference app (benchmarks, verify:suite, the Netra target).
  scripts: ['machinery', 'reporters', 'checklist', 'config', 'profiles', 'contract', 'app', 'load'],
  // The load test's virtual users drive the page objects and the API client like the actor does, outside Playwright Test.
  load: ['machinery', 'pages', 'profiles', 'config', 'contract'],
  tests: [],
  app: [],
};

function suiteFiles(): string[] {
  const files = ['playwright.config.ts'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (/\.tsx?$/.test(entry.name)) files.push(rel);
    }
  };
  for (const folder of SUITE_FOLDERS) walk(folder);
  return files;
}

/** Repo-relative paths (without extension) of the suite's own modules `file` imports. */
function importsOf(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)).replace(/\.tsx?$/, ''));
}

const edges = suiteFiles().flatMap((file) => importsOf(file).map((target) => ({ file, target })));

function broken(rule: (from: Layer, to: Layer, target: string) => boolean): string[] {
  return edges.filter(({ file, target }) => !rule(layerOf(file), layerOf(target), target)).map(({ file, target }) => `${file} → ${target}`);
}

describe('layers', () => {
  it('finds the imports it judges', () => {
    expect(edges.some((e) => e.file === 'e2e/golden-path.spec.ts' && e.target === 'fixtures/test')).toBe(true);
    expect(edges.length).toBeGreaterThan(100);
  });

  it('specs import only the suite test module and the contract', () => {
    const specEdges = edges.filter((e) => layerOf(e.file) === 'spec');
    const outside = specEdges.filter((e) => e.target !== 'fixtures/test' && layerOf(e.target) !== 'contract');
    expect(outside.map((e) => `${e.file} → ${e.target}`)).toEqual([]);
  });

  it('reporters, config, scripts and the load test never import the fixtures, the actor or the specs', () => {
    const offLimits: Layer[] = ['fixtures', 'actor', 'journey', 'spec', 'setup'];
    expect(broken((from, to) => !['reporters', 'config', 'scripts', 'load'].includes(from) || !offLimits.includes(to))).toEqual([]);
  });

  it('every layer imports only what the architecture allows', () => {
    expect(broken((from, to) => from === to || ['tests', 'app'].includes(from) || MAY_IMPORT[from].includes(to))).toEqual([]);
  });
});

describe('file size', () => {
  it('no file of the fixtures, the harness or the load test is over 350 lines: a longer one does more than one job', () => {
    const long = suiteFiles()
      .filter((file) => /^(fixtures|harness|load)\//.test(file))
      .map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 350)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
