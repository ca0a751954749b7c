import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild, type ChildProgram, childBase } from './child-process.js';
import { startWorld, type World } from './harness.js';
import { COMPANY, checkNoDuplicates, endState, warehouseWork } from './scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-kill-'));
let program: ChildProgram;

beforeAll(async () => {
  program = await bundleChild(join(import.meta.dirname, 'kill-child.ts'));
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  program?.dispose();
});

/** Runs the child; resolves with its exit: 'done' (with its write calls), or 'killed'. */
async function child(
  world: World,
  dbPath: string,
  killAfterWrites: number,
  bulk: boolean,
): Promise<{ exit: 'done'; writes: number; bulk: number } | { exit: 'killed' }> {
  const out = await program.run<{ writes: number; bulk: number }>(
    { ...childBase(world, dbPath), killAfterWrites, bulk },
    dir,
  );
  if (out === 'killed') return { exit: 'killed' };
  return { exit: 'done', writes: out.writes, bulk: out.bulk };
}

/** One scenario's outcome: the end state, the write calls of each uninterrupted sync, and the kills. */
interface Outcome {
  state: ReturnType<typeof endState>;
  writes: number[];
  /** Bulk requests of each uninterrupted sync. */
  bulk: number[];
  kills: number;
}

/** One scenario: first sync (killed after `k` writes, then resumed), work, second sync (same). */
async function scenario(k: number, bulk: boolean): Promise<Outcome> {
  const world = await startWorld({ company: COMPANY, seed: 5 });
  const db = join(dir, `state-${k}-${bulk}-${Date.now()}.db`);
  const outcome: Outcome = { state: undefined as never, writes: [], bulk: [], kills: 0 };
  const syncMaybeKilled = async (): Promise<void> => {
    const first = await child(world, db, k, bulk);
    if (first.exit === 'done') {
      outcome.writes.push(first.writes);
      outcome.bulk.push(first.bulk);
      return;
    }
    outcome.kills += 1;
    expect((await child(world, db, 0, bulk)).exit).toBe('done');
  };
  try {
    await syncMaybeKilled();
    checkNoDuplicates(world);
    await warehouseWork(world);
    await syncMaybeKilled();
    checkNoDuplicates(world);
    // A further run finds nothing left to do.
    const before = endState(world);
    expect(await child(world, db, 0, bulk)).toEqual({ exit: 'done', writes: 0, bulk: 0 });
    expect(endState(world)).toEqual(before);
    outcome.state = before;
    return outcome;
  } finally {
    await world.close();
  }
}

/** Kill points spread over the first sync's `n` write calls: the first few, then every fraction. */
function killPoints(n: number): number[] {
  const points = [1, 2, 3, 5, 8, 13, 21, 34].filter((k) => k < n);
  for (const f of [0.25, 0.5, 0.75]) points.push(Math.max(1, Math.floor(n * f)));
  points.push(n - 1);
  return [...new Set(points)].filter((k) => k >= 1).sort((a, b) => a - b);
}

describe.each([
  { mode: 'IntelliTrack bulk requests', bulk: true },
  { mode: 'one IntelliTrack request per write', bulk: false },
])('kill and resume ($mode)', ({ bulk }) => {
  it('ends, after a SIGKILL at any of many points and a resume, in the same state as an uninterrupted run', async () => {
    const reference = await scenario(0, bulk);
    expect(reference.state.bills).toBe(2);
    expect(reference.state.inventoryAdjustments).toBe(3);
    expect(reference.state.adjustmentsExported.every((s) => s === 'exported')).toBe(true);
    expect(reference.kills).toBe(0);
    // The mode is the one under test: IntelliTrack writes went in bulk requests, or none did.
    if (bulk) expect(reference.bulk[0]).toBeGreaterThan(0);
    else expect(reference.bulk).toEqual([0, 0]);
    const [firstWrites = 0] = reference.writes;
    const points = killPoints(firstWrites);
    expect(points.length).toBeGreaterThanOrEqual(4);
    let kills = 0;
    for (const k of points) {
      const outcome = await scenario(k, bulk);
      expect({ k, state: outcome.state }).toEqual({ k, state: reference.state });
      // k is below the first sync's writes, so the first sync is always killed (the second often too).
      expect(outcome.kills).toBeGreaterThanOrEqual(1);
      kills += outcome.kills;
    }
    // The second sync was killed as well at the small points.
    expect(kills).toBeGreaterThan(points.length);
  }, 600_000);
});
