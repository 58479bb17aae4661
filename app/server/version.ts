/** The suite's version, from the repository's package.json. */
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const path = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
