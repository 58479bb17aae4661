/**
 * The exit code of a run, read from the sign-off it wrote: `npm run e2e` uses it, and so can any
 * script that merges runs into one sign-off. No sign-off written by the run is NO-GO.
 */
import fs from 'node:fs';
import { exitCodeOf } from './verdict';
import type { Verdict } from './types';

export interface RunExit {
  code: 0 | 1;
  /** Why the code is 1 without a verdict to say so. */
  problem?: string;
}

/** `file`: the run's signoff.json; `since`: when the run started (an older file belongs to another run). */
export function exitCodeFromSignoff(file: string, since: Date): RunExit {
  let written: fs.Stats;
  try {
    written = fs.statSync(file);
  } catch {
    return { code: 1, problem: `no release sign-off was written (${file}): NO-GO` };
  }
  if (written.mtimeMs < since.getTime()) return { code: 1, problem: `${file} is older than this run: no sign-off was written by it (NO-GO)` };
  try {
    const { verdict } = JSON.parse(fs.readFileSync(file, 'utf8')) as { verdict?: Pick<Verdict, 'failsRun'> };
    if (typeof verdict?.failsRun !== 'boolean') return { code: 1, problem: `${file} holds no verdict (NO-GO)` };
    return { code: exitCodeOf(verdict) };
  } catch (e) {
    return { code: 1, problem: `${file} could not be read (NO-GO): ${e instanceof Error ? e.message : String(e)}` };
  }
}
