/**
 * `qboReads: 'adaptive'`: every run reads QBO (one CDC call) while the company is busy; once no run
 * has seen a QBO change or written a record for `qboQuietAfterMinutes`, QBO is read every
 * `qboReconcileMinutes`, and at once for whatever calls for a read under `'on-notice'`. Both
 * emulators and the Synchronizer share a manual clock moved five minutes per cycle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { BUSY_KEY } from '../../../src/sync/read/gate.js';
import type { SyncSettings } from '../../../src/sync/settings.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { ManualClock } from './lease-helpers.js';
import { itVendorName, renameVendor } from './vendor-edits.js';

const COMPANY = { items: 12, vendors: 4, customers: 4, purchaseOrders: 3, estimates: 3, seed: 5 };
const MINUTE = 60_000;

interface Setup {
  w: World;
  clock: ManualClock;
  /** One `syncAll` five minutes on: the CDC calls it made and its notes. */
  cycle(options?: { noticed?: 'Vendor'[]; readQbo?: boolean }): Promise<{ cdc: number; notes: string[] }>;
  /** Cycles until one leaves QBO unread; the CDC calls of each. */
  untilQuiet(): Promise<number[]>;
}

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A world whose emulators and Synchronizer share a manual clock. */
async function clockedWorld(settings: Partial<SyncSettings>): Promise<{ w: World; clock: ManualClock }> {
  const clock = new ManualClock(Date.now());
  world = await startWorld({
    company: COMPANY,
    qboClock: clock,
    clock,
    // The cycles span hours of the manual clock; the test's access token is not refreshed.
    qboOptions: { oauth: { accessTokenTtlSeconds: 86_400 } },
    settings,
  });
  return { w: world, clock };
}

async function setUp(settings: Partial<SyncSettings> = {}): Promise<Setup> {
  const { w, clock } = await clockedWorld({ qboReads: 'adaptive', ...settings });
  const cycle = async (options: { noticed?: 'Vendor'[]; readQbo?: boolean } = {}) => {
    clock.at += 5 * MINUTE;
    const before = w.qboEmu.requests.count('cdc');
    const report = await w.sync.syncAll(options);
    expect(report.status, JSON.stringify(report.error)).toBe('completed');
    return { cdc: w.qboEmu.requests.count('cdc') - before, notes: report.notes };
  };
  const untilQuiet = async () => {
    const calls: number[] = [];
    for (let n = 0; n < 40; n += 1) {
      const { cdc } = await cycle();
      calls.push(cdc);
      if (cdc === 0) return calls;
    }
    throw new Error(`QBO never went unread in 40 cycles: ${calls.join(',')}`);
  };
  expect((await w.sync.syncAll()).status).toBe('completed');
  return { w, clock, cycle, untilQuiet };
}

describe("qboReads: 'adaptive'", () => {
  it('reads every run while busy, then every qboReconcileMinutes once quiet, and says why', async () => {
    const { cycle, untilQuiet } = await setUp();
    const busy = await untilQuiet();
    // The first sync wrote records: an hour of five-minute cycles reads QBO each time (12 cycles,
    // the 12th of which is the first quiet one), and the echo of a write can only make it longer.
    expect(busy.length).toBeGreaterThanOrEqual(12);
    expect(busy.slice(0, -1).every((c) => c === 1)).toBe(true);
    const quiet: number[] = [];
    let note = '';
    for (let n = 0; n < 9; n += 1) {
      const { cdc, notes } = await cycle();
      quiet.push(cdc);
      if (cdc === 0) note = notes.join('\n');
    }
    // The last read is at most 15 min old: one read every third five-minute cycle.
    expect(quiet).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(note).toMatch(/QBO not read for .*Vendor.*: quiet since .*for 60 min\); read at least every 15 min/);
  });

  it('reads a change made while quiet within the interval, then reads every run again', async () => {
    const { w, cycle, untilQuiet } = await setUp({ qboQuietAfterMinutes: 20 });
    await untilQuiet();
    const id = await renameVendor(w, 0, 'Night Edit');
    const before = [];
    let read = 0;
    while (read === 0) {
      read = (await cycle()).cdc;
      before.push(read);
    }
    expect(before.length).toBeLessThanOrEqual(3);
    expect(itVendorName(w, id)).toBe('Night Edit');
    // Busy again for 20 minutes: the next three cycles read.
    const after = [(await cycle()).cdc, (await cycle()).cdc, (await cycle()).cdc];
    expect(after).toEqual([1, 1, 1]);
  });

  it('counts warehouse work as busy: the adjustment is exported unread, the next runs read', async () => {
    // Quiet reads every 30 min: the reads right after the export are the busy rule's, not the interval's.
    const { w, cycle, untilQuiet } = await setUp({ qboQuietAfterMinutes: 20, qboReconcileMinutes: 30 });
    await untilQuiet();
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 1);
    if (!stocked) throw new Error('seed has no stock');
    const adjustment = w.itEmu.simulate.adjust(stocked.itemId, -1, 'damaged');
    const first = await cycle();
    expect(first.cdc).toBe(0);
    expect(w.itEmu.data.get('adjustments', adjustment.id)?.exportStatus).toBe('exported');
    expect(w.qboEmu.data.list('InventoryAdjustment')).toHaveLength(1);
    expect([(await cycle()).cdc, (await cycle()).cdc]).toEqual([1, 1]);
  });

  it('reads at once what a run is told changed, a person asked for, or a recorded notice names', async () => {
    const { w, clock, cycle, untilQuiet } = await setUp({ qboQuietAfterMinutes: 20 });
    await untilQuiet();
    expect((await cycle({ noticed: ['Vendor'] })).cdc).toBe(1);
    await untilQuiet();
    // A run or a plan a person asked for reads, whatever the policy.
    expect((await cycle({ readQbo: true })).cdc).toBe(1);
    await untilQuiet();
    const before = w.qboEmu.requests.count('cdc');
    await w.sync.plan('all', { readQbo: true });
    expect(w.qboEmu.requests.count('cdc') - before).toBe(1);
    await untilQuiet();
    const id = await renameVendor(w, 1, 'Noticed Co');
    await w.sync.recordQboNotices([
      { realmId: w.qbo.realmId, entity: 'Vendor', id, operation: 'Update', occurredAt: new Date(clock.at) },
    ]);
    expect((await cycle()).cdc).toBe(1);
    expect(itVendorName(w, id)).toBe('Noticed Co');
  });

  it('lets a company where nothing happens go quiet an hour after its first run under the policy', async () => {
    const { w, clock } = await clockedWorld({ qboReads: 'every-run' });
    expect((await w.sync.syncAll()).status).toBe('completed');
    // Every run read under 'every-run'; the echo of the first sync's writes is read by the second.
    for (let n = 0; n < 2; n += 1) {
      clock.at += 5 * MINUTE;
      await w.sync.syncAll();
    }
    const adaptive = w.withSettings({ qboReads: 'adaptive' });
    const calls: number[] = [];
    for (let n = 0; n < 15; n += 1) {
      clock.at += 5 * MINUTE;
      const before = w.qboEmu.requests.count('cdc');
      expect((await adaptive.syncAll()).status).toBe('completed');
      calls.push(w.qboEmu.requests.count('cdc') - before);
    }
    // Stamped by its first run: twelve runs read (an hour), then one every third.
    expect(calls).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1]);
  });

  it('does not mark the company busy from a plan', async () => {
    const { w, clock, untilQuiet } = await setUp({ qboQuietAfterMinutes: 20 });
    await untilQuiet();
    const mark = await w.store.getWatermark(BUSY_KEY);
    expect(mark).toBeDefined();
    await renameVendor(w, 2, 'Planned Only');
    clock.at += 15 * MINUTE;
    const plan = await w.sync.plan();
    expect(plan.steps.some((s) => s.entity === 'vendor')).toBe(true);
    expect(await w.store.getWatermark(BUSY_KEY)).toBe(mark);
  });
});

describe('the default read policy', () => {
  it('is adaptive: five-minute cycles of a quiet company read every third cycle, and a QBO change within 15 minutes', async () => {
    // No qboReads in the settings: what a new Synchronizer does.
    const { w, clock } = await clockedWorld({});
    expect(w.sync.settings).toMatchObject({ qboReads: 'adaptive', qboReconcileMinutes: 15, qboQuietAfterMinutes: 60 });
    expect((await w.sync.syncAll()).status).toBe('completed');
    const cycle = async (minutes: number) => {
      clock.at += minutes * MINUTE;
      const before = w.qboEmu.requests.count('cdc');
      expect((await w.sync.syncAll()).status).toBe('completed');
      return w.qboEmu.requests.count('cdc') - before;
    };
    const calls: number[] = [];
    for (let n = 0; n < 20; n += 1) calls.push(await cycle(5));
    // The first sync wrote: an hour of reads (its echo may add one), then one read every third cycle.
    const firstSkip = calls.indexOf(0);
    expect(firstSkip).toBeGreaterThanOrEqual(11);
    expect(firstSkip).toBeLessThanOrEqual(14);
    expect(calls.slice(0, firstSkip).every((c) => c === 1)).toBe(true);
    expect(calls.slice(firstSkip, firstSkip + 6)).toEqual([0, 0, 1, 0, 0, 1]);

    const id = await renameVendor(w, 3, 'Morning Edit');
    let waited = 0;
    while ((await cycle(5)) === 0) waited += 5;
    expect(waited).toBeLessThan(15);
    expect(itVendorName(w, id)).toBe('Morning Edit');
    // At auto sync's default interval, 15 minutes, every run reads, quiet or not.
    expect([await cycle(15), await cycle(15), await cycle(15), await cycle(15), await cycle(15)]).toEqual([
      1, 1, 1, 1, 1,
    ]);
  });
});

describe('adaptive read settings', () => {
  it('defaults the interval to 15 minutes and names a setting that cannot be used', async () => {
    const w = await startWorld({ company: COMPANY });
    world = w;
    const make = (settings: Record<string, unknown>) =>
      new Synchronizer({ qbo: w.qbo, intellitrack: w.it, store: w.store, settings: { division: 'D', ...settings } });
    expect(make({ qboReads: 'adaptive' }).settings).toMatchObject({
      qboReconcileMinutes: 15,
      qboQuietAfterMinutes: 60,
    });
    expect(make({ qboReads: 'on-notice' }).settings.qboReconcileMinutes).toBe(60);
    expect(() => make({ qboReads: 'adaptive', qboQuietAfterMinutes: 0 })).toThrow(ConfigurationError);
    expect(() => make({ qboReads: 'adaptive', qboQuietAfterMinutes: Number.NaN })).toThrow(
      /settings\.qboQuietAfterMinutes/,
    );
    expect(() => make({ qboReads: 'sometimes' })).toThrow(/"every-run", "on-notice", "adaptive"/);
  });
});
