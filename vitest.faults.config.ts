import { defineConfig } from 'vitest/config';

/** Fault tests: the API as child processes on real PostgreSQL, one file at a time. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
