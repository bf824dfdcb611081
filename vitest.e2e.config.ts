import { defineConfig } from 'vitest/config';

/** Browser tests against the built admin and the real API; `pnpm test:e2e` after `pnpm --filter @loket/admin build`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
