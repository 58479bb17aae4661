import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLAUSES, clauseAnnotation, clauseIdsOf, validateClauseCoverage, type Clause } from '../contract/clauses';
import { DEFECTS } from '../scripts/verify/defects';
import { listTests } from '../scripts/verify/test-catalogue';
import { clausesOf } from '../reporters/signoff/model';
import type { TestRecord } from '../reporters/signoff/types';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

describe('the contract clauses', () => {
  it('have unique ids of the form C<section>.<n> and a summary each', () => {
    const ids = CLAUSES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const clause of CLAUSES) {
      expect(clause.id, clause.id).toMatch(/^C[23467]\.(R?\d+)$/);
      expect(clause.id.slice(1, 2)).toBe(clause.section);
      expect(clause.summary.length, clause.id).toBeGreaterThan(10);
    }
  });

  it('make the annotation a test carries, and read it back', () => {
    expect(clauseAnnotation('C3.4')).toEqual({ type: 'clause', description: 'C3.4' });
    expect(clauseIdsOf([clauseAnnotation('C3.4'), { type: 'checklist', description: 'GP-01' }, { type: 'clause', description: 'C2.1, C3.4' }])).toEqual([
      'C3.4',
      'C2.1',
    ]);
  });
});

describe('validateClauseCoverage', () => {
  const clauses: Clause[] = [
    { id: 'C2.1', section: '2', summary: 'errors are JSON' },
    { id: 'C2.2', section: '2', summary: 'not visible', notObservable: 'inside the target' },
  ];

  it('is happy when every observable clause has a test', () => {
    expect(validateClauseCoverage([{ test: 't', clauseIds: ['C2.1'] }], clauses)).toEqual([]);
  });

  it('names a clause with neither a test nor a reason', () => {
    expect(validateClauseCoverage([], clauses)).toEqual(['clause C2.1 (errors are JSON) has no test and no not-observable reason']);
  });

  it('names a test that declares an unknown or a not-observable clause', () => {
    const errors = validateClauseCoverage([{ test: 'a › b', clauseIds: ['C2.1', 'C9.9', 'C2.2'] }], clauses);
    expect(errors).toEqual([
      'test "a › b" names unknown clause "C9.9"',
      'test "a › b" declares C2.2, which is marked not observable (inside the target)',
    ]);
  });
});

describe('the suite against the clauses', () => {
  const tests = listTests(repoRoot).filter((t) => !t.file.endsWith('.setup.ts'));

  it('checks every observable clause, and names only clauses that exist', () => {
    const errors = validateClauseCoverage(tests.map((t) => ({ test: `${t.file}:${t.line} › ${t.title}`, clauseIds: t.clauseIds })));
    expect(errors).toEqual([]);
  });

  it('has a planted defect for each clause a defect names, and each such clause has tests', () => {
    const declared = new Set(tests.flatMap((t) => t.clauseIds));
    for (const defect of DEFECTS) {
      for (const id of defect.clauses ?? []) {
        expect(CLAUSES.some((c) => c.id === id), `defect ${defect.id} names unknown clause ${id}`).toBe(true);
        expect(declared.has(id), `defect ${defect.id} breaks ${id}, which no test checks`).toBe(true);
      }
    }
  });
});

describe('the sign-off', () => {
  it('lists per checklist item the clauses its tests check, in contract order, each once', () => {
    const tests = [{ clauseIds: ['C6.1', 'C2.3'] }, { clauseIds: ['C2.3', 'C3.R1'] }, {}] as unknown as TestRecord[];
    expect(clausesOf(tests)).toEqual(['C2.3', 'C3.R1', 'C6.1']);
  });
});
