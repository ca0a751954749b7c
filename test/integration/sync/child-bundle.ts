import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SyncSettings } from '../../../src/sync/settings.js';

const run = promisify(execFile);

/** What every child runner of the integration tests is given to reach the parent's emulators. */
export interface ChildConnection {
  qboBaseUrl: string;
  realmId: string;
  accessToken: string;
  itBaseUrl: string;
  apiKey: string;
  /** The SQLite state file. */
  dbPath: string;
  settings: SyncSettings;
}

/**
 * Bundles the child runner `entry` into the ES module `outfile` with esbuild: one bundle instead of
 * a TypeScript loader per child, so each child starts in a fraction of a second. better-sqlite3
 * (native) stays external, so `outfile` must lie inside the package to resolve it.
 */
export async function bundleChild(entry: string, outfile: string, cwd: string): Promise<void> {
  await run(
    'npx',
    [
      'esbuild',
      entry,
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--external:better-sqlite3',
      `--outfile=${outfile}`,
      '--banner:js=import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    ],
    { cwd },
  );
}
