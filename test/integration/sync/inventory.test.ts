import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../../src/sync/report.js';
import { CountingStore } from './counting-store.js';
import { startWorld, type World } from './harness.js';
import { addInventoryItem } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 60, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 9 };

function reasons(report: SyncReport): Map<string, string> {
  return new Map((report.entities.inventory?.skippedRecords ?? []).map((s) => [s.id, s.reason]));
}

function qboInventory(w: World) {
  return w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory');
}

describe('importInventory on its own (quantities read from QBO, not from an item read of the same run)', () => {
  it.each([
    ['bulk requests', true],
    ['one request per write', false],
  ])(
    'marks the items with nothing to load imported a group at a time, not in a commit per item (%s)',
    async (_, bulk) => {
      world = await startWorld({ company: { ...COMPANY, items: 400 }, bulk });
      const w = world;
      const store = new CountingStore();
      const sync = w.withStore(store);
      expect((await sync.syncItems()).status).toBe('completed');
      store.calls.commits = 0;
      const report = await sync.importInventory();
      expect(report.status).toBe('completed');
      const empty = [...reasons(report).values()].filter((r) => /only > 0 is imported/.test(r)).length;
      expect(empty).toBeGreaterThan(60);
      // A handful of commits per group of 100 steps and a few per run, however many items are empty.
      const commits = store.calls.commits;
      expect(commits).toBeLessThan(empty / 3);
      // Every item is marked imported, the empty ones too: a second run has nothing to do.
      const again = await sync.importInventory();
      expect(again.entities.inventory?.skipped ?? 0).toBe(0);
    },
  );

  it('names the item on both sides in the activity entry of an item it skips', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    expect((await w.sync.syncItems()).status).toBe('completed');
    const report = await w.sync.importInventory();
    expect(report.status).toBe('completed');
    const empty = [...reasons(report)].filter(([, r]) => /only > 0 is imported/.test(r)).map(([id]) => id);
    expect(empty.length).toBeGreaterThan(0);
    const itByQbo = new Map(w.itEmu.data.list('items').map((i) => [i.externalRef, i.id]));
    for (const qboId of empty) {
      const [entry] = (await w.sync.activity({ flow: 'inventory', record: qboId, limit: 10 })).entries;
      expect(entry?.action).toBe('skipped');
      expect(entry?.qboId).toBe(qboId);
      expect(entry?.itKey).toBe(itByQbo.get(qboId));
    }
  });

  it('loads each linked item once, skips what it cannot load with the reason, and never loads an item twice', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    expect((await w.sync.syncItems()).status).toBe('completed');
    const linked = qboInventory(w);
    // After the items were linked, one more QBO item: not linked, so not loaded.
    const added = addInventoryItem(w.qboEmu, 'Added after syncItems', 5);

    const before = w.qboEmu.requests.byKind();
    const report = await w.sync.importInventory();
    expect(report.status).toBe('completed');
    const skipped = reasons(report);
    expect(skipped.get(added)).toMatch(/not linked to IntelliTrack/);

    const present = linked;
    const stocked = present.filter((i) => Number(i.QtyOnHand ?? 0) > 0);
    const empty = present.filter((i) => !(Number(i.QtyOnHand ?? 0) > 0));
    expect(stocked.length).toBeGreaterThan(0);
    expect(empty.length).toBeGreaterThan(0);
    for (const item of empty) expect(skipped.get(item.Id)).toMatch(/only > 0 is imported/);
    expect(report.entities.inventory?.created).toBe(stocked.length);
    const itByQbo = new Map(w.itEmu.data.list('items').map((i) => [i.externalRef, i.id]));
    const onHand = new Map(w.itEmu.data.list('inventory').map((r) => [r.itemId, r.onHand]));
    for (const item of stocked) expect(onHand.get(itByQbo.get(item.Id) ?? '')).toBe(Number(item.QtyOnHand));
    // The quantities came from one paged read of QBO's items (no read per item).
    const queries = (w.qboEmu.requests.byKind().query ?? 0) - (before.query ?? 0);
    expect(queries).toBe(1);
    expect(w.qboEmu.requests.count('read') - (before.read ?? 0)).toBe(0);

    // Imported once: a second run loads nothing and reads nothing, and names no linked item "not linked".
    const again = await w.sync.importInventory();
    expect(again.entities.inventory?.created ?? 0).toBe(0);
    expect(again.calls.intellitrack.write + again.calls.intellitrack.bulk).toBe(0);
    expect(again.calls.qbo.query).toBe(0);
    expect(w.itEmu.data.list('inventory').length).toBe(stocked.length);

    // Forced: every linked item with stock is loaded again (set, not added).
    const forced = await w.sync.importInventory({ force: true });
    expect(forced.entities.inventory?.created).toBe(stocked.length);
    for (const [id, reason] of reasons(forced)) {
      if (present.some((i) => i.Id === id)) expect(reason).not.toMatch(/not linked/);
    }
    const after = new Map(w.itEmu.data.list('inventory').map((r) => [r.itemId, r.onHand]));
    for (const item of stocked) expect(after.get(itByQbo.get(item.Id) ?? '')).toBe(Number(item.QtyOnHand));
  });
});
