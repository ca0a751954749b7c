import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../../src/sync/report.js';
import type { Link } from '../../../src/sync/state/store.js';
import { CountingStore } from './counting-store.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 250, vendors: 40, customers: 40, purchaseOrders: 0, estimates: 0, seed: 21 };

/** Refuses the next `putLinks` call that saves the link of a chosen QBO id or entity, as a full disk would. */
class FailingStore extends CountingStore {
  failLinkOf: string | undefined;

  override putLinks(links: readonly Link[]): Promise<void> {
    if (links.some((l) => l.qboId === this.failLinkOf || l.entity === this.failLinkOf)) {
      this.failLinkOf = undefined;
      return Promise.reject(new Error('disk full'));
    }
    return super.putLinks(links);
  }
}

function created(report: SyncReport): number {
  return Object.values(report.entities).reduce((sum, e) => sum + (e?.created ?? 0), 0);
}

describe('settling a group of accepted writes', () => {
  it.each([
    ['bulk requests', true],
    ['one request per write', false],
  ])(
    'saves its links, activity entries and journal entries and clears its error-queue records in one call each, and reads its links and journal entries a group at a time (%s)',
    async (_, bulk) => {
      world = await startWorld({ company: COMPANY, bulk });
      const w = world;
      const store = new CountingStore();
      const sync = w.withStore(store);
      const reports = [await sync.syncItems(), await sync.syncVendors(), await sync.syncCustomers()];
      for (const report of reports) expect(report.status, JSON.stringify(report.error)).toBe('completed');
      const writes = reports.reduce((sum, r) => sum + created(r), 0);
      expect(writes).toBeGreaterThan(COMPANY.items);
      const { putLinks, linksPut, putActivity, linkReads, linkPageReads, journalReads, journalPageReads } = store.calls;
      expect(linksPut).toBeGreaterThanOrEqual(writes);
      // A group is at most 100 writes (32 without bulk requests): a few calls per group, not one per write.
      expect(putLinks).toBeLessThan(writes / 10);
      expect(putActivity).toBeLessThan(writes / 10);
      // Planning reads the links of a slice of records together, and a settle those of its group's
      // writes; a group's journal entries are looked up together before they are opened. Each write
      // used to make its own: 650 link reads and 305 journal reads for these 305 writes.
      expect(linkReads + linkPageReads).toBeLessThan(writes / 10);
      expect(journalReads + journalPageReads).toBeLessThan(writes / 10);
      // A group's writes are journalled in one call and marked done in another, and their error-queue
      // records cleared in one: each write used to make its own (610 journal saves and 305 removals).
      const { journalWrites, journalPageWrites, failedRemovals, failedPageRemovals } = store.calls;
      expect(journalWrites + journalPageWrites).toBeLessThan(writes / 5);
      expect(failedRemovals + failedPageRemovals).toBeLessThan(writes / 10);
      // Nothing lost: every record is linked, and a second run has nothing to write.
      expect(await store.countLinks('item')).toBe(w.itEmu.data.count('items'));
      const again = [await sync.syncItems(), await sync.syncVendors(), await sync.syncCustomers()];
      expect(again.reduce((sum, r) => sum + created(r), 0)).toBe(0);
      const activity = await store.listActivity({ limit: 1000 });
      expect(activity.filter((a) => a.action === 'created')).toHaveLength(writes);
    },
    60_000,
  );

  it('settles the same on a store without the group writes (putJournalEntries, removeFailedRecords): one call per record', async () => {
    world = await startWorld({ company: { ...COMPANY, items: 60, vendors: 10, customers: 10 } });
    const w = world;
    const store = new CountingStore();
    // As a store written outside the package for an earlier version.
    Object.defineProperty(store, 'putJournalEntries', { value: undefined });
    Object.defineProperty(store, 'removeFailedRecords', { value: undefined });
    const sync = w.withStore(store);
    const reports = [await sync.syncItems(), await sync.syncVendors(), await sync.syncCustomers()];
    for (const report of reports) expect(report.status, JSON.stringify(report.error)).toBe('completed');
    const writes = reports.reduce((sum, r) => sum + created(r), 0);
    expect(writes).toBeGreaterThan(60);
    // Each write journalled and marked done, and its error-queue record cleared, one call each.
    expect(store.calls.journalPageWrites).toBe(0);
    expect(store.calls.journalWrites).toBeGreaterThanOrEqual(2 * writes);
    expect(store.calls.failedRemovals).toBeGreaterThanOrEqual(writes);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
    expect(await store.countLinks('item')).toBe(w.itEmu.data.count('items'));
    const again = [await sync.syncItems(), await sync.syncVendors(), await sync.syncCustomers()];
    expect(again.reduce((sum, r) => sum + created(r), 0)).toBe(0);
  });

  it('writes no activity entry for a group whose settle was rolled back; the next run settles it once', async () => {
    world = await startWorld({ company: { ...COMPANY, vendors: 0, customers: 0 } });
    const w = world;
    const store = new FailingStore();
    const sync = w.withStore(store);
    const inventory = w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory');
    store.failLinkOf = inventory[150]?.Id;
    await expect(sync.syncItems()).rejects.toThrow(/disk full/);
    const again = await sync.syncItems();
    expect(again.status, JSON.stringify(again.error)).toBe('completed');
    const items = w.itEmu.data.count('items');
    expect(items).toBe(inventory.length);
    expect(await store.countLinks('item')).toBe(items);
    const entries = await store.listActivity({ limit: 1000 });
    const created = entries.filter((a) => a.action === 'created');
    expect(new Set(created.map((a) => a.sourceId)).size, 'every item has its entry').toBe(items);
    expect(created, 'and only one').toHaveLength(items);
  });

  it('settles the accepted members of a QBO batch in one transaction, not one each', async () => {
    world = await startWorld({ company: { ...COMPANY, items: 12, vendors: 1, customers: 1 } });
    const w = world;
    const store = new CountingStore();
    const sync = w.withStore(store);
    expect((await sync.syncAll()).status).toBe('completed');
    const stocked = w.itEmu.data.list('inventory');
    // 240 adjustments: 8 batches of 30.
    for (let i = 0; i < 240; i += 1) {
      const record = stocked[i % stocked.length];
      if (record) w.itEmu.simulate.adjust(record.itemId, 1, 'cycle count');
    }
    store.calls.commits = 0;
    store.calls.journalWrites = 0;
    store.calls.journalPageWrites = 0;
    store.calls.journalReads = 0;
    store.calls.linkReads = 0;
    const report = await sync.exportInventoryAdjustments();
    expect(report.status, JSON.stringify(report.error)).toBe('completed');
    expect(report.entities.adjustment?.created).toBe(240);
    // Per batch: journalled; its members settled, their follow-ups journalled with them; the batch settled.
    // Per bulk request of follow-ups: settled. Before, a commit per member and one per follow-up (499).
    expect(store.calls.commits).toBeLessThan(240 / 4);
    // Per batch: the batch and its members journalled in one call, its members marked done in one and
    // their follow-ups journalled in one; per bulk request, its follow-ups marked done in one. Before, a
    // call per member and per follow-up (about 1,000), and a journal read per follow-up.
    expect(store.calls.journalWrites + store.calls.journalPageWrites).toBeLessThan(240 / 4);
    expect(store.calls.journalReads).toBeLessThan(240 / 10);
    // A feed page's export links and the links of the items it adjusts are read together (one read per adjustment before).
    expect(store.calls.linkReads).toBeLessThan(240 / 10);
    expect(w.qboEmu.data.list('InventoryAdjustment')).toHaveLength(240);
    const exported = w.itEmu.data.list('adjustments').filter((a) => a.exportStatus === 'exported');
    expect(exported).toHaveLength(240);
    const entries = await store.listActivity({ flow: 'adjustments', limit: 1000 });
    expect(entries.filter((a) => a.action === 'created')).toHaveLength(240);
    expect((await sync.exportInventoryAdjustments()).entities.adjustment?.created ?? 0).toBe(0);
  });

  it('re-sends a QBO batch whose settle failed once on the next run, for all its members; none is looked up', async () => {
    world = await startWorld({ company: { ...COMPANY, items: 20, vendors: 0, customers: 0 } });
    const w = world;
    const store = new FailingStore();
    const sync = w.withStore(store);
    expect((await sync.syncAll()).status).toBe('completed');
    const stocked = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 1);
    for (const [i, r] of stocked.slice(0, 4).entries()) w.itEmu.simulate.adjust(r.itemId, i + 1, 'count');
    // QBO applies the batch; saving its answer fails, so the batch and its four members stay pending.
    store.failLinkOf = 'adjustment';
    await expect(sync.exportInventoryAdjustments()).rejects.toThrow(/disk full/);
    const pending = await store.listJournal({ state: 'pending' });
    expect(pending.map((e) => e.operation).sort()).toEqual([...Array(4).fill('qbo.create'), 'qbo.batch'].sort());
    w.qboEmu.requests.reset();

    const next = await sync.exportInventoryAdjustments();

    expect(next.status, JSON.stringify(next.error)).toBe('completed');
    // The first member's resume re-sent the batch under its request id (QBO answered it again); that
    // settled the other three, which are then not taken for orphans of a settled batch and looked up.
    expect(next.entities.adjustment?.reconciledRecords ?? []).toEqual([]);
    expect(w.qboEmu.requests.count('query')).toBe(0);
    expect(w.qboEmu.data.list('InventoryAdjustment')).toHaveLength(4);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
    expect(w.itEmu.data.list('adjustments').every((a) => a.exportStatus === 'exported')).toBe(true);
  });
});
