import type { FullConfig } from '@playwright/test/reporter';
import { describe, expect, it } from 'vitest';
import { detectRunScope, narrowingArgs } from '../reporters/run-scope';

const pw = (...args: string[]) => ['/usr/bin/node', '/repo/node_modules/playwright/cli.js', 'test', ...args];

describe('narrowingArgs (the playwright test command line)', () => {
  it('sees nothing in a plain run, whatever the non-filtering options', () => {
    expect(narrowingArgs(pw())).toEqual([]);
    expect(narrowingArgs(pw('--workers', '4', '--reporter=list', '--retries', '2', '-c', 'playwright.config.ts', '--trace', 'on'))).toEqual([]);
    expect(narrowingArgs(pw('-u', 'all', '--shuffle', '42', '--debug', 'cli', '--headed'))).toEqual([]);
  });

  it('names grep, grep-invert, file filters and other selections', () => {
    expect(narrowingArgs(pw('--grep', '@golden'))).toEqual(['--grep @golden']);
    expect(narrowingArgs(pw('-g', 'sign in', '-G=@slow'))).toEqual(['--grep sign in', '--grep-invert @slow']);
    expect(narrowingArgs(pw('e2e/auth.spec.ts:12'))).toEqual(['file filter "e2e/auth.spec.ts:12"']);
    expect(narrowingArgs(pw('--last-failed'))).toEqual(['--last-failed']);
    expect(narrowingArgs(pw('--only-changed', 'e2e/auth.spec.ts'))).toEqual(['--only-changed', 'file filter "e2e/auth.spec.ts"']);
    expect(narrowingArgs(pw('--only-changed', 'origin/main'))).toEqual(['--only-changed origin/main']);
    expect(narrowingArgs(pw('--ui'))).toEqual(['UI mode']);
  });

  it('leaves --project to filteredProjects and ignores what follows --', () => {
    expect(narrowingArgs(pw('--project', 'chromium', 'firefox', '--workers=2'))).toEqual([]);
    expect(narrowingArgs(pw('--', '--grep', 'x'))).toEqual([]);
  });

  it('cannot vouch for a run not started as `playwright test`', () => {
    expect(narrowingArgs(['node', 'vscode-test-server'])).toHaveLength(1);
  });
});

function config(over: Partial<Record<string, unknown>> = {}): FullConfig {
  const setup = { name: 'setup', dependencies: [] };
  const chromium = { name: 'chromium', dependencies: ['setup'] };
  const firefox = { name: 'firefox', dependencies: ['setup'] };
  return {
    argv: pw(),
    projects: [setup, chromium, firefox],
    filteredProjects: [setup, chromium, firefox],
    shard: null,
    grep: /.*/,
    grepInvert: null,
    ...over,
  } as unknown as FullConfig;
}

describe('detectRunScope', () => {
  it('calls a plain run the full suite', () => {
    expect(detectRunScope(config())).toEqual({ full: true, reasons: [] });
  });

  it('counts a project left out, but not one pulled in as a dependency', () => {
    const [setup, chromium, firefox] = config().projects;
    expect(detectRunScope(config({ filteredProjects: [chromium] })).reasons).toEqual(['--project (not running: firefox)']);
    expect(detectRunScope(config({ filteredProjects: [chromium, firefox] })).full).toBe(true);
    expect(setup?.name).toBe('setup');
  });

  it('counts shards and the config file’s own grep', () => {
    expect(detectRunScope(config({ shard: { current: 1, total: 3 } })).reasons).toEqual(['--shard 1/3']);
    expect(detectRunScope(config({ grep: /@golden/ })).reasons).toEqual(['config grep /@golden/']);
    expect(detectRunScope(config({ grepInvert: [/@slow/] })).reasons).toEqual(['config grepInvert /@slow/']);
  });
});
