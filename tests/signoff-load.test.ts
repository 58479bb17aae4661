import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLoad, LOAD_VERDICT_FILE, loadTargetKey, readLoadResult } from '../reporters/signoff/load-result';

const run = { suiteCommit: 'abc1234', profile: 'reference', target: loadTargetKey(undefined, undefined) };
const verdict = { passed: true, target: 'embedded reference app (app)', profile: 'reference', suiteCommit: 'abc1234', startedAt: '2026-11-30T18:00:00.000Z', peakUsers: { peakProtocol: 209, peakBrowser: 5 } };

function dirWith(content?: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signoff-load-'));
  if (content !== undefined) writeFileSync(path.join(dir, LOAD_VERDICT_FILE), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('the load run in the sign-off', () => {
  it('takes a load verdict of the same commit, profile and target, passed or failed', () => {
    const lookup = readLoadResult(dirWith(verdict), run);
    expect(lookup.result).toMatchObject({ status: 'passed', peakProtocolUsers: 209, peakBrowserUsers: 5, report: 'load.md' });
    expect(describeLoad(lookup)).toBe('Load (non-blocking): passed with 209 protocol and 5 browser users at once, run at 2026-11-30T18:00:00.000Z; see load.md.');
    expect(readLoadResult(dirWith({ ...verdict, passed: false }), run).result?.status).toBe('failed');
  });

  it('leaves out a load verdict of another commit, profile or target, and says which', () => {
    expect(readLoadResult(dirWith({ ...verdict, suiteCommit: 'fff0000' }), run)).toEqual({
      note: 'the load report present is of another run (suite commit fff0000, not abc1234): not taken',
    });
    expect(readLoadResult(dirWith({ ...verdict, profile: 'netra-apex' }), run).note).toMatch(/profile netra-apex, not reference/);
    const staging = { ...run, target: loadTargetKey('https://staging.example/', undefined) };
    expect(staging.target).toBe('https://staging.example');
    expect(readLoadResult(dirWith({ ...verdict, target: 'https://staging.example' }), staging).result?.status).toBe('passed');
    expect(readLoadResult(dirWith(verdict), staging).note).toMatch(/target embedded reference app \(app\), not https:\/\/staging.example/);
  });

  it('says when there is no load run or its file is unreadable', () => {
    expect(describeLoad(readLoadResult(dirWith(), run))).toBe('Load (non-blocking): not part of this sign-off — no load run of this target (`npm run load`).');
    expect(readLoadResult(dirWith('{not json'), run).note).toMatch(/^load-verdict.json is unreadable/);
  });
});
