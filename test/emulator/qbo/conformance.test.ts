import { promisify } from 'node:util';
import QuickBooks from 'node-quickbooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, inventoryItem, type Json, startTestQbo, type TestQbo } from './helpers.js';
import { keysOf, missingKeys, sharedKindMismatches } from './shape.js';

// node-quickbooks is CommonJS (`module.exports = QuickBooks`); its typings describe an ES default export.
const QuickBooksClient = QuickBooks as unknown as new (...args: unknown[]) => Json;

let t: TestQbo;
let qb: Json;
beforeEach(async () => {
  t = await startTestQbo({ limits: false });
  qb = new QuickBooksClient(
    t.qbo.oauth.clientId,
    t.qbo.oauth.clientSecret,
    t.token,
    false,
    t.qbo.realmId,
    true,
    false,
    75,
    '2.0',
    t.qbo.oauth.refreshToken,
  );
  // node-quickbooks builds every URL from this prefix; pointing it at the emulator is all it takes.
  qb.endpoint = `${t.qbo.baseUrl}/v3/company/`;
});
afterEach(async () => {
  await t.qbo.close();
});

function call<T = Json>(method: string, ...args: unknown[]): Promise<T> {
  const fn = promisify((qb[method] as (...a: unknown[]) => void).bind(qb)) as (...a: unknown[]) => Promise<T>;
  return fn(...args);
}

describe('conformance with node-quickbooks', () => {
  it('creates, reads, updates and queries vendors and items', async () => {
    const vendor = await call('createVendor', { DisplayName: "Bob's Burger Joint" });
    expect(vendor).toMatchObject({ Id: expect.any(String), SyncToken: '0' });
    const read = await call('getVendor', vendor.Id);
    expect(read.DisplayName).toBe("Bob's Burger Joint");
    const updated = await call('updateVendor', { Id: vendor.Id, SyncToken: vendor.SyncToken, AcctNum: '1345' });
    expect(updated).toMatchObject({ SyncToken: '1', AcctNum: '1345', DisplayName: "Bob's Burger Joint" });
    const found = await call('findVendors', [{ field: 'DisplayName', value: "Bob's Burger Joint", operator: '=' }]);
    expect(found.QueryResponse.Vendor.map((v: Json) => v.Id)).toEqual([vendor.Id]);
    const item = await call('createItem', inventoryItem(t.qbo, 'Plush Baby Doll', 4));
    const items = await call('findItems', [
      { field: 'Type', value: 'Inventory', operator: '=' },
      { field: 'Name', value: 'Plush%', operator: 'LIKE' },
    ]);
    expect(items.QueryResponse.Item.map((i: Json) => i.Id)).toEqual([item.Id]);
    const count = await call('findItems', { count: true });
    expect(count.QueryResponse.totalCount).toBe(1);
  });

  it('surfaces faults the way node-quickbooks expects (stale SyncToken)', async () => {
    const vendor = await call('createVendor', { DisplayName: 'Stale' });
    await call('updateVendor', { Id: vendor.Id, SyncToken: '0', AcctNum: '1' });
    const error = await call('updateVendor', { Id: vendor.Id, SyncToken: '0', AcctNum: '2' }).catch((e: Json) => e);
    expect(error.response.status).toBe(400);
    expect(error.response.data.Fault.Error[0].code).toBe('5010');
  });

  it('runs a batch and a CDC read', async () => {
    const since = new Date(Date.now() - 60_000);
    const batch = await call('batch', [
      { bId: 'bid1', operation: 'create', Vendor: { DisplayName: 'Boraski Family Store' } },
      { bId: 'bid2', Query: 'select * from Vendor' },
    ]);
    expect(batch.BatchItemResponse.map((r: Json) => r.bId)).toEqual(['bid1', 'bid2']);
    const cdc = await call('changeDataCapture', ['Vendor', 'Item'], since);
    expect(cdc.CDCResponse[0].QueryResponse[0].Vendor[0].DisplayName).toBe('Boraski Family Store');
  });
});

describe('answers have the key structure of recorded QBO payloads', () => {
  it('create and update responses (Customer)', async () => {
    const created = (await t.post('/customer', { DisplayName: 'Doe5, Jane' })).body;
    const recorded = fixture('customer-create-response-qbo-api.json');
    expect(keysOf(created)).toEqual(keysOf(recorded));
    expect(missingKeys(created.Customer, recorded.Customer)).toEqual([]);
    expect(sharedKindMismatches(created, recorded)).toEqual([]);
    const c = created.Customer;
    const updated = (
      await t.post('/customer', {
        Id: c.Id,
        SyncToken: c.SyncToken,
        sparse: true,
        PrimaryPhone: { FreeFormNumber: '(415) 444-1234' },
      })
    ).body;
    expect(sharedKindMismatches(updated, fixture('customer-update-response-qbo-api.json'))).toEqual([]);
  });

  it('query pages, counts and empty results', async () => {
    await t.post('/vendor', { DisplayName: "Bob's Burger Joint" });
    const page = (await t.query('SELECT * FROM Vendor STARTPOSITION 1 MAXRESULTS 5')).body;
    const recorded = fixture('query-vendor-response-page1-qbo-api.json');
    expect(keysOf(page)).toEqual(keysOf(recorded));
    expect(keysOf(page.QueryResponse)).toEqual(keysOf(recorded.QueryResponse));
    expect(sharedKindMismatches(page, recorded)).toEqual([]);
    const count = (await t.query('SELECT COUNT(*) FROM Customer')).body;
    expect(keysOf(count.QueryResponse)).toEqual(
      keysOf(fixture('query-count-customer-response-qbo-api.json').QueryResponse),
    );
    expect(sharedKindMismatches(count, fixture('query-count-customer-response-qbo-api.json'))).toEqual([]);
    const empty = (await t.query("SELECT * FROM Customer WHERE DisplayName = 'none'")).body;
    const recordedEmpty = fixture('query-customer-response-empty-qbo-api.json');
    expect(keysOf(empty)).toEqual(keysOf(recordedEmpty));
    expect(empty.QueryResponse).toEqual(recordedEmpty.QueryResponse);
  });

  it('faults: query validation 4001, duplicate name 6240, invalid id 2030', async () => {
    const cases: [Json, string][] = [
      [(await t.query('SELECT * FROM Custmoer')).body, 'fault-query-validation-4001-qbo-api.json'],
      [
        await (async () => {
          await t.post('/customer', { DisplayName: 'Dup' });
          return (await t.post('/customer', { DisplayName: 'Dup' })).body;
        })(),
        'fault-duplicate-name-6240-customer-qbo-api.json',
      ],
      [(await t.get('/customer/1.5')).body, 'fault-invalid-id-2030-qbo-api.json'],
    ];
    for (const [actual, name] of cases) {
      const recorded = fixture(name);
      expect(keysOf(actual.Fault), name).toEqual(keysOf(recorded.Fault));
      expect(actual.Fault.type, name).toBe(recorded.Fault.type);
      expect(actual.Fault.Error[0].code, name).toBe(recorded.Fault.Error[0].code);
      expect(missingKeys(actual.Fault.Error[0], recorded.Fault.Error[0]), name).toEqual([]);
      expect(sharedKindMismatches(actual, recorded), name).toEqual([]);
    }
  });

  it('delete and void responses (Invoice)', async () => {
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Services', 10))).body.Item;
    const cust = (await t.post('/customer', { DisplayName: "Amy's Bird Sanctuary" })).body.Customer;
    const line = {
      Amount: 10,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1 },
    };
    const inv = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).body.Invoice;
    const voided = (await t.post('/invoice?operation=void', { Id: inv.Id, SyncToken: inv.SyncToken })).body;
    expect(sharedKindMismatches(voided, fixture('invoice-void-response-qbo-api.json'))).toEqual([]);
    const deleted = (await t.post('/invoice?operation=delete', { Id: inv.Id, SyncToken: voided.Invoice.SyncToken }))
      .body;
    const recordedDelete = fixture('invoice-delete-response-qbo-api.json');
    expect(keysOf(deleted)).toEqual(keysOf(recordedDelete));
    expect(keysOf(deleted.Invoice)).toEqual(keysOf(recordedDelete.Invoice));
  });

  it('batch and CDC responses', async () => {
    await t.post('/customer', { DisplayName: 'L 34' });
    const batch = (
      await t.post('/batch', {
        BatchItemRequest: [
          { bId: '12', operation: 'create', Customer: { DisplayName: 'New 34' } },
          { bId: '13', Query: 'SELECT * FROM Customer MAXRESULTS 1' },
          { bId: '14', operation: 'delete', Customer: { Id: '1', SyncToken: '0' } },
        ],
      })
    ).body;
    const recorded = fixture('batch-response-customer-query-fault-java-sdk.json');
    expect(keysOf(batch)).toEqual(keysOf(recorded));
    batch.BatchItemResponse.forEach((item: Json, i: number) => {
      expect(keysOf(item)).toEqual(keysOf(recorded.BatchItemResponse[i]));
    });
    expect(sharedKindMismatches(batch.BatchItemResponse[1], recorded.BatchItemResponse[1])).toEqual([]);
    const cdc = (
      await t.get(
        `/cdc?entities=Customer&changedSince=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
      )
    ).body;
    const recordedCdc = fixture('cdc-response-deposit-java-sdk.json');
    expect(keysOf(cdc)).toEqual(keysOf(recordedCdc));
    expect(keysOf(cdc.CDCResponse[0])).toEqual(keysOf(recordedCdc.CDCResponse[0]));
    expect(Array.isArray(cdc.CDCResponse[0].QueryResponse)).toBe(true);
    expect(Array.isArray(cdc.CDCResponse[0].QueryResponse[0].Customer)).toBe(true);
  });

  it('token responses', async () => {
    const res = await fetch(t.qbo.oauth.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${t.qbo.oauth.clientId}:${t.qbo.oauth.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t.qbo.oauth.refreshToken }),
    });
    const body = await res.json();
    const recorded = fixture('token-response-bearer-oauth-jsclient.json');
    // id_token only comes with the openid scope, which the emulator does not model.
    expect(missingKeys(body, recorded)).toEqual(['id_token']);
    expect(sharedKindMismatches(body, recorded)).toEqual([]);
  });
});
