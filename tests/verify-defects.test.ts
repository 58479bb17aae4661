/**
 * The planted-defect catalogue of `npm run verify:suite` still fits the reference app: every
 * patch applies exactly once to the current sources (planted into a temp dir), so the catalogue
 * cannot rot silently. No browser, no server.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AREAS, DEFECTS } from '../scripts/verify/defects';
import { applyPatch, countOccurrences, PatchError, plant, touchesUi } from '../scripts/verify/plant';
import { firstLine, summarise } from '../scripts/verify/results';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
let outRoot: string;

beforeAll(() => {
  outRoot = mkdtempSync(path.join(tmpdir(), 'verify-defects-'));
});
// One copy of the app per defect: removing them all outlasts the default hook timeout on a busy machine.
afterAll(() => {
  rmSync(outRoot, { recursive: true, force: true });
}, 60_000);

describe('the defect catalogue', () => {
  it('has at least 12 defects with unique ids, over at least 5 areas', () => {
    const ids = DEFECTS.map((d) => d.id);
    expect(DEFECTS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ids).size, `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i).join(', ')}`).toBe(ids.length);
    expect(ids).not.toContain('healthy'); // the folder of the unpatched copy
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(DEFECTS.map((d) => d.area)).size).toBeGreaterThanOrEqual(5);
    for (const d of DEFECTS) expect(AREAS).toContain(d.area);
  });

  it('plants defects in the server and in the UI', () => {
    expect(DEFECTS.filter((d) => touchesUi(d)).length).toBeGreaterThanOrEqual(3);
    expect(DEFECTS.filter((d) => !touchesUi(d)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(DEFECTS.map((d) => [d.id, d] as const))('%s: every patch occurs exactly once and is planted in a copy', (_id, defect) => {
    expect(defect.patches.length).toBeGreaterThan(0);
    for (const patch of defect.patches) expect(patch.find, `${defect.id}: a patch that changes nothing`).not.toBe(patch.replace);

    const planted = plant(defect.id, defect, { repoRoot: REPO_ROOT, outRoot });
    expect(planted.appDir).toBe(path.join(outRoot, defect.id, 'app'));
    for (const file of new Set(defect.patches.map((p) => p.file))) {
      const original = readFileSync(path.join(REPO_ROOT, 'app', file), 'utf8');
      const patched = readFileSync(path.join(planted.appDir, file), 'utf8');
      expect(patched, `${defect.id} did not change ${file}`).not.toBe(original);
      for (const patch of defect.patches.filter((p) => p.file === file)) {
        expect(countOccurrences(original, patch.find), `${defect.id}: ${file} must contain its find text exactly once`).toBe(1);
        if (patch.replace !== '') expect(patched).toContain(patch.replace);
      }
    }
    // The real app is untouched, and the copy carries what the app imports beside it.
    for (const patch of defect.patches) expect(readFileSync(path.join(REPO_ROOT, 'app', patch.file), 'utf8')).toContain(patch.find);
    expect(readFileSync(path.join(planted.root, 'contract', 'events.ts'), 'utf8')).toContain('CRITICAL_EVENTS');
    expect(readFileSync(path.join(planted.root, 'package.json'), 'utf8')).toContain('"type": "module"');
  });
});

describe('plant', () => {
  it('fails loudly when a find text is missing or not unique', () => {
    const patch = { file: 'server/x.ts', find: 'needle', replace: 'pin' };
    expect(() => applyPatch('hay', patch, 'demo')).toThrow(new PatchError('defect demo no longer applies: server/x.ts has no `needle`'));
    expect(() => applyPatch('needle needle', patch, 'demo')).toThrow(/demo no longer applies: server\/x\.ts has `needle` 2 times/);
    expect(applyPatch('a needle b', patch, 'demo')).toBe('a pin b');
  });

  it('copies the app without its built UI', () => {
    const planted = plant('healthy', null, { repoRoot: REPO_ROOT, outRoot });
    expect(readFileSync(path.join(planted.appDir, 'server', 'main.ts'), 'utf8')).toBe(readFileSync(path.join(REPO_ROOT, 'app', 'server', 'main.ts'), 'utf8'));
    expect(() => readFileSync(path.join(planted.appDir, 'web', 'dist', 'index.html'))).toThrow();
    expect(planted.reusedDist).toBe(false);
  });
});

describe('reading the JSON report', () => {
  it('lists failed tests with their tags and first message; interrupted and skipped tests are not failures', () => {
    const outcome = summarise({
      suites: [
        {
          title: 'a.spec.ts',
          specs: [
            { title: 'ok', tags: ['golden'], tests: [{ projectName: 'chromium', status: 'expected', results: [{ status: 'passed' }] }] },
            {
              title: 'bad',
              tags: ['pipeline'],
              tests: [
                {
                  projectName: 'chromium',
                  status: 'unexpected',
                  results: [{ status: 'failed', errors: [{ message: '\u001b[31mError: the timeline must show agent_thinking\u001b[39m\n\nexpect(locator)…' }] }],
                },
              ],
            },
            { title: 'stopped', tests: [{ projectName: 'chromium', status: 'skipped', results: [{ status: 'interrupted' }] }] },
          ],
          suites: [
            {
              title: 'Group',
              specs: [
                {
                  title: 'rules',
                  tests: [{ projectName: 'chromium', status: 'unexpected', results: [{ status: 'failed', errors: [{ message: 'Error: run ordering rules broken:\nR5: seq 3 repeats' }] }] }],
                },
              ],
            },
          ],
        },
      ],
      errors: [],
    });
    expect(outcome.passed).toBe(1);
    expect(outcome.skipped).toBe(1);
    expect(outcome.failed.map((f) => [f.title, f.tags, f.message])).toEqual([
      ['a.spec.ts › bad', ['@pipeline'], 'the timeline must show agent_thinking'],
      ['a.spec.ts › Group › rules', [], 'run ordering rules broken: R5: seq 3 repeats'],
    ]);
    expect(firstLine({ message: 'Test timeout of 90000ms exceeded.' })).toBe('Test timeout of 90000ms exceeded.');
  });
});
