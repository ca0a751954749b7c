import { afterEach, describe, expect, it } from 'vitest';
import { CountingStore } from './counting-store.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 30, vendors: 5, customers: 5, purchaseOrders: 6, estimates: 6, seed: 29 };

/** The watermarks the flows keep: QBO CDC instants and IntelliTrack feed cursors. */
const flowKey = (key: string) => key.startsWith('qbo:') || key.startsWith('it:');

describe('the watermarks of a quiet cycle', () => {
  it('are read in the one listing of the run, and only those that moved are saved', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const store = new CountingStore();
    const sync = w.withStore(store);
    expect((await sync.syncAll()).status).toBe('completed');
    // The cycle after a first sync reads the sync's own writes back from IntelliTrack's feeds.
    expect((await sync.syncAll()).status).toBe('completed');
    const cursors = Object.fromEntries(
      Object.entries(await store.listWatermarks()).filter(([k]) => k.startsWith('it:')),
    );
    store.watermarks = { read: [], saved: [], savedIn: [] };
    store.calls.commits = 0;

    const quiet = await sync.syncAll();

    expect(quiet.status).toBe('completed');
    expect(store.watermarks.read.filter(flowKey)).toEqual([]);
    // QBO's CDC instants move every cycle; IntelliTrack's feeds had nothing new, so their cursors stay.
    expect(store.watermarks.saved.filter((k) => k.startsWith('it:'))).toEqual([]);
    expect(store.watermarks.saved.filter((k) => k.startsWith('qbo:')).sort()).toEqual(
      ['qbo:Customer', 'qbo:Estimate', 'qbo:Item', 'qbo:PurchaseOrder', 'qbo:Vendor'].sort(),
    );
    expect(
      Object.fromEntries(Object.entries(await store.listWatermarks()).filter(([k]) => k.startsWith('it:'))),
    ).toEqual(cursors);
    // The flows wrote nothing: their watermarks are saved together, in one transaction at the end.
    const flowSaves = store.watermarks.savedIn.filter((_, i) => flowKey(store.watermarks.saved[i] ?? ''));
    expect(new Set(flowSaves).size).toBe(1);

    // What happens after a quiet cycle on either side is still picked up from the kept cursors.
    const [stocked] = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 1);
    if (!stocked) throw new Error('no stock');
    w.itEmu.simulate.adjust(stocked.itemId, 2, 'count');
    const items = w.qboEmu.data.list('Item');
    // An item no other item is under (renaming a parent renames its sub-items too).
    const parents = new Set(items.map((i) => (i.ParentRef as { value?: string } | undefined)?.value));
    const item = items.find((i) => i.Type === 'Inventory' && i.Active !== false && !parents.has(i.Id));
    if (!item) throw new Error('no item');
    const before = w.itEmu.data.list('items').find((i) => i.externalRef === item.Id)?.itemNumber;
    w.qboEmu.data.update('Item', {
      Id: item.Id,
      SyncToken: item.SyncToken,
      sparse: true,
      Name: `${item.Name} (renamed)`,
    });
    const next = await sync.syncAll();
    expect(next.status).toBe('completed');
    expect(next.entities.adjustment?.created).toBe(1);
    expect(next.entities.item?.updated).toBe(1);
    expect(w.itEmu.data.list('items').find((i) => i.externalRef === item.Id)?.itemNumber).not.toBe(before);
    expect(store.watermarks.saved.filter((k) => k === 'it:adjustments')).toHaveLength(1);
  });
});
