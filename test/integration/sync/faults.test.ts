import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../../src/sync/report.js';
import { startWorld, type World } from './harness.js';
import { COMPANY, checkNoDuplicates, endState, warehouseWork } from './scenario.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

function troubles(report: SyncReport): number {
  return Object.values(report.entities).reduce((n, e) => n + (e?.failed ?? 0), 0);
}

/** Syncs until a run ends with no failed record (faults leave writes pending for the next run). */
async function syncUntilClean(w: World, maxRuns: number): Promise<number> {
  for (let run = 1; run <= maxRuns; run += 1) {
    try {
      const report = await w.sync.syncAll();
      if (troubles(report) === 0) {
        const retry = await w.sync.retryFailed();
        if (troubles(retry) === 0 && (await w.store.listFailed()).length === 0) return run;
      }
    } catch {
      // A run stopped by a fault that outlived the client's retries: the next run resumes it.
    }
  }
  throw new Error(`still failing after ${maxRuns} runs`);
}

async function scenario(faults: boolean): Promise<ReturnType<typeof endState>> {
  const w = await startWorld({ company: COMPANY, seed: 5, timeoutMs: 300 });
  worlds.push(w);
  if (faults) {
    w.qboEmu.faults.throttleStorm(8, { retryAfterSeconds: 0 });
    w.qboEmu.faults.setRates({ serverError: 0.04, reset: 0.03, timeout: 0.02, throttle: 0.03 });
    w.itEmu.faults.storm(8, 0);
    for (const kind of ['server-error', 'reset', 'lost-response'] as const)
      w.itEmu.faults.add({ kind, probability: 0.03 });
    w.itEmu.faults.add({ kind: 'timeout', probability: 0.01 });
  }
  await syncUntilClean(w, 12);
  checkNoDuplicates(w);
  w.qboEmu.faults.setRates({});
  w.itEmu.faults.clear();
  await warehouseWork(w);
  if (faults) {
    w.qboEmu.faults.setRates({ serverError: 0.04, reset: 0.03, timeout: 0.02, throttle: 0.03 });
    w.qboEmu.faults.enqueue({ type: 'dropResponse', kinds: ['batch'] }, { type: 'dropResponse', kinds: ['batch'] });
    for (const kind of ['server-error', 'reset', 'lost-response'] as const)
      w.itEmu.faults.add({ kind, probability: 0.03 });
  }
  await syncUntilClean(w, 12);
  checkNoDuplicates(w);
  return endState(w);
}

describe('injected faults', () => {
  it('429 storms, 5xx, resets, lost answers and timeouts (about 10% of calls) end in the fault-free state', async () => {
    const clean = await scenario(false);
    const faulted = await scenario(true);
    expect(faulted).toEqual(clean);
    const itFaults = Object.values(worlds[1]?.itEmu.faults.injected ?? {}).reduce((a, b) => a + b, 0);
    // Beyond the scripted storms (8 each), random faults hit both services.
    expect(worlds[1]?.qboEmu.faults.injected).toBeGreaterThan(10);
    expect(itFaults).toBeGreaterThan(12);
  }, 120_000);
});
