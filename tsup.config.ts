import { defineConfig } from 'tsup';

/**
 * Optional peer dependencies: loaded only by the entry point or code path that needs them, never
 * bundled. Everything else the library uses is either a dependency (zod) or bundled: ky, p-retry and
 * p-limit ship as ES modules only, so bundling them is what makes the CommonJS build work.
 */
const PEERS = ['better-sqlite3', 'intuit-oauth', 'msw', /^msw\//, 'pg', 'pg-boss'];

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'testing/index': 'src/testing/index.ts',
      'testing/msw': 'src/testing/msw.ts',
      'sqlite/index': 'src/sqlite/index.ts',
      'postgres/index': 'src/postgres/index.ts',
      'worker/index': 'src/worker/index.ts',
    },
    format: ['esm', 'cjs'],
    // Declarations come from tsc (tsconfig.build.json), one .d.ts per source file.
    dts: false,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    // One shared chunk per module, so every entry point sees the same classes (instanceof works
    // across `.`, `/testing` and `/sqlite`), in ESM and CommonJS alike.
    splitting: true,
    noExternal: ['ky', 'p-retry', 'p-limit'],
    external: PEERS,
  },
  {
    // The qbo-it command, ESM only, with commander and cli-progress bundled in, so the library's
    // users never install them. The banner gives bundled CommonJS code a `require` for node builtins.
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    splitting: false,
    noExternal: ['ky', 'p-retry', 'p-limit', 'commander', 'cli-progress'],
    external: PEERS,
  },
]);
