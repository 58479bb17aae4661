import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../scripts/secret-scan';

const REFRESH = 'Xq3v9-refresh-value-Lm27';

function runDir(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'scan-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('scanForSecrets', () => {
  it('finds a saved sign-in value inside a trace archive, in an init script argument', async () => {
    const source = `seed(${JSON.stringify([{ name: 'refresh_token', value: REFRESH }])})`;
    const trace = zipSync({ 'trace.trace': strToU8(JSON.stringify({ method: 'addInitScript', params: { source } })) });
    const root = runDir({ 'test-a/trace.zip': trace });
    const { findings, tracesScanned } = await scanForSecrets([root], { passwords: [], savedSignIn: [REFRESH] });
    expect(tracesScanned).toBe(1);
    expect(findings).toEqual(
      expect.arrayContaining([expect.stringContaining('a value of a saved sign-in'), expect.stringContaining('token storage entry')]),
    );
  });

  it('finds a password in a report and stays quiet on redacted text', async () => {
    const root = runDir({
      'report/index.html': 'typed pw-s3cret-Value into the form',
      'report/frames.json': JSON.stringify({ name: 'refresh_token', value: '[redacted]', ticket_id: '[redacted]' }),
    });
    const { findings } = await scanForSecrets([root], { passwords: ['pw-s3cret-Value'], savedSignIn: [REFRESH] });
    expect(findings).toEqual([`${path.join(root, 'report/index.html')}: a test user's password`]);
  });
});
