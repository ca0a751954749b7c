import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { addInventoryItem } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 4, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 11 };

describe('text that cannot be sent (a lone UTF-16 surrogate) in one record', () => {
  it('a QBO item with one fails alone with a MappingError naming the field; the others sync, run after run', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const good = addInventoryItem(w.qboEmu, 'Good Hose', 0);
    const badId = addInventoryItem(w.qboEmu, 'Bad Hose', 0);
    const bad = w.qboEmu.data.get('Item', badId);
    w.qboEmu.data.put('Item', { ...bad, Name: 'Bad \uD83D Hose', FullyQualifiedName: 'Bad \uD83D Hose' });

    for (let run = 0; run < 2; run += 1) {
      const report = await w.sync.syncItems();
      expect(report.status).toBe('completed');
      expect(report.entities.item?.failedRecords).toEqual([
        expect.objectContaining({
          id: badId,
          errorName: 'MappingError',
          message: expect.stringContaining('field Name: the text holds a lone UTF-16 surrogate'),
        }),
      ]);
    }
    const items = w.itEmu.data.list('items');
    expect(items.filter((i) => i.externalRef === good)).toHaveLength(1);
    expect(items.filter((i) => i.externalRef === badId)).toEqual([]);
  });

  it('an IntelliTrack picking order with one in its number fails alone; the other order reaches QBO', async () => {
    world = await startWorld({ company: { ...COMPANY, estimates: 2 } });
    const w = world;
    await w.sync.syncAll();
    const customer = w.itEmu.data.list('customers').find((c) => c.externalRef !== null);
    const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!customer || !item) throw new Error('nothing linked');
    const lines = [{ itemId: item.id, orderedQty: 1, unitPrice: 5 }];
    const badOrder = w.itEmu.simulate.createPickingOrder({ orderNumber: 'P-1', customerId: customer.id, lines });
    w.itEmu.data.put('picking-orders', { id: badOrder.id, orderNumber: 'P-\uDC00' });
    w.itEmu.simulate.createPickingOrder({ orderNumber: 'P-2', customerId: customer.id, lines });

    const report = await w.sync.syncPickingOrders();
    expect(report.status).toBe('completed');
    expect(report.entities.pickingOrder?.failedRecords).toEqual([
      expect.objectContaining({
        id: badOrder.id,
        errorName: 'MappingError',
        message: expect.stringContaining('orderNumber'),
      }),
    ]);
    expect(w.qboEmu.data.list('Estimate').filter((e) => e.DocNumber === 'IT-P-2')).toHaveLength(1);
  });
});
