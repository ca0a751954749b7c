import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['test/soak/**', '**/node_modules/**'],
    environment: 'node',
    setupFiles: ['test/setup/fast-check.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/soak/**', 'test/browser/**', '**/node_modules/**'],
        },
      },
      {
        // The dashboard in Chromium (/usr/bin/chromium): one browser at a time.
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
