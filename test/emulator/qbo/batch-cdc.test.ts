import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryItem, type Json, type ManualClock, manualClock, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo;
let clock: ManualClock;
beforeEach(async () => {
  clock = manualClock();
  t = await startTestQbo({ clock, limits: false });
});
afterEach(async () => {
  await t.qbo.close();
});

describe('QBO emulator batch', () => {
  it('runs items in order and answers HTTP 200 with a Fault per failed item', async () => {
    const v = (await t.post('/vendor', { DisplayName: 'Existing' })).body.Vendor;
    const res = await t.post('/batch', {
      BatchItemRequest: [
        { bId: 'b1', operation: 'create', Vendor: { DisplayName: 'New one' } },
        { bId: 'b2', operation: 'update', Vendor: { Id: v.Id, SyncToken: '7', sparse: true, AcctNum: 'x' } },
        { bId: 'b3', operation: 'create', Vendor: { DisplayName: 'New one' } },
        { bId: 'b4', Query: "SELECT * FROM Vendor WHERE DisplayName = 'New one'" },
        { bId: 'b5', operation: 'delete', Invoice: { Id: '404', SyncToken: '0' } },
      ],
    });
    expect(res.status).toBe(200);
    const items: Json[] = res.body.BatchItemResponse;
    expect(items.map((i) => i.bId)).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
    expect(items[0].Vendor.DisplayName).toBe('New one');
    expect(items[1].Fault.Error[0]).toMatchObject({ code: '5010', element: '' });
    expect(items[2].Fault.Error[0].code).toBe('6240');
    expect(items[3].QueryResponse.Vendor).toHaveLength(1);
    expect(items[4].Fault.Error[0].code).toBe('610');
  });

  it('refuses more than 30 items', async () => {
    const items = Array.from({ length: 31 }, (_, i) => ({
      bId: String(i),
      operation: 'create',
      Vendor: { DisplayName: `N${i}` },
    }));
    const res = await t.post('/batch', { BatchItemRequest: items });
    expect(res.status).toBe(400);
    expect(t.qbo.data.count('Vendor')).toBe(0);
  });

  it('replays a batch with the same requestid without running it again', async () => {
    const body = { BatchItemRequest: [{ bId: '1', operation: 'create', Vendor: { DisplayName: 'Batch once' } }] };
    const first = await t.post('/batch?requestid=batch-1', body);
    const again = await t.post('/batch?requestid=batch-1', body);
    expect(again.body).toEqual(first.body);
    expect(t.qbo.data.count('Vendor')).toBe(1);
    expect(t.qbo.requests.count('batch')).toBe(2);
  });

  it('answers a COUNT(*) item with a QueryResponse holding only totalCount, and pages in a batch', async () => {
    for (let i = 0; i < 3; i += 1) await t.post('/vendor', { DisplayName: `Counted ${i}` });
    const res = await t.post('/batch', {
      BatchItemRequest: [
        { bId: 'n', Query: 'SELECT COUNT(*) FROM Vendor' },
        { bId: 'p', Query: 'SELECT * FROM Vendor STARTPOSITION 2 MAXRESULTS 1000' },
        { bId: 'z', Query: "SELECT COUNT(*) FROM Vendor WHERE DisplayName = 'nobody'" },
      ],
    });
    expect(res.status).toBe(200);
    const [count, page, none]: Json[] = res.body.BatchItemResponse;
    expect(count).toEqual({ bId: 'n', QueryResponse: { totalCount: 3 } });
    expect(page.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 2 });
    expect(page.QueryResponse.Vendor).toHaveLength(2);
    expect(none).toEqual({ bId: 'z', QueryResponse: { totalCount: 0 } });
  });

  it('logs a batch of queries only as a read, and a batch with a write item as a write', async () => {
    await t.post('/batch', { BatchItemRequest: [{ bId: '1', Query: 'SELECT COUNT(*) FROM Vendor' }] });
    expect(t.qbo.requests.count('batch')).toBe(1);
    expect(t.qbo.requests.countWrites('batch')).toBe(0);
    await t.post('/batch', {
      BatchItemRequest: [
        { bId: '1', Query: 'SELECT COUNT(*) FROM Vendor' },
        { bId: '2', operation: 'create', Vendor: { DisplayName: 'Written' } },
      ],
    });
    expect(t.qbo.requests.count('batch')).toBe(2);
    expect(t.qbo.requests.countWrites('batch')).toBe(1);
    await t.post('/vendor', { DisplayName: 'Single' });
    expect(t.qbo.requests.countWrites()).toBe(2);
    expect(t.qbo.requests.list().map((e) => [e.kind, e.write])).toEqual([
      ['batch', false],
      ['batch', true],
      ['create', true],
    ]);
  });
});

describe('QBO emulator change data capture', () => {
  it('reports changes since a time per entity, deletions with Id and MetaData only', async () => {
    const since = new Date(clock.now()).toISOString();
    clock.advance(1000);
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Tracked', 3))).body.Item;
    const cust = (await t.post('/customer', { DisplayName: 'Cdc' })).body.Customer;
    const line = {
      Amount: 3,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1 },
    };
    const inv = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).body.Invoice;
    clock.advance(1000);
    await t.post('/invoice?operation=delete', { Id: inv.Id, SyncToken: inv.SyncToken });
    const res = await t.get(`/cdc?entities=Item,Invoice,Vendor&changedSince=${encodeURIComponent(since)}`);
    expect(res.status).toBe(200);
    const [items, invoices, vendors] = res.body.CDCResponse[0].QueryResponse;
    expect(items.Item.map((i: Json) => i.Id)).toEqual([item.Id]);
    expect(items.Item[0].QtyOnHand).toBe(3);
    expect(invoices.Invoice).toEqual([
      { domain: 'QBO', status: 'Deleted', Id: inv.Id, MetaData: { LastUpdatedTime: expect.any(String) } },
    ]);
    expect(vendors).toEqual({});
  });

  it('refuses changedSince older than 30 days and caps an answer at 1000 objects, oldest first', async () => {
    const old = new Date(clock.now() - 31 * 86_400_000).toISOString();
    expect((await t.get(`/cdc?entities=Item&changedSince=${encodeURIComponent(old)}`)).status).toBe(400);
    const since = new Date(clock.now()).toISOString();
    for (let i = 0; i < 1003; i += 1) {
      t.qbo.data.put('Vendor', { DisplayName: `Bulk ${i}`, Active: true });
      clock.advance(1000);
    }
    const res = await t.get(`/cdc?entities=Vendor&changedSince=${encodeURIComponent(since)}`);
    const list = res.body.CDCResponse[0].QueryResponse[0].Vendor;
    expect(list).toHaveLength(1000);
    expect(list[0].DisplayName).toBe('Bulk 0');
    expect(list[999].DisplayName).toBe('Bulk 999');
  });
});
