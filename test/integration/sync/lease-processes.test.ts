import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LeaseOptions } from '../../../src/sync/state/lease-holder.js';
import { bundleChild, type ChildProgram, childBase } from './child-process.js';
import { startWorld, type World } from './harness.js';
import { referenceState } from './lease-helpers.js';
import { COMPANY, checkNoDuplicates, endState, warehouseWork } from './scenario.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-lease-'));
let program: ChildProgram;
let worlds: World[] = [];
let files = 0;

beforeAll(async () => {
  program = await bundleChild(join(import.meta.dirname, 'lease-child.ts'));
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  program?.dispose();
});

afterEach(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});

async function world(): Promise<World> {
  const w = await startWorld({ company: COMPANY, seed: 5 });
  worlds.push(w);
  return w;
}

type ChildOutcome = { status: string } | { error: string };

/** One `syncAll` in its own OS process on the SQLite file `dbPath`. */
async function child(w: World, dbPath: string, lease: LeaseOptions, startAt: number): Promise<ChildOutcome> {
  const out = await program.run<ChildOutcome>({ ...childBase(w, dbPath), lease, holdMs: 2500, startAt }, dir);
  if (out === 'killed') throw new Error('the child was killed');
  return out;
}

/** Two processes at once, twice (with warehouse work between): their outcomes and the end state. */
async function twoProcesses(lease: LeaseOptions): Promise<{ outcomes: ChildOutcome[]; w: World }> {
  const w = await world();
  const dbPath = join(dir, `state-${++files}.sqlite`);
  const outcomes: ChildOutcome[] = [];
  for (const round of [1, 2]) {
    const startAt = Date.now() + 1500;
    const pair = await Promise.all([
      child(w, dbPath, { ...lease, owner: `cron-${round}` }, startAt),
      child(w, dbPath, { ...lease, owner: `watch-${round}` }, startAt),
    ]);
    outcomes.push(...pair);
    if (round === 1) await warehouseWork(w);
  }
  return { outcomes, w };
}

describe('two OS processes syncing one realm on one SQLite file', () => {
  it('fail fast: in each round one completes and the other fails with SyncInProgressError; no duplicate', async () => {
    const expected = await referenceState(await world());
    const { outcomes, w } = await twoProcesses({ waitMs: 0 });
    for (const pair of [outcomes.slice(0, 2), outcomes.slice(2)]) {
      expect(pair).toContainEqual({ status: 'completed' });
      expect(pair).toContainEqual({ error: 'SyncInProgressError' });
    }
    checkNoDuplicates(w);
    expect(endState(w)).toEqual(expected);
  }, 120_000);

  it('wait: both complete, one after the other; no duplicate', async () => {
    const expected = await referenceState(await world());
    const { outcomes, w } = await twoProcesses({ waitMs: 60_000, pollMs: 50 });
    expect(outcomes).toEqual(Array(4).fill({ status: 'completed' }));
    checkNoDuplicates(w);
    expect(endState(w)).toEqual(expected);
  }, 120_000);
});
