/**
 * Soak: random faults on about 30% of the requests to both services (lost answers included) and
 * SIGKILLs at random write calls, over a company with several hundred writes. The end state must be
 * the fault-free one, with no duplicate and nothing lost. `npm run soak`; SOAK_SCALE sizes the company
 * (CI runs 1), SOAK_SEED picks the kill points and fault rolls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild, type ChildProgram, childBase } from '../integration/sync/child-process.js';
import { startWorld, type World } from '../integration/sync/harness.js';
import { checkNoDuplicates } from '../integration/sync/scenario.js';
import type { SoakChildResult } from './soak-child.js';
import { soakCompany, soakState, soakWork } from './world-work.js';

const SCALE = Number(process.env.SOAK_SCALE ?? 1);
const SEED = Number(process.env.SOAK_SEED ?? 20261203);
const MAX_RUNS = 40;

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-soak-'));
let program: ChildProgram;

beforeAll(async () => {
  program = await bundleChild(join(import.meta.dirname, 'soak-child.ts'));
}, 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  program?.dispose();
});

/** A small seeded PRNG (mulberry32): the same kill points for the same SOAK_SEED. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** About 30% of the requests to each service fail: 5xx, resets, lost answers, timeouts, throttling, locks. */
function faultsOn(w: World): void {
  w.qboEmu.faults.setRates({
    serverError: 0.06,
    reset: 0.05,
    dropResponse: 0.08,
    timeout: 0.02,
    throttle: 0.05,
    inventoryLock: 0.04,
  } as Parameters<World['qboEmu']['faults']['setRates']>[0]);
  // The first write batches commit and lose their answers, whatever the rolls.
  w.qboEmu.faults.enqueue({ type: 'dropResponse', kinds: ['batch'] }, { type: 'dropResponse', kinds: ['batch'] });
  // 500s are retried at once; a 503 asks for a second's wait, longer than the test clients wait, so it stops the run.
  w.itEmu.faults.add({ kind: 'server-error', status: 500, probability: 0.07 });
  w.itEmu.faults.add({ kind: 'server-error', status: 503, probability: 0.01 });
  for (const kind of ['reset', 'lost-response'] as const) w.itEmu.faults.add({ kind, probability: 0.08 });
  w.itEmu.faults.add({ kind: 'timeout', probability: 0.02 });
  w.itEmu.faults.add({ kind: 'rate-limit', probability: 0.04, retryAfterSeconds: 0 });
}

function faultsOff(w: World): void {
  w.qboEmu.faults.clear();
  w.itEmu.faults.clear();
}

interface Tally {
  runs: number;
  kills: number;
  /** Write calls the children made (a QBO batch or an IntelliTrack bulk request counts once). */
  writes: number;
}

const QBO_WRITTEN = ['Customer', 'PurchaseOrder', 'Estimate', 'InventoryAdjustment', 'Bill', 'Invoice'] as const;
const IT_WRITES = ['create', 'update', 'delete', 'load', 'close', 'export'] as const;

/** Records written in both systems, counted at the emulators (each operation inside a bulk request once). */
function recordsWritten(w: World, qboBefore: number): number {
  const qbo = QBO_WRITTEN.reduce((n, entity) => n + w.qboEmu.data.count(entity), 0) - qboBefore;
  const it = IT_WRITES.reduce((n, kind) => n + w.itEmu.requests.operations.count({ kind }), 0);
  return qbo + it;
}

/** Runs children until one ends with nothing failed or pending; the first `kills` runs die at a random write. */
async function untilSettled(
  w: World,
  db: string,
  kills: number,
  roll: (n: number) => number,
  tally: Tally,
): Promise<void> {
  // Kill points among the first write calls of a run (a first sync makes a few dozen: batches and bulk requests).
  let budget = 6;
  let last: SoakChildResult | 'killed' = 'killed';
  for (let run = 0; run < MAX_RUNS; run += 1) {
    const killAt = run < kills ? 1 + roll(budget) : 0;
    const out = await program.run<SoakChildResult>({ ...childBase(w, db), killAfterWrites: killAt }, dir);
    last = out;
    if (process.env.SOAK_DEBUG)
      process.stdout.write(`RUN ${run} kill@${killAt} -> ${JSON.stringify(out).slice(0, 300)}\n`);
    tally.runs += 1;
    if (out === 'killed') {
      tally.kills += 1;
      continue;
    }
    tally.writes += out.writes;
    budget = Math.max(budget, out.writes);
    if (run >= kills && out.stopped === null && out.failed === 0 && out.pending === 0) return;
  }
  throw new Error(`not settled after ${MAX_RUNS} runs; the last left ${JSON.stringify(last)}`);
}

/** The first sync, a day of warehouse work, the second sync, then a quiet run: faults and kills when `faulty`. */
async function day(
  faulty: boolean,
): Promise<{ state: ReturnType<typeof soakState>; tally: Tally; world: World; records: number }> {
  // Without the per-minute limits: dozens of runs a minute would spend most of the soak waiting out 429s.
  const w = await startWorld({ company: soakCompany(SCALE), seed: SEED, limits: false });
  const qboBefore = QBO_WRITTEN.reduce((n, entity) => n + w.qboEmu.data.count(entity), 0);
  const db = join(dir, `soak-${faulty}-${Date.now()}.db`);
  const roll = prng(SEED);
  const tally: Tally = { runs: 0, kills: 0, writes: 0 };
  const kills = faulty ? 4 : 0;
  try {
    if (faulty) faultsOn(w);
    await untilSettled(w, db, kills, roll, tally);
    faultsOff(w);
    checkNoDuplicates(w);
    await soakWork(w);
    if (faulty) faultsOn(w);
    await untilSettled(w, db, kills, roll, tally);
    faultsOff(w);
    checkNoDuplicates(w);
    const quiet = await program.run<SoakChildResult>({ ...childBase(w, db), killAfterWrites: 0 }, dir);
    expect(quiet).toEqual({ writes: 0, stopped: null, failed: 0, pending: 0, left: [] });
    return { state: soakState(w), tally, world: w, records: recordsWritten(w, qboBefore) };
  } finally {
    await w.close();
  }
}

describe('soak: random faults (~30%, lost answers included) and SIGKILLs', () => {
  it('ends in the fault-free state with no duplicate and nothing lost', async () => {
    const clean = await day(false);
    const faulted = await day(true);
    // Several hundred writes, a real share of them under faults, and kills that hit.
    expect(clean.records).toBeGreaterThan(250 * SCALE);
    expect(faulted.tally.kills).toBeGreaterThanOrEqual(3);
    expect(faulted.world.qboEmu.faults.injected).toBeGreaterThan(5);
    expect(faulted.state).toEqual(clean.state);
    process.stdout.write(
      `soak scale ${SCALE} seed ${SEED}: ${clean.records} records written; clean ${JSON.stringify(clean.tally)}; faulted ${JSON.stringify(faulted.tally)}, ` +
        `QBO faults ${faulted.world.qboEmu.faults.injected}, IntelliTrack faults ${JSON.stringify(faulted.world.itEmu.faults.injected)}\n`,
    );
  }, 1_200_000);
});
