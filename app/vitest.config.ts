/**
 * vitest config of the reference app's protocol-level tests (no browser).
 * Run from the repo root: `npx vitest run --config app/vitest.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['app/test/**/*.test.ts'],
    environment: 'node',
    // Each file starts its own in-process server(s); forks keep better-sqlite3 and sockets apart.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    reporters: ['default'],
  },
});
