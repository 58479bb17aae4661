/**
 * Looks through a run's artifacts for secrets: the run's own passwords, every value of its saved
 * sign-ins, and anything shaped like a token or ticket that was not redacted. Trace archives are opened and read entry by entry.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';

const PATTERNS: [string, RegExp][] = [
  ['JWT', /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/],
  ['ticket in a URL', /[?&]ticket=(?!\[redacted\]|%5Bredacted%5D)[\w-]{6,}/],
  ['token field', /"(access_token|refresh_token|jwt_token|ticket_id)"\s*:\s*"(?!\[redacted\])[^"]{6,}"/],
  ['token storage entry', /\\?"name\\?"\s*:\s*\\?"(refresh_token|jwt_token|access_token)\\?"\s*,\s*\\?"value\\?"\s*:\s*\\?"(?!\[redacted\])[^"\\]{6,}/],
  ['Bearer credential', /Bearer\s+(?!\[redacted\])[\w.-]{12,}/],
];

export interface KnownSecrets {
  passwords: string[];
  savedSignIn: string[];
}

export async function scanForSecrets(roots: string[], secrets: KnownSecrets): Promise<{ findings: string[]; tracesScanned: number }> {
  const findings: string[] = [];
  let tracesScanned = 0;
  for (const root of roots) {
    for (const file of await listFiles(root)) {
      if (/trace.*\.zip$|\/data\/[0-9a-f]+\.zip$/.test(file)) tracesScanned++;
      for (const [name, text] of await readTexts(file)) findings.push(...findIn(text, name, secrets));
    }
  }
  return { findings, tracesScanned };
}

function findIn(text: string, where: string, secrets: KnownSecrets): string[] {
  const found: string[] = [];
  for (const password of secrets.passwords) if (text.includes(password)) found.push(`${where}: a test user's password`);
  for (const value of secrets.savedSignIn) if (text.includes(value)) found.push(`${where}: a value of a saved sign-in`);
  for (const [what, pattern] of PATTERNS) if (pattern.test(text)) found.push(`${where}: ${what}`);
  return found;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
  );
  return nested.flat();
}

const EMBEDDED_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

/**
 * Text content of a file, or of each entry of a zip archive (traces), including zips embedded
 * as base64 (the Playwright HTML report keeps its data that way); binary content is skipped.
 */
async function readTexts(file: string): Promise<[string, string][]> {
  const bytes = await readFile(file);
  if (file.endsWith('.zip')) return unzipTexts(bytes, file);
  if (bytes.includes(0)) return [];
  const text = bytes.toString('utf8');
  const embedded = [...text.matchAll(EMBEDDED_ZIP)].map((m, i) => unzipTexts(Buffer.from(m[1]!, 'base64'), `${file}#zip${i}`));
  return [[file, text], ...embedded.flat()];
}

function unzipTexts(bytes: Uint8Array, name: string): [string, string][] {
  return Object.entries(unzipSync(bytes))
    .filter(([, content]) => !content.includes(0))
    .map(([entry, content]) => [`${name}!${entry}`, strFromU8(content)]);
}
