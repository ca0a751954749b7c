import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../../src/sync/report.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 24, vendors: 6, customers: 6, purchaseOrders: 4, estimates: 8, seed: 3 };

function qboList(w: World, entity: string): Record<string, unknown>[] {
  return w.qboEmu.data.list(entity) as unknown as Record<string, unknown>[];
}

function failures(report: SyncReport): unknown[] {
  return Object.values(report.entities).flatMap((e) => e?.failedRecords ?? []);
}

const MODES = [
  { mode: 'IntelliTrack bulk requests', bulk: true },
  { mode: 'one IntelliTrack request per write', bulk: false },
];

describe.each(MODES)('first run, then incremental ($mode)', ({ bulk }) => {
  it('copies QBO master data and open orders into IntelliTrack, then a quiet run makes one CDC call and writes nothing', async () => {
    world = await startWorld({ company: COMPANY, bulk });
    const w = world;
    const first = await w.sync.syncAll();
    expect(first.status).toBe('completed');
    expect(failures(first)).toEqual([]);

    const inventoryItems = qboList(w, 'Item').filter((i) => i.Type === 'Inventory');
    const itItems = w.itEmu.data.list('items');
    expect(itItems).toHaveLength(inventoryItems.length);
    expect(new Set(itItems.map((i) => i.externalRef))).toEqual(new Set(inventoryItems.map((i) => i.Id)));
    for (const q of inventoryItems) {
      const it = itItems.find((i) => i.externalRef === q.Id);
      expect(it?.active).toBe(q.Active !== false);
    }
    const activeVendors = qboList(w, 'Vendor').filter((v) => v.Active !== false);
    expect(
      w.itEmu.data
        .list('vendors')
        .map((v) => v.externalRef)
        .sort(),
    ).toEqual(activeVendors.map((v) => v.Id).sort());
    const openPos = qboList(w, 'PurchaseOrder').filter((p) => (p.POStatus ?? 'Open') === 'Open');
    expect(
      w.itEmu.data
        .list('receiving-orders')
        .map((o) => o.externalRef)
        .sort(),
    ).toEqual(openPos.map((p) => p.Id).sort());
    const accepted = qboList(w, 'Estimate').filter((e) => e.TxnStatus === 'Accepted');
    expect(
      w.itEmu.data
        .list('picking-orders')
        .map((o) => o.externalRef)
        .sort(),
    ).toEqual(accepted.map((e) => e.Id).sort());
    const positive = inventoryItems.filter((i) => Number(i.QtyOnHand ?? 0) > 0);
    expect(w.itEmu.data.list('inventory').length).toBe(positive.length);
    expect(first.entities.inventory?.skipped).toBe(inventoryItems.length - positive.length);

    await w.sync.syncAll();
    const writesBefore = w.qboEmu.data.count('Item');
    const quiet = await w.sync.syncAll();
    expect(quiet.calls.qbo).toEqual({ query: 0, cdc: 1, batch: 0, write: 0, read: 0 });
    expect(quiet.calls.intellitrack).toEqual({ read: 0, changes: 6, write: 0, bulk: 0 });
    // the first run's IntelliTrack writes went the way of the mode under test
    if (bulk) expect(first.calls.intellitrack.bulk).toBeGreaterThan(0);
    else expect(first.calls.intellitrack.bulk).toBe(0);
    expect(w.qboEmu.data.count('Item')).toBe(writesBefore);
  });

  it('writes only what changed in QBO, and reports and overwrites IntelliTrack drift field by field', async () => {
    world = await startWorld({ company: COMPANY, bulk });
    const w = world;
    await w.sync.syncItems();
    const [a, b] = qboList(w, 'Item').filter((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!a || !b) throw new Error('seed has too few items');
    w.qboEmu.data.update('Item', { Id: a.Id, SyncToken: a.SyncToken, sparse: true, Description: 'Changed in QBO' });
    const itB = w.itEmu.data.list('items').find((i) => i.externalRef === b.Id);
    if (!itB) throw new Error('item not synced');
    w.itEmu.simulate.editItem(itB.id, { description: 'Edited in the warehouse' });

    const drifts: unknown[] = [];
    w.sync.on('drift', (d) => drifts.push(d));
    const report = await w.sync.syncItems();
    expect(report.entities.item?.updated).toBe(2);
    expect(report.entities.item?.driftRecords).toEqual([{ id: b.Id, fields: ['description'], overwritten: true }]);
    expect(drifts).toHaveLength(1);
    expect(report.calls.qbo.cdc).toBe(1);
    expect(w.itEmu.data.list('items').find((i) => i.externalRef === a.Id)?.description).toBe('Changed in QBO');
    expect(w.itEmu.data.get('items', itB.id)?.description).toBe(String(b.Description ?? ''));
  });
});

describe.each(MODES)('warehouse work posts back exactly once ($mode)', ({ bulk }) => {
  it('posts a received order as a Bill and an adjustment as an InventoryAdjustment', async () => {
    world = await startWorld({ company: COMPANY, bulk });
    const w = world;
    await w.sync.syncAll();
    const receiving = w.itEmu.data.list('receiving-orders')[0];
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 2);
    const item = stocked ? w.itEmu.data.get('items', stocked.itemId) : undefined;
    if (!receiving || !item) throw new Error('seed has no orders');
    w.itEmu.simulate.receive(receiving.id);
    const adjustment = w.itEmu.simulate.adjust(item.id, -2, 'damaged');

    const report = await w.sync.syncAll();
    expect(failures(report)).toEqual([]);
    const bills = qboList(w, 'Bill');
    expect(bills).toHaveLength(1);
    expect(JSON.stringify(bills[0]?.LinkedTxn ?? bills[0]?.Line)).toContain(String(receiving.externalRef));
    expect(w.qboEmu.data.get('PurchaseOrder', String(receiving.externalRef))?.POStatus).toBe('Closed');
    const adjustments = qboList(w, 'InventoryAdjustment');
    expect(adjustments).toHaveLength(1);
    expect(JSON.stringify(adjustments[0])).toContain('"QtyDiff":-2');
    expect(w.itEmu.data.get('adjustments', adjustment.id)?.exportStatus).toBe('exported');

    await w.sync.syncAll();
    expect(qboList(w, 'Bill')).toHaveLength(1);
    expect(qboList(w, 'InventoryAdjustment')).toHaveLength(1);
  });
});
