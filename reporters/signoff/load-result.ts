/**
 * The load run (`npm run load`) as a non-blocking part of the sign-off: taken only when its
 * `load-verdict.json` belongs to the same suite commit, profile and target as the run signed off.
 * It never changes the verdict; it tells the release manager whether the target also held load.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const LOAD_VERDICT_FILE = 'load-verdict.json';

const loadVerdictSchema = z.object({
  passed: z.boolean(),
  target: z.string(),
  profile: z.string(),
  suiteCommit: z.string(),
  startedAt: z.string(),
  peakUsers: z.object({ peakProtocol: z.number(), peakBrowser: z.number() }).partial().optional(),
});

export interface LoadResult {
  status: 'passed' | 'failed';
  startedAt: string;
  /** The most protocol and browser users the load run held at once. */
  peakProtocolUsers?: number;
  peakBrowserUsers?: number;
  /** The load report, relative to the sign-off's folder. */
  report: string;
}

export interface LoadLookup {
  /** The load result of this target and commit, if there is one. */
  result?: LoadResult;
  /** Why there is none (no load run, another commit or target, an unreadable file). */
  note: string;
}

/** How `npm run load` names a target: the base URL without a trailing slash, or the embedded app. */
export function loadTargetKey(baseURL: string | undefined, appDir: string | undefined): string {
  return baseURL ? baseURL.replace(/\/+$/, '') : `embedded reference app (${appDir ?? 'app'})`;
}

export function readLoadResult(dir: string, run: { suiteCommit: string; profile: string; target: string }): LoadLookup {
  const file = path.join(dir, LOAD_VERDICT_FILE);
  if (!existsSync(file)) return { note: 'no load run of this target (`npm run load`)' };
  let parsed: z.infer<typeof loadVerdictSchema>;
  try {
    parsed = loadVerdictSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    return { note: `${LOAD_VERDICT_FILE} is unreadable: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const mismatch = [
    parsed.suiteCommit !== run.suiteCommit && `suite commit ${parsed.suiteCommit}, not ${run.suiteCommit}`,
    parsed.profile !== run.profile && `profile ${parsed.profile}, not ${run.profile}`,
    parsed.target.replace(/\/+$/, '') !== run.target && `target ${parsed.target}, not ${run.target}`,
  ].filter(Boolean);
  if (mismatch.length > 0) return { note: `the load report present is of another run (${mismatch.join('; ')}): not taken` };
  return {
    note: 'load report of this target and suite commit',
    result: {
      status: parsed.passed ? 'passed' : 'failed',
      startedAt: parsed.startedAt,
      ...(parsed.peakUsers?.peakProtocol === undefined ? {} : { peakProtocolUsers: parsed.peakUsers.peakProtocol }),
      ...(parsed.peakUsers?.peakBrowser === undefined ? {} : { peakBrowserUsers: parsed.peakUsers.peakBrowser }),
      report: 'load.md',
    },
  };
}

/** One line for the sign-off: "Load (non-blocking): passed — 209 protocol and 5 browser users at once, …". */
export function describeLoad(lookup: LoadLookup, linkTo: (file: string) => string = (file) => file): string {
  const r = lookup.result;
  if (!r) return `Load (non-blocking): not part of this sign-off — ${lookup.note}.`;
  const users = r.peakProtocolUsers === undefined ? '' : ` with ${r.peakProtocolUsers} protocol and ${r.peakBrowserUsers ?? 0} browser users at once`;
  return `Load (non-blocking): ${r.status === 'passed' ? 'passed' : 'FAILED'}${users}, run at ${r.startedAt}; see ${linkTo(r.report)}.`;
}
