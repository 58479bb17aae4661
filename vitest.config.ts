import { defineConfig } from 'vitest/config';

/** Unit tests of the suite's own parts (no browser, no target). */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
