import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * The browser tests drive Debian's Chromium at /usr/bin/chromium (`.ci/run` installs it). Without it
 * they are skipped with a loud message, except in CI (`CI` set), where a missing Chromium fails them.
 */
const CHROMIUM = '/usr/bin/chromium';
const browserTests = existsSync(CHROMIUM) || process.env.CI ? ['test/browser/**/*.test.ts'] : [];
if (browserTests.length === 0) {
  console.warn(
    `\n*** ${CHROMIUM} is missing: the dashboard's browser tests are SKIPPED (apt-get install -y chromium). ***\n`,
  );
}

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
          include: browserTests,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
