import { defineConfig } from 'vitest/config';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [
      'test/e2e/**',
      'test/faults/**',
      'test/bench/**',
      '**/node_modules/**',
      // Needs two connections at once, which PGlite cannot give.
      ...(onPostgres ? [] : ['test/api/sync-race.test.ts']),
    ],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
