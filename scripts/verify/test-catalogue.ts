/**
 * The suite's tests as Playwright loads them (`playwright test --list --reporter=json`): where each
 * is, its title and the clauses and checklist items it declares. Read from the loaded suite rather
 * than the sources, so a clause id reaches here exactly as the reporters see it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { clauseIdsOf } from '../../contract/clauses';
import { checklistIdsOf } from '../../reporters/checklist-annotations';

export interface CataloguedTest {
  /** Relative to the repo root, '/'-separated, e.g. `e2e/contract-ownership.spec.ts`. */
  file: string;
  line: number;
  /** `file › describe › title`. */
  title: string;
  clauseIds: string[];
  checklistIds: string[];
}

interface ListedSpec {
  title: string;
  file: string;
  line: number;
  tests?: { annotations?: { type: string; description?: string }[] }[];
}
interface ListedSuite {
  title: string;
  specs?: ListedSpec[];
  suites?: ListedSuite[];
}

export function listTests(repoRoot: string): CataloguedTest[] {
  const playwright = path.join(repoRoot, 'node_modules', '.bin', 'playwright');
  const json = execFileSync(playwright, ['test', '--list', '--reporter=json', '--project=chromium'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const report = JSON.parse(json.slice(json.indexOf('{'))) as { config: { rootDir: string }; suites?: ListedSuite[] };
  const rootDir = report.config.rootDir;
  const out: CataloguedTest[] = [];
  const visit = (suite: ListedSuite, titles: string[]) => {
    const here = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? []) {
      const annotations = spec.tests?.[0]?.annotations ?? [];
      out.push({
        file: path.relative(repoRoot, path.join(rootDir, spec.file)).split(path.sep).join('/'),
        line: spec.line,
        title: [...here, spec.title].join(' › '),
        clauseIds: clauseIdsOf(annotations),
        checklistIds: checklistIdsOf(annotations),
      });
    }
    for (const child of suite.suites ?? []) visit(child, here);
  };
  for (const suite of report.suites ?? []) visit(suite, []);
  return out;
}

/** `file:line` of each test declaring one of `clauseIds`: Playwright's location filters. */
export function locationsFor(tests: readonly CataloguedTest[], clauseIds: readonly string[]): string[] {
  return [...new Set(tests.filter((t) => t.clauseIds.some((id) => clauseIds.includes(id))).map((t) => `${t.file}:${t.line}`))];
}
