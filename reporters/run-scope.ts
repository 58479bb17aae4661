/**
 * Was this run the full suite, or was it narrowed down?
 *
 * What Playwright 1.65 tells a reporter (FullConfig, playwright/types/test.d.ts):
 * - CLI filters (`--grep`, `--grep-invert`, file/line arguments, `--last-failed`, `--only-changed`,
 *   `--test-list`) are runner options: they are NOT copied into `config.grep`/`grepInvert`
 *   nor into the projects' `grep`. The only trace of them is `config.argv` (process.argv of the
 *   runner), so it is parsed here.
 * - `--project` shows as `config.filteredProjects` being shorter than `config.projects`.
 * - `--shard` shows as `config.shard`.
 * - `config.grep` / `config.grepInvert` are the config file's own (e.g. fed from an env var).
 * - Projects' own `grep`/`grepInvert` are treated as the suite's design (how tests are split
 *   between projects), not as narrowing a run.
 * - `test.only` cannot be seen from a reporter: use `forbidOnly: !!process.env.CI`.
 */
import type { FullConfig } from '@playwright/test/reporter';

export interface RunScope {
  full: boolean;
  /** Why the run is not the full suite (empty when it is). */
  reasons: string[];
}

type OptionSpec = {
  /** Does it take a value: never, always, or when the next token is one it accepts. */
  value: 'none' | 'required' | ((next: string) => boolean);
  /** Set when the option selects fewer tests: how to name it in the reasons. */
  narrows?: string;
};

const SNAPSHOT_MODES = ['all', 'changed', 'missing', 'none', 'default'];
const isTestFile = (t: string): boolean => /\.(ts|js|mjs|cjs|tsx|jsx)(:\d+)*$/.test(t);

/** The options of `playwright test` 1.65 (playwright/lib/program.js) that matter for parsing. */
const OPTIONS: Record<string, OptionSpec> = {
  '-g': { value: 'required', narrows: '--grep' },
  '--grep': { value: 'required', narrows: '--grep' },
  '-G': { value: 'required', narrows: '--grep-invert' },
  '--grep-invert': { value: 'required', narrows: '--grep-invert' },
  '--last-failed': { value: 'none', narrows: '--last-failed' },
  '--only-changed': { value: (t) => !isTestFile(t), narrows: '--only-changed' },
  '--test-list': { value: 'required', narrows: '--test-list' },
  '--test-list-invert': { value: 'required', narrows: '--test-list-invert' },
  '--ui': { value: 'none', narrows: 'UI mode' },
  '--ui-host': { value: 'required', narrows: 'UI mode' },
  '--ui-port': { value: 'required', narrows: 'UI mode' },
  '--debug': { value: (t) => t === 'inspector' || t === 'cli' },
  '-u': { value: (t) => SNAPSHOT_MODES.includes(t) },
  '--update-snapshots': { value: (t) => SNAPSHOT_MODES.includes(t) },
  '--shuffle': { value: (t) => /^\d+$/.test(t) },
  ...Object.fromEntries(
    [
      '--add-reporter', '--browser', '-c', '--config', '--global-timeout', '--last-failed-file',
      '--max-failures', '--output', '--repeat-each', '--reporter', '--retries', '--run-agents',
      '--shard', '--timeout', '--trace', '--tsconfig', '--update-source-method', '-j', '--workers',
    ].map((name) => [name, { value: 'required' } satisfies OptionSpec]),
  ),
};

/** Reasons found on the `playwright test` command line (argv of the runner process). */
export function narrowingArgs(argv: readonly string[]): string[] {
  const start = argv.indexOf('test');
  if (start < 0) return ['not started as `playwright test` (cannot tell which tests were selected)'];
  const reasons: string[] = [];
  const tokens = argv.slice(start + 1);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '--') break;
    if (!token.startsWith('-')) {
      reasons.push(`file filter "${token}"`);
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq >= 0 ? token.slice(0, eq) : token;
    let value = eq >= 0 ? token.slice(eq + 1) : undefined;
    if (name === '--project') {
      // Variadic: eats the plain tokens after it. Judged by config.filteredProjects instead.
      while (value === undefined && tokens[i + 1] !== undefined && !tokens[i + 1]!.startsWith('-')) i++;
      continue;
    }
    const spec = OPTIONS[name];
    const next = tokens[i + 1];
    if (spec && value === undefined && next !== undefined) {
      if (spec.value === 'required' || (typeof spec.value === 'function' && spec.value(next))) {
        value = next;
        i++;
      }
    }
    if (spec?.narrows) reasons.push(value !== undefined && !spec.narrows.startsWith('UI') ? `${spec.narrows} ${value}` : spec.narrows);
  }
  return [...new Set(reasons)];
}

function isMatchAll(grep: RegExp | RegExp[]): boolean {
  const list = Array.isArray(grep) ? grep : [grep];
  return list.length === 0 || list.some((re) => re.source === '.*' || re.source === '(?:)');
}

/** Names of the projects that run: the filtered ones plus, transitively, their dependencies. */
function runningProjectNames(config: FullConfig): Set<string> {
  const byName = new Map(config.projects.map((p) => [p.name, p]));
  const result = new Set<string>();
  const visit = (name: string): void => {
    if (result.has(name)) return;
    result.add(name);
    for (const dep of byName.get(name)?.dependencies ?? []) visit(dep);
    const teardown = byName.get(name)?.teardown;
    if (teardown) visit(teardown);
  };
  for (const project of config.filteredProjects ?? config.projects) visit(project.name);
  return result;
}

export function detectRunScope(config: FullConfig): RunScope {
  const reasons: string[] = [];
  reasons.push(...narrowingArgs(config.argv ?? []));
  const running = runningProjectNames(config);
  const left = config.projects.filter((p) => !running.has(p.name)).map((p) => p.name);
  if (left.length > 0) reasons.push(`--project (not running: ${left.join(', ')})`);
  if (config.shard) reasons.push(`--shard ${config.shard.current}/${config.shard.total}`);
  if (!isMatchAll(config.grep)) reasons.push(`config grep ${String(config.grep)}`);
  const invert = config.grepInvert;
  if (invert && !(Array.isArray(invert) && invert.length === 0)) reasons.push(`config grepInvert ${String(invert)}`);
  return { full: reasons.length === 0, reasons };
}
