import { defineConfig } from 'vitest/config';

/** The soak test only (`npm run soak`): long, so outside `npm test`'s default run. */
export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    environment: 'node',
    testTimeout: 1_200_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
