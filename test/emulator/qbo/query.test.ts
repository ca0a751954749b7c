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

function names(body: Json, entity: string): string[] {
  return (body.QueryResponse[entity] ?? []).map((r: Json) => r.Name ?? r.DisplayName);
}

describe('QBO emulator query language', () => {
  it('returns active name-list records unless Active is in the WHERE', async () => {
    await t.post('/item', inventoryItem(t.qbo, 'On', 1));
    await t.post('/item', inventoryItem(t.qbo, 'Off', 1, { Active: false }));
    expect(names((await t.query("SELECT * FROM Item WHERE Type = 'Inventory'")).body, 'Item')).toEqual(['On']);
    const both = await t.query("SELECT * FROM Item WHERE Type = 'Inventory' AND Active IN (true, false)");
    expect(names(both.body, 'Item')).toEqual(['On', 'Off (deleted)']);
    expect(names((await t.query('SELECT * FROM Item WHERE Active = false')).body, 'Item')).toEqual(['Off (deleted)']);
  });

  it("matches names with quotes, apostrophes and backslashes escaped as QBO's docs say", async () => {
    await t.post('/customer', { DisplayName: "O'Brien" });
    await t.post('/item', inventoryItem(t.qbo, '6" pipe \\ fitting', 1));
    const c = await t.query("SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien'");
    expect(names(c.body, 'Customer')).toEqual(["O'Brien"]);
    const i = await t.query("SELECT * FROM Item WHERE Name = '6\" pipe \\\\ fitting'");
    expect(names(i.body, 'Item')).toEqual(['6" pipe \\ fitting']);
  });

  it('supports LIKE with % only, IN, comparisons and ORDERBY', async () => {
    for (const [name, qty] of [
      ['Alpha', 5],
      ['alpine', 0],
      ['Beta', -2],
      ['Al_x', 9],
    ] as const) {
      await t.post('/item', inventoryItem(t.qbo, name, qty));
    }
    expect(names((await t.query("SELECT * FROM Item WHERE Name LIKE 'al%' ORDERBY Name")).body, 'Item')).toEqual([
      'Al_x',
      'Alpha',
      'alpine',
    ]);
    // `_` is a literal, not a wildcard.
    expect(names((await t.query("SELECT * FROM Item WHERE Name LIKE 'Al_%'")).body, 'Item')).toEqual(['Al_x']);
    expect(names((await t.query("SELECT * FROM Item WHERE Name IN ('Beta', 'Alpha')")).body, 'Item')).toEqual([
      'Alpha',
      'Beta',
    ]);
    const cmp = await t.query('SELECT * FROM Item WHERE QtyOnHand <= 0 ORDERBY QtyOnHand DESC');
    expect(names(cmp.body, 'Item')).toEqual(['alpine', 'Beta']);
  });

  it('pages with 1-based STARTPOSITION, defaults to 100 rows and caps MAXRESULTS at 1000', async () => {
    for (let i = 0; i < 1005; i += 1) t.qbo.data.put('Vendor', { DisplayName: `V${i}`, Active: true });
    const first = await t.query('SELECT * FROM Vendor');
    expect(first.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 100 });
    const page = await t.query('SELECT * FROM Vendor STARTPOSITION 3 MAXRESULTS 2');
    expect(page.body.QueryResponse.Vendor.map((v: Json) => v.DisplayName)).toEqual(['V2', 'V3']);
    const big = await t.query('SELECT * FROM Vendor MAXRESULTS 5000');
    expect(big.body.QueryResponse.maxResults).toBe(1000);
    const last = await t.query('SELECT * FROM Vendor STARTPOSITION 1001 MAXRESULTS 1000');
    expect(last.body.QueryResponse).toMatchObject({ startPosition: 1001, maxResults: 5 });
    expect((await t.query('SELECT COUNT(*) FROM Vendor')).body.QueryResponse).toEqual({ totalCount: 1005 });
  });

  it('answers an empty result as {"QueryResponse":{}}', async () => {
    const res = await t.query("SELECT * FROM Customer WHERE DisplayName = 'nobody'");
    expect(Object.keys(res.body).sort()).toEqual(['QueryResponse', 'time']);
    expect(res.body.QueryResponse).toEqual({});
  });

  it('filters on MetaData.LastUpdatedTime at whole-second precision', async () => {
    await t.post('/vendor', { DisplayName: 'Early' });
    const mark = new Date(clock.now()).toISOString();
    clock.advance(400);
    await t.post('/vendor', { DisplayName: 'Same second' });
    clock.advance(5_000);
    await t.post('/vendor', { DisplayName: 'Later' });
    const after = await t.query(`SELECT * FROM Vendor WHERE MetaData.LastUpdatedTime > '${mark}'`);
    expect(after.body.QueryResponse.Vendor.map((v: Json) => v.DisplayName)).toEqual(['Later']);
    const since = await t.query(`SELECT * FROM Vendor WHERE MetaData.LastUpdatedTime >= '${mark}'`);
    expect(since.body.QueryResponse.Vendor).toHaveLength(3);
  });

  it('answers unknown entities with 4001 and selects only the listed fields', async () => {
    const bad = await t.query('SELECT * FROM Custmoer');
    expect(bad.body.Fault.Error[0]).toMatchObject({ code: '4001', Message: 'Invalid query' });
    await t.post('/vendor', { DisplayName: 'Fields' });
    const some = await t.query('SELECT Id, DisplayName FROM Vendor');
    expect(Object.keys(some.body.QueryResponse.Vendor[0]).sort()).toEqual(['DisplayName', 'Id']);
  });

  it('queries references by id', async () => {
    const v = (await t.post('/vendor', { DisplayName: 'Supplier' })).body.Vendor;
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Part', 0))).body.Item;
    const line = {
      Amount: 5,
      DetailType: 'ItemBasedExpenseLineDetail',
      ItemBasedExpenseLineDetail: { ItemRef: { value: item.Id }, Qty: 1 },
    };
    await t.post('/purchaseorder', { VendorRef: { value: v.Id }, Line: [line] });
    const res = await t.query(`SELECT * FROM PurchaseOrder WHERE VendorRef = '${v.Id}' AND POStatus = 'Open'`);
    expect(res.body.QueryResponse.PurchaseOrder).toHaveLength(1);
    expect(res.body.QueryResponse.PurchaseOrder[0].VendorRef).toEqual({ value: v.Id, name: 'Supplier' });
  });

  it('re-sorts after a change (ORDERBY results are cached only while nothing changes)', async () => {
    const a = (await t.post('/vendor', { DisplayName: 'Bravo' })).body.Vendor;
    await t.post('/vendor', { DisplayName: 'Charlie' });
    const before = await t.query('SELECT * FROM Vendor ORDERBY DisplayName');
    expect(names(before.body, 'Vendor')).toEqual(['Bravo', 'Charlie']);
    await t.post('/vendor', { Id: a.Id, SyncToken: a.SyncToken, sparse: true, DisplayName: 'Delta' });
    const after = await t.query('SELECT * FROM Vendor ORDERBY DisplayName');
    expect(names(after.body, 'Vendor')).toEqual(['Charlie', 'Delta']);
  });

  it('compares ids numerically even when quoted', async () => {
    for (let i = 0; i < 12; i += 1) t.qbo.data.put('Vendor', { DisplayName: `N${i}`, Active: true });
    const res = await t.query("SELECT Id FROM Vendor WHERE Id > '9' ORDERBY Id");
    expect(res.body.QueryResponse.Vendor.map((v: Json) => v.Id)).toEqual(['10', '11', '12']);
    const some = await t.query("SELECT Id FROM Vendor WHERE Id IN ('2', '11')");
    expect(some.body.QueryResponse.Vendor.map((v: Json) => v.Id)).toEqual(['2', '11']);
  });
});
