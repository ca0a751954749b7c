import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MeteredAllowanceExhaustedError } from '../../../src/qbo/errors.js';
import { meteringMonth } from '../../../src/qbo/metering.js';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import type { MeteredReport, MeteringEvent, MeteringOptions } from '../../../src/sync/engine/metering-budget.js';
import { formatMetered } from '../../../src/sync/report.js';
import type { StateStore } from '../../../src/sync/state/store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await world?.close();
  world = undefined;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const COMPANY = { items: 6, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 9 };

function synchronizer(w: World, metering: MeteringOptions, store: StateStore = w.store) {
  const sync = new Synchronizer({
    qbo: w.qbo,
    intellitrack: w.it,
    store,
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
    metering,
  });
  const events: MeteringEvent[] = [];
  sync.on('metering', (e) => events.push(e));
  return { sync, events };
}

describe('metered QBO calls', () => {
  it('reports each run’s metered calls as the QBO emulator counts them, and keeps the month in the store', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const { sync } = synchronizer(w, {});
    const first = await sync.syncAll();
    expect(first.status).toBe('completed');
    const usage = w.qboEmu.core.usage();
    expect(first.metered).toMatchObject({ corePlus: usage.corePlus, core: usage.core, allowance: 500_000 });
    expect(first.metered?.corePlus).toBeGreaterThan(0);
    const second = await sync.syncAll();
    const after = w.qboEmu.core.usage();
    expect(second.metered?.monthTotal).toEqual({ corePlus: after.corePlus, core: after.core });
    const month = meteringMonth(Date.now());
    expect(await w.store.getMeteredCalls(w.qbo.realmId, month)).toMatchObject({ corePlus: after.corePlus });
  });

  it('warns at 80% and 95% with a forecast, then pauses reads and keeps writes that need no read', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const { sync, events } = synchronizer(w, { monthlyAllowance: 1_000 });
    const month = meteringMonth(Date.now());
    const realm = w.qbo.realmId;
    // Earlier runs this month used 795 of 1000: this run's reads cross 80%.
    await w.store.addMeteredCalls(realm, month, { corePlus: 795, core: 0, at: Date.now() });
    expect((await sync.syncAll()).status).toBe('completed');
    expect(events.map((e) => [e.level, e.share])).toEqual([['warning', 0.8]]);
    expect(events[0]?.message).toMatch(
      /of 1000 metered QBO calls .* (runs out on the \d+(st|nd|rd|th)|lasts the month)/,
    );
    const used = (await w.store.getMeteredCalls(realm, month))?.corePlus ?? 0;
    await w.store.addMeteredCalls(realm, month, { corePlus: 949 - used, core: 0, at: Date.now() });
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 2);
    if (!stocked) throw new Error('seed has no stock');
    w.itEmu.simulate.adjust(stocked.itemId, -1, 'damaged');
    await sync.syncAll();
    expect(events.map((e) => e.share)).toContain(0.95);
    // Used up: no QBO read is sent, the reading flows are paused, the run fails with the typed error.
    const now = (await w.store.getMeteredCalls(realm, month))?.corePlus ?? 0;
    await w.store.addMeteredCalls(realm, month, { corePlus: Math.max(0, 1_000 - now), core: 0, at: Date.now() });
    const before = w.qboEmu.core.usage().corePlus;
    const adjustment = w.itEmu.simulate.adjust(stocked.itemId, -1, 'damaged');
    const blocked = await sync.syncAll().catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(MeteredAllowanceExhaustedError);
    expect(w.qboEmu.core.usage().corePlus).toBe(before);
    const report = (blocked as { report?: { metered?: { exhausted: boolean }; notes: string[] } }).report;
    expect(report?.metered?.exhausted).toBe(true);
    expect(report?.notes.join('\n')).toMatch(/paused, the month's metered QBO reads are used up/);
    // The adjustment export needs no QBO read: it went on.
    expect(w.itEmu.data.get('adjustments', adjustment.id)?.exportStatus).toBe('exported');
  });

  it("counts the allowance against every company in the store (Intuit meters the app), or the company's alone", async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const month = meteringMonth(Date.now());
    // Another company this app serves, synced through the same store, used 995 of 1000 this month.
    const other = '4620816365000000001';
    await w.store.addMeteredCalls(other, month, { corePlus: 995, core: 40, at: Date.now() });
    const { sync, events } = synchronizer(w, { monthlyAllowance: 1_000 });
    const used = await sync.meteredMonth();
    expect(used).toMatchObject({ scope: 'app', monthTotal: { corePlus: 0 }, appTotal: { corePlus: 995, core: 40 } });
    expect(used.exhaustsOn).not.toBeNull();
    // This company's first sync crosses the app's allowance: the event says so and whose calls it counts.
    const first = await sync.syncAll();
    const reads = first.metered?.monthTotal.corePlus ?? 0;
    expect(reads).toBeGreaterThan(5);
    expect(first.metered).toMatchObject({
      scope: 'app',
      exhausted: true,
      appTotal: { corePlus: 995 + reads, companies: 2 },
    });
    expect(events.map((e) => [e.level, e.scope])).toEqual([['exhausted', 'app']]);
    expect(events[0]?.message).toMatch(/used by the app \(every company in this state store\)/);
    expect(formatMetered(first.metered as MeteredReport)).toMatch(/ by 2 companies, \d+ by this one, used up$/);
    // Used up for the app: the next run sends no read, though this company made only its own few.
    const before = w.qboEmu.core.usage().corePlus;
    const blocked = await sync.syncAll().catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(MeteredAllowanceExhaustedError);
    expect((blocked as Error).message).toMatch(/the app's 1000 metered \(CorePlus\) calls .* are used up/);
    expect(w.qboEmu.core.usage().corePlus).toBe(before);
    // Counted per company (each company on its own allowance), this company has its reads.
    const { sync: own } = synchronizer(w, { monthlyAllowance: 1_000, scope: 'company' });
    const report2 = await own.syncAll();
    expect(report2.status).toBe('completed');
    expect(report2.metered).toMatchObject({ scope: 'company', exhausted: false });
  });

  it('warns once when two processes serving two companies cross a share of the app’s allowance together', async () => {
    // Two companies, each synced by its own process (here: its own SQLite connection) through one state file.
    const dir = mkdtempSync(join(tmpdir(), 'qbo-it-metering-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const worlds = await Promise.all(
      ['9130000000000001', '9130000000000002'].map((realmId) =>
        startWorld({ company: COMPANY, qboOptions: { realmId, latencyMs: 5 } }),
      ),
    );
    const stores = await Promise.all(worlds.map(() => SqliteStateStore.open({ path: join(dir, 'state.db') })));
    cleanups.push(async () => {
      for (const store of stores) await store.close();
      for (const w of worlds) await w.close();
    });
    // A third company used 795 of the app's 1000 this month: both runs start below 80% and end above it.
    const month = meteringMonth(Date.now());
    await stores[0]?.addMeteredCalls('4620816365000000001', month, { corePlus: 795, core: 0, at: Date.now() });
    const runs = worlds.map((w, i) => synchronizer(w, { monthlyAllowance: 1_000 }, stores[i]));
    const reports = await Promise.all(runs.map(({ sync }) => sync.syncAll()));
    const reads = reports.map((r) => r.metered?.corePlus ?? 0);
    expect(Math.min(...reads)).toBeGreaterThan(5);
    const both = reads.reduce((a, b) => a + b, 795);
    expect(reports.map((r) => r.metered?.appTotal.corePlus)).toContain(both);
    // The share was crossed once, by whichever run's calls were added first: one warning, not one per process.
    const warnings = runs.flatMap(({ events }) => events);
    expect(warnings.map((e) => [e.level, e.share])).toEqual([['warning', 0.8]]);
    expect(warnings[0]?.used).toBeGreaterThanOrEqual(800);
  });

  it('tells an allowance block QBO answers from a throttle, and stops reading at once', async () => {
    world = await startWorld({ company: COMPANY, qboOptions: { monthlyAllowance: 3 } });
    const w = world;
    const { sync } = synchronizer(w, {});
    // The first run's reads (one batch of queries) pass the emulator's allowance of 3; the next run's are blocked.
    expect((await sync.syncAll()).status).toBe('completed');
    const error = await sync.syncAll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MeteredAllowanceExhaustedError);
    expect(w.qboEmu.requests.list().filter((r) => r.status === 429).length).toBeLessThanOrEqual(8);
  });
});
