import { afterEach, describe, expect, it } from 'vitest';
import type { QboApi } from '../../../src/qbo/api.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { addInventoryItem, bound } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * Entity counts QBO's queries match that are exact multiples of 1000 (QBO pages have 1000 records at
 * most and there is no smaller page to test with): 2,222 items of which 2,000 are Inventory, 1,000
 * customers, 1,000 purchase orders, 1,000 estimates; and 6 vendors.
 */
const MULTIPLES = { items: 2_222, vendors: 6, customers: 1_000, purchaseOrders: 1_000, estimates: 1_000, seed: 4 };

/** Requests the emulator answered since `before`, by kind. */
function since(before: Record<string, number | undefined>, after: Record<string, number | undefined>) {
  const out: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after)) out[kind] = (n ?? 0) - (before[kind] ?? 0);
  return out;
}

describe('full reads reach the call floor', () => {
  it('a first syncAll reads QBO with one batch and the pages after the first, and no request that finds the end', async () => {
    world = await startWorld({ company: MULTIPLES });
    const w = world;
    const first = await w.sync.syncAll();
    expect(first.status).toBe('completed');
    expect(Object.values(first.entities).flatMap((e) => e?.failedRecords ?? [])).toEqual([]);
    // Floor: ceil(n / 1000) pages per entity = 2 + 1 + 1 + 1 + 1 = 6; the batch carries the five
    // first pages (and the five counts), so one query is left: items 1001–2000.
    expect(first.calls.qbo).toEqual({ query: 1, cdc: 0, batch: 1, write: 0, read: 0 });
    expect(w.qboEmu.requests.byKind()).toEqual({ batch: 1, query: 1 });
    expect(first.entities.item?.read).toBe(2_000);
    expect(first.entities.customer?.read).toBe(1_000);
    expect(first.entities.vendor?.read).toBe(6);
    expect(first.entities.receivingOrder?.read).toBe(1_000);
    expect(first.entities.pickingOrder?.read).toBe(1_000);

    const inventory = w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory');
    expect(new Set(w.itEmu.data.list('items').map((i) => i.externalRef))).toEqual(new Set(inventory.map((i) => i.Id)));
    expect(w.itEmu.data.count('customers')).toBe(1_000);
    const openPos = w.qboEmu.data.list('PurchaseOrder').filter((p) => (p.POStatus ?? 'Open') === 'Open');
    expect(w.itEmu.data.count('receiving-orders')).toBe(openPos.length);
    const accepted = w.qboEmu.data.list('Estimate').filter((e) => e.TxnStatus === 'Accepted');
    expect(w.itEmu.data.count('picking-orders')).toBe(accepted.length);

    // Incremental from here: CDC, no batch and no paged read. The whole company was seeded within one
    // second inside the watermark overlap, so CDC is split and that second completed by queries; the
    // report counts each of those requests as the emulator does.
    await w.sync.syncAll();
    const before = w.qboEmu.requests.byKind();
    const quiet = await w.sync.syncAll();
    const at = since(before, w.qboEmu.requests.byKind());
    expect(quiet.calls.qbo).toEqual({ query: at.query ?? 0, cdc: at.cdc ?? 0, batch: 0, write: 0, read: 0 });
    expect(at.cdc).toBeGreaterThanOrEqual(1);
    expect(Object.values(quiet.entities).reduce((n, e) => n + (e?.created ?? 0) + (e?.updated ?? 0), 0)).toBe(0);
  }, 120_000);

  it('records created between the count and the paging are left to the next run, which reads them by CDC', async () => {
    world = await startWorld({ company: { items: 2_222, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0 } });
    const w = world;
    const added: string[] = [];
    // QBO as the Synchronizer sees it, with three Inventory items created right after the batch
    // that counted the items, before the second page is asked for.
    const qbo: QboApi = {
      ...bound(w.qbo),
      pages: (query, options) => {
        if (query.entity === 'Item' && added.length === 0) {
          for (const n of [1, 2, 3]) added.push(addInventoryItem(w.qboEmu, `Created during the read ${n}`, 0));
        }
        return w.qbo.pages(query, options);
      },
    };
    const sync = new Synchronizer({
      qbo,
      intellitrack: w.it,
      store: w.store,
      settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
    });

    const first = await sync.syncItems();
    expect(added).toHaveLength(3);
    expect(first.calls.qbo).toEqual({ query: 1, cdc: 0, batch: 1, write: 0, read: 0 });
    expect(first.entities.item?.read).toBe(2_000);
    const linked = () => new Set(w.itEmu.data.list('items').map((i) => i.externalRef));
    for (const id of added) expect(linked().has(id)).toBe(false);

    const before = w.qboEmu.requests.byKind();
    const next = await sync.syncItems();
    const at = since(before, w.qboEmu.requests.byKind());
    expect(next.calls.qbo).toMatchObject({ query: at.query ?? 0, batch: 0, cdc: at.cdc ?? 0 });
    expect(at.cdc).toBeGreaterThanOrEqual(1);
    expect(next.entities.item?.created).toBe(3);
    for (const id of added) expect(linked().has(id)).toBe(true);
    expect(w.itEmu.data.count('items')).toBe(2_003);
  }, 60_000);
});
