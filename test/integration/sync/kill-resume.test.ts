import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { COMPANY, checkNoDuplicates, endState, warehouseWork } from './scenario.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'qbo-it-kill-'));
// Inside the package so the bundle resolves better-sqlite3 (native, not bundled) from node_modules.
const bundleDir = mkdtempSync(join(root, 'node_modules', '.cache-kill-child-'));
const bundle = join(bundleDir, 'kill-child.mjs');

beforeAll(async () => {
  // One bundle instead of a TypeScript loader per child: each child starts in a fraction of a second.
  await run(
    'npx',
    [
      'esbuild',
      join(import.meta.dirname, 'kill-child.ts'),
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--external:better-sqlite3',
      `--outfile=${bundle}`,
      '--banner:js=import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
    ],
    { cwd: root },
  );
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

/** Runs the child; resolves with its exit: 'done', or 'killed' when it SIGKILLed itself. */
async function child(world: World, dbPath: string, killAfterWrites: number): Promise<'done' | 'killed'> {
  const config = {
    qboBaseUrl: world.qboEmu.baseUrl,
    realmId: world.qboEmu.realmId,
    accessToken: world.qboEmu.issueAccessToken(),
    itBaseUrl: world.itEmu.baseUrl,
    apiKey: world.itEmu.apiKey,
    dbPath,
    settings: { division: world.itEmu.divisionId, adjustmentAccountId: world.shrinkageAccountId },
    killAfterWrites,
  };
  try {
    await run(process.execPath, [bundle, JSON.stringify(config)], { cwd: dir, maxBuffer: 1 << 24 });
    return 'done';
  } catch (error) {
    const e = error as { signal?: string; stderr?: string };
    if (e.signal === 'SIGKILL') return 'killed';
    throw new Error(`child failed: ${e.stderr ?? String(error)}`);
  }
}

let kills = 0;

async function syncMaybeKilled(world: World, db: string, k: number): Promise<void> {
  if ((await child(world, db, k)) === 'done') return;
  kills += 1;
  expect(await child(world, db, 0)).toBe('done');
}

/** One scenario: first sync (killed after `k` writes, then resumed), work, second sync (same). */
async function scenario(k: number): Promise<ReturnType<typeof endState>> {
  const world = await startWorld({ company: COMPANY, seed: 5 });
  const db = join(dir, `state-${k}-${Date.now()}.db`);
  try {
    await syncMaybeKilled(world, db, k);
    checkNoDuplicates(world);
    await warehouseWork(world);
    await syncMaybeKilled(world, db, k);
    checkNoDuplicates(world);
    // A further run finds nothing left to do.
    const before = endState(world);
    expect(await child(world, db, 0)).toBe('done');
    expect(endState(world)).toEqual(before);
    return before;
  } finally {
    await world.close();
  }
}

describe('kill and resume', () => {
  it('ends, after a SIGKILL at any of many points and a resume, in the same state as an uninterrupted run', async () => {
    const reference = await scenario(0);
    expect(reference.bills).toBe(2);
    expect(reference.inventoryAdjustments).toBe(3);
    expect(reference.adjustmentsExported.every((s) => s === 'exported')).toBe(true);
    expect(kills).toBe(0);
    const points = [1, 2, 3, 5, 8, 13, 21, 34];
    for (const k of points) {
      expect({ k, state: await scenario(k) }).toEqual({ k, state: reference });
    }
    // Every point kills the first sync (it makes more writes than that); the small ones the second too.
    expect(kills).toBeGreaterThanOrEqual(points.length + 4);
  }, 600_000);
});
