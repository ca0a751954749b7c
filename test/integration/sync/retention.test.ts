import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import type { SyncReport } from '../../../src/sync/report.js';
import type { SyncSettings } from '../../../src/sync/settings.js';
import { JOURNAL_PRUNED_KEY } from '../../../src/sync/state/retention.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { COMPANY, checkNoDuplicates, endState, warehouseWork } from './scenario.js';

const DAY = 86_400_000;

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * Runs `run` and adds to its report how many write requests reached either service (a replayed key
 * counts: it is a write sent again). A batch of queries only is a read.
 */
async function counted(w: World, run: () => Promise<SyncReport>): Promise<{ report: SyncReport; writes: number }> {
  const qboBefore = w.qboEmu.requests.countWrites();
  const report = await run();
  const { intellitrack } = report.calls;
  return { report, writes: w.qboEmu.requests.countWrites() - qboBefore + intellitrack.write + intellitrack.bulk };
}

/** QBO forgets every `requestid` it answered, as it may once its (undocumented) window has passed. */
function forgetRequestIds(w: World): void {
  const realm = w.qboEmu.core.realms.get(w.qboEmu.realmId);
  if (!realm) throw new Error('no realm');
  realm.store.replays.clear();
}

/**
 * Moves every watermark back, so the next run plans again what the runs since `saved` planned: QBO
 * reads everything (a watermark older than CDC reaches), IntelliTrack feeds restart at `saved`.
 */
async function rollBack(w: World, saved: Record<string, string>): Promise<void> {
  for (const key of Object.keys(await w.store.listWatermarks())) {
    if (key.startsWith('qbo:')) await w.store.setWatermark(key, '2000-01-01T00:00:00.000Z');
    const cursor = saved[key];
    if (key.startsWith('it:') && cursor !== undefined) await w.store.setWatermark(key, cursor);
  }
}

/** A Synchronizer over the world's clients and store whose clock is `days` ahead. */
function daysLater(w: World, days: number, settings: Partial<SyncSettings> = {}): Synchronizer {
  return new Synchronizer({
    qbo: w.qbo,
    intellitrack: w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId, ...settings },
    clock: { now: () => Date.now() + days * DAY },
  });
}

async function keys(w: World, state: 'pending' | 'done' | 'failed'): Promise<string[]> {
  return (await w.store.listJournal({ state })).map((e) => e.key);
}

describe('retention: a pruned journal never lets a write go out twice', () => {
  it('a whole scenario re-planned with every settled entry pruned and every watermark rolled back writes nothing', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    await w.sync.syncAll();
    const afterFirst = await w.store.listWatermarks();
    await warehouseWork(w);
    const picking = w.itEmu.data.list('picking-orders').sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
    for (const order of picking.slice(0, 2)) w.itEmu.simulate.pick(order.id);
    await w.sync.syncAll();
    // Steady state: a plain run writes nothing, so any write below is one sent twice.
    expect((await counted(w, () => w.sync.syncAll())).writes).toBe(0);
    const state = endState(w);
    expect(state.bills).toBeGreaterThan(0);
    expect(w.qboEmu.data.count('Invoice')).toBeGreaterThan(0);
    expect(state.inventoryAdjustments).toBeGreaterThan(0);
    const invoices = w.qboEmu.data.count('Invoice');
    const settled = (await w.store.listJournal()).filter((e) => e.state !== 'pending').length;
    const kinds = new Set((await w.store.listJournal()).map((e) => e.operation));
    for (const kind of ['it.create', 'qbo.create', 'qbo.batch', 'it.markAdjustmentExported', 'it.setExternalRef']) {
      expect(kinds).toContain(kind);
    }

    expect(await w.store.pruneJournal({ before: Number.MAX_SAFE_INTEGER })).toBe(settled);
    expect(await w.store.listJournal()).toEqual([]);
    forgetRequestIds(w);
    await rollBack(w, afterFirst);
    const { report: again, writes } = await counted(w, () => w.sync.syncAll());

    expect(again.status).toBe('completed');
    // Everything was planned again: QBO in full, the warehouse work from the feeds.
    expect(again.entities.item?.read).toBe(w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory').length);
    expect(again.entities.receivingOrder?.read).toBeGreaterThan(0);
    expect(again.entities.pickingOrder?.read).toBeGreaterThan(0);
    expect(again.entities.adjustment?.read).toBeGreaterThan(0);
    expect(again.entities.customer?.read).toBeGreaterThan(0);
    expect(writes).toBe(0);
    // Nothing was even journalled: every write is journalled before it is sent.
    expect(await w.store.listJournal()).toEqual([]);
    expect(endState(w)).toEqual(state);
    expect(w.qboEmu.data.count('Invoice')).toBe(invoices);
    checkNoDuplicates(w);
  }, 60_000);

  it('an exported adjustment whose IntelliTrack mark is still pending is not exported again once its entry is pruned', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    await w.sync.syncAll();
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 1);
    if (!stocked) throw new Error('no stock');
    const adjustment = w.itEmu.simulate.adjust(stocked.itemId, -1, 'count');
    const saved = await w.store.listWatermarks();
    // IntelliTrack refuses to mark it exported (the mark goes alone or inside a bulk request): the
    // follow-up stays pending.
    w.itEmu.faults.add({ kind: 'server-error', status: 502, probability: 1, match: { kinds: ['export', 'bulk'] } });
    const exported = await w.sync.exportInventoryAdjustments();
    expect(exported.entities.adjustment?.created).toBe(1);
    expect(await keys(w, 'done')).toContain(`adj:${adjustment.id}:export`);
    expect(await keys(w, 'pending')).toEqual([`adj:${adjustment.id}:mark`]);
    const count = w.qboEmu.data.count('InventoryAdjustment');

    await w.store.pruneJournal({ before: Number.MAX_SAFE_INTEGER });
    expect(await keys(w, 'done')).toEqual([]);
    expect(await keys(w, 'pending')).toEqual([`adj:${adjustment.id}:mark`]);
    forgetRequestIds(w);
    await rollBack(w, saved);
    const again = await w.sync.exportInventoryAdjustments();

    expect(again.entities.adjustment?.read).toBe(1);
    expect(again.entities.adjustment?.skippedRecords.map((s) => s.id)).toEqual([adjustment.id]);
    expect(again.calls.qbo.batch + again.calls.qbo.write).toBe(0);
    expect(w.qboEmu.data.count('InventoryAdjustment')).toBe(count);

    // Once IntelliTrack accepts the mark, the adjustment carries the one QBO id.
    w.itEmu.faults.clear();
    await w.sync.exportInventoryAdjustments();
    expect(await keys(w, 'pending')).toEqual([]);
    const marked = w.itEmu.data.get('adjustments', adjustment.id);
    expect(marked?.exportStatus).toBe('exported');
    expect(w.qboEmu.data.get('InventoryAdjustment', String(marked?.externalRef))).toBeDefined();
    expect(w.qboEmu.data.count('InventoryAdjustment')).toBe(count);
  }, 60_000);

  it('a deactivation for a name deleted in QBO is pruned only once CDC can no longer report the deletion', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    await w.sync.syncAll();
    const vendor = w.qboEmu.data.list('Vendor')[0];
    if (!vendor) throw new Error('no vendor');
    // QBO reports a merged name as deleted; its API cannot delete one, so the emulator's store does.
    w.qboEmu.core.realms.get(w.qboEmu.realmId)?.store.delete('Vendor', vendor.Id);
    const deactivated = await w.sync.syncVendors();
    expect(deactivated.entities.vendor?.updated).toBe(1);
    const key = `vendor:${vendor.Id}:deleted`;
    expect(await keys(w, 'done')).toContain(key);

    // Inside the CDC look-back the entry is what keeps the deactivation from being sent again.
    await expect(w.sync.prune({ before: Date.now() })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(daysLater(w, 29).prune()).resolves.toMatchObject({ journal: 0 });
    expect(await keys(w, 'done')).toContain(key);

    // 31 days on, the default prune deletes it, and the vendor watermark is past CDC's reach.
    const later = daysLater(w, 31);
    const pruned = await later.prune();
    expect(pruned.journal).toBeGreaterThan(0);
    expect(await keys(w, 'done')).not.toContain(key);
    const { report: again, writes } = await counted(w, () => later.syncVendors());
    expect(again.status).toBe('completed');
    expect(again.notes).toContain('Vendor: full read (no recent watermark)');
    expect(writes).toBe(0);
  }, 60_000);

  it('pruned inside the CDC look-back, that deactivation would be sent again: why journalDays ≥ cdcMaxAgeDays', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    await w.sync.syncAll();
    const saved = await w.store.listWatermarks();
    const vendor = w.qboEmu.data.list('Vendor')[0];
    if (!vendor) throw new Error('no vendor');
    w.qboEmu.core.realms.get(w.qboEmu.realmId)?.store.delete('Vendor', vendor.Id);
    await w.sync.syncVendors();
    expect(() => daysLater(w, 2, { retention: { journalDays: 1 } })).toThrow(/journalDays/);
    // The store itself takes any instant: bypass the Synchronizer's bound and re-read the window.
    await w.store.pruneJournal({ before: Number.MAX_SAFE_INTEGER });
    await w.store.setWatermark('qbo:Vendor', saved['qbo:Vendor'] as string);
    const { report: again, writes } = await counted(w, () => w.sync.syncVendors());
    expect(again.entities.vendor?.updated).toBe(1);
    expect(writes).toBe(1);
  }, 60_000);

  it('pending writes of an interrupted run survive any prune and are resumed once', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    // Every IntelliTrack write takes effect but its answer is lost: the run ends with them pending.
    w.itEmu.faults.add({ kind: 'lost-response', probability: 1, match: { method: 'POST' } });
    await w.sync.syncVendors().catch(() => undefined);
    const pending = await keys(w, 'pending');
    expect(pending.length).toBe(w.qboEmu.data.count('Vendor'));
    expect(w.itEmu.data.count('vendors')).toBe(pending.length);

    expect(await w.store.pruneJournal({ before: Number.MAX_SAFE_INTEGER })).toBe(0);
    await expect(daysLater(w, 400).prune()).resolves.toMatchObject({ journal: 0 });
    expect(await keys(w, 'pending')).toEqual(pending);

    w.itEmu.faults.clear();
    const resumed = await w.sync.syncVendors();
    expect(resumed.notes).toContain(`re-sent ${pending.length} journalled write(s) left pending by an earlier run`);
    expect(await keys(w, 'pending')).toEqual([]);
    expect(w.itEmu.data.count('vendors')).toBe(pending.length);
    checkNoDuplicates(w);
  }, 60_000);

  it('apply() refuses a plan made before the journal was pruned, and a new plan writes nothing twice', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    const plan = await w.sync.plan('vendors');
    const applied = await w.sync.apply(plan);
    expect(applied.entities.vendor?.created).toBe(w.qboEmu.data.count('Vendor'));
    const result = await daysLater(w, 31).prune();
    expect(result.journal).toBeGreaterThan(0);
    expect(await w.store.getWatermark(JOURNAL_PRUNED_KEY)).toBe(result.journalBefore);

    await expect(w.sync.apply(plan)).rejects.toThrow(/plan\.createdAt .* Make a new plan/);
    expect(w.itEmu.data.count('vendors')).toBe(w.qboEmu.data.count('Vendor'));
    // A plan made after the prune (on the same clock) is applied, and finds nothing left to write.
    const later = daysLater(w, 31);
    const fresh = await later.plan('vendors');
    expect(fresh.steps).toEqual([]);
    expect((await counted(w, () => later.apply(fresh))).writes).toBe(0);
  }, 60_000);

  it('a completed run prunes by the setting and notes it in its report; history keeps the newest runs', async () => {
    world = await startWorld({ company: COMPANY, seed: 5 });
    const w = world;
    await w.sync.syncAll();
    const settled = (await w.store.listJournal()).filter((e) => e.state !== 'pending').length;
    const later = daysLater(w, 31, { retention: { runs: 2 } });
    const report = await later.syncVendors();
    const note = report.notes.find((n) => n.startsWith('retention:'));
    expect(note).toMatch(new RegExp(`^retention: deleted ${settled} settled journal entries .* and 0 run\\(s\\)`));
    const [stored] = await later.history(1);
    expect(stored?.runId).toBe(report.runId);
    expect(stored?.notes).toContain(note);

    await later.syncVendors();
    await later.syncVendors();
    expect((await w.store.listRuns()).length).toBe(2);
    // A dry run prunes nothing; with afterRun off, runs pile up until prune() is called.
    const manual = daysLater(w, 31, { retention: { afterRun: false, runs: 2 } });
    await manual.syncVendors();
    await manual.syncVendors({ dryRun: true });
    expect((await w.store.listRuns()).length).toBe(4);
    await expect(manual.prune()).resolves.toMatchObject({ journal: 0, runs: 2 });
    expect((await w.store.listRuns()).length).toBe(2);
  }, 60_000);
});
