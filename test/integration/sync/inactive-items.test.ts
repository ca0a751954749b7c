import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { addInventoryItem } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 4, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0, seed: 5 };

describe('an item made inactive in QBO', () => {
  it('keeps its IntelliTrack item number (no " (deleted)") and becomes inactive, also when first seen inactive', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const hose = addInventoryItem(w.qboEmu, 'Garden Hose', 0);
    const rake = addInventoryItem(w.qboEmu, 'Old Rake', 0);
    const deactivate = (id: string) => {
      const current = w.qboEmu.data.get('Item', id);
      w.qboEmu.data.update('Item', { Id: id, SyncToken: current?.SyncToken, Active: false });
    };
    deactivate(rake);
    expect(w.qboEmu.data.get('Item', rake)?.Name).toBe('Old Rake (deleted)');

    const first = await w.sync.syncItems();
    expect(first.status).toBe('completed');
    const byRef = (id: string) => w.itEmu.data.list('items').find((i) => i.externalRef === id);
    expect(byRef(rake)).toMatchObject({ itemNumber: 'Old Rake', active: false });
    expect(byRef(hose)).toMatchObject({ itemNumber: 'Garden Hose', active: true });

    deactivate(hose);
    const second = await w.sync.syncItems();
    expect(second.status).toBe('completed');
    expect(second.entities.item?.failed ?? 0).toBe(0);
    expect(second.entities.item?.conflicts ?? 0).toBe(0);
    expect(byRef(hose)).toMatchObject({ itemNumber: 'Garden Hose', active: false });
    expect(w.itEmu.data.list('items').filter((i) => i.itemNumber.includes('(deleted)'))).toEqual([]);
  });
});
