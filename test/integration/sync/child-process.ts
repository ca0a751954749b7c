import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { World } from './harness.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');

/** What every child runner is given: where the emulators are, the state file and its settings. */
export interface ChildBase {
  qboBaseUrl: string;
  realmId: string;
  accessToken: string;
  itBaseUrl: string;
  apiKey: string;
  dbPath: string;
  settings: { division: string; adjustmentAccountId: string };
}

/** The connection part of a child's configuration for `world`, with state in `dbPath`. */
export function childBase(world: World, dbPath: string): ChildBase {
  return {
    qboBaseUrl: world.qboEmu.baseUrl,
    realmId: world.qboEmu.realmId,
    accessToken: world.qboEmu.issueAccessToken(),
    itBaseUrl: world.itEmu.baseUrl,
    apiKey: world.itEmu.apiKey,
    dbPath,
    settings: { division: world.itEmu.divisionId, adjustmentAccountId: world.shrinkageAccountId },
  };
}

/** A child runner bundled once (one bundle instead of a TypeScript loader per child: each starts in a fraction of a second). */
export interface ChildProgram {
  /** Runs the child with `config`; its stdout parsed as JSON, or 'killed' when it SIGKILLed itself. */
  run<T>(config: object, cwd: string): Promise<T | 'killed'>;
  dispose(): void;
}

/** Bundles `entry` (a TypeScript child runner) with esbuild. */
export async function bundleChild(entry: string): Promise<ChildProgram> {
  // Inside the package so the bundle resolves better-sqlite3 (native, not bundled) from node_modules.
  const bundleDir = mkdtempSync(join(root, 'node_modules', '.cache-child-'));
  const bundle = join(bundleDir, 'child.mjs');
  await run(
    'npx',
    [
      'esbuild',
      entry,
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--external:better-sqlite3',
      `--outfile=${bundle}`,
      '--banner:js=import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    ],
    { cwd: root },
  );
  return {
    async run<T>(config: object, cwd: string): Promise<T | 'killed'> {
      try {
        const { stdout } = await run(process.execPath, [bundle, JSON.stringify(config)], { cwd, maxBuffer: 1 << 24 });
        return JSON.parse(stdout) as T;
      } catch (error) {
        const e = error as { signal?: string; stderr?: string };
        if (e.signal === 'SIGKILL') return 'killed';
        throw new Error(`child failed: ${e.stderr ?? String(error)}`);
      }
    },
    dispose() {
      rmSync(bundleDir, { recursive: true, force: true });
    },
  };
}
