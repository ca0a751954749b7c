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

/** `itRate`: probability of each IntelliTrack fault kind per request. */
async function scenario(faults: boolean, bulk: boolean, itRate: number): Promise<ReturnType<typeof endState>> {
  const w = await startWorld({ company: COMPANY, seed: 5, timeoutMs: 300, bulk });
  worlds.push(w);
  if (faults) {
    w.qboEmu.faults.throttleStorm(8, { retryAfterSeconds: 0 });
    w.qboEmu.faults.setRates({ serverError: 0.04, reset: 0.03, timeout: 0.02, throttle: 0.03 });
    w.itEmu.faults.storm(8, 0);
    for (const kind of ['server-error', 'reset', 'lost-response'] as const)
      w.itEmu.faults.add({ kind, probability: itRate });
    w.itEmu.faults.add({ kind: 'timeout', probability: itRate / 3 });
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
      w.itEmu.faults.add({ kind, probability: itRate });
  }
  await syncUntilClean(w, 12);
  checkNoDuplicates(w);
  return endState(w);
}

// Bulk requests are few (each carries up to 100 writes), so they get a higher fault rate to be hit
// as often: a lost bulk answer means every write in it took effect and the retry must replay them all.
describe.each([
  { mode: 'IntelliTrack bulk requests', bulk: true, itRate: 0.1 },
  { mode: 'one IntelliTrack request per write', bulk: false, itRate: 0.03 },
])('injected faults ($mode)', ({ bulk, itRate }) => {
  it('429 storms, 5xx, resets, lost answers and timeouts end in the fault-free state', async () => {
    const clean = await scenario(false, bulk, itRate);
    const faulted = await scenario(true, bulk, itRate);
    expect(faulted).toEqual(clean);
    const injected = worlds[1]?.itEmu.faults.injected ?? {};
    const itFaults = Object.values(injected).reduce((a, b) => a + b, 0);
    // Beyond the scripted storms (8 each), random faults hit both services, lost bulk answers included.
    expect(worlds[1]?.qboEmu.faults.injected).toBeGreaterThan(10);
    expect(itFaults).toBeGreaterThan(12);
    expect(injected['lost-response'] ?? 0).toBeGreaterThan(0);
    const requests = worlds[1]?.itEmu.requests;
    if (bulk) expect(requests?.count({ kind: 'bulk' })).toBeGreaterThan(0);
  }, 120_000);
});
