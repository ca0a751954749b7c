import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryItem, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo;
beforeEach(async () => {
  t = await startTestQbo();
});
afterEach(async () => {
  await t.qbo.close();
});

describe('QBO emulator REST surface', () => {
  it('creates, reads, sparse-updates and fully updates a vendor with SyncToken and MetaData', async () => {
    const created = await t.post('/vendor?minorversion=75', { DisplayName: "O'Neil & Sons", CompanyName: 'ONS' });
    expect(created.status).toBe(200);
    const v = created.body.Vendor;
    expect(v).toMatchObject({ Id: expect.stringMatching(/^\d+$/), SyncToken: '0', Active: true, domain: 'QBO' });
    expect(v.MetaData.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(created.body.time).toMatch(/\.\d{3}[+-]\d{2}:\d{2}$/);

    const read = await t.get(`/vendor/${v.Id}`);
    expect(read.body.Vendor.DisplayName).toBe("O'Neil & Sons");

    const sparse = await t.post('/vendor', { Id: v.Id, SyncToken: '0', sparse: true, AcctNum: '77' });
    expect(sparse.body.Vendor).toMatchObject({ SyncToken: '1', AcctNum: '77', CompanyName: 'ONS' });

    const full = await t.post('/vendor?operation=update', { Id: v.Id, SyncToken: '1', DisplayName: "O'Neil & Sons" });
    expect(full.body.Vendor.SyncToken).toBe('2');
    expect(full.body.Vendor.CompanyName).toBeUndefined();
    expect(full.body.Vendor.AcctNum).toBeUndefined();
  });

  it('answers a stale SyncToken with 5010 and changes nothing', async () => {
    const { body } = await t.post('/customer', { DisplayName: 'Amy' });
    const id = body.Customer.Id;
    await t.post('/customer', { Id: id, SyncToken: '0', sparse: true, Notes: 'first' });
    const stale = await t.post('/customer', { Id: id, SyncToken: '0', sparse: true, Notes: 'second' });
    expect(stale.status).toBe(400);
    expect(stale.body.Fault.Error[0]).toMatchObject({ code: '5010', element: '' });
    expect(t.qbo.data.get('Customer', id)?.Notes).toBe('first');
  });

  it('refuses a duplicate DisplayName across customers and vendors (6240), case-insensitively', async () => {
    await t.post('/customer', { DisplayName: 'Shared Name' });
    const dup = await t.post('/vendor', { DisplayName: 'shared name' });
    expect(dup.status).toBe(400);
    expect(dup.body.Fault.Error[0].code).toBe('6240');
    expect(dup.body.Fault.type).toBe('ValidationFault');
  });

  it('answers 2500 for a missing reference and 610 for an inactive one', async () => {
    const missing = await t.post('/invoice', {
      CustomerRef: { value: '999' },
      Line: [{ Amount: 1, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' } } }],
    });
    expect(missing.body.Fault.Error[0]).toMatchObject({ code: '2500', element: 'CustomerRef' });

    const c = (await t.post('/customer', { DisplayName: 'Gone' })).body.Customer;
    await t.post('/customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false });
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Thing', 5))).body.Item;
    const inactive = await t.post('/invoice', {
      CustomerRef: { value: c.Id },
      Line: [
        { Amount: 1, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1 } },
      ],
    });
    expect(inactive.body.Fault.Error[0].code).toBe('610');
  });

  it('marks inactive names with " (deleted)" and frees the name', async () => {
    const c = (await t.post('/customer', { DisplayName: 'Bob' })).body.Customer;
    const off = await t.post('/customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false });
    expect(off.body.Customer.DisplayName).toBe('Bob (deleted)');
    expect((await t.post('/customer', { DisplayName: 'Bob' })).status).toBe(200);
  });

  it('reads: 2030 for a non-numeric id, 610 for an unknown one, 400/500 for an unknown resource', async () => {
    expect((await t.get('/item/1.5')).body.Fault.Error[0]).toMatchObject({ code: '2030', element: 'Id' });
    expect((await t.get('/item/424242')).body.Fault.Error[0].code).toBe('610');
    const unknown = await t.get('/customer/1/5');
    expect(unknown.status).toBe(400);
    expect(unknown.body.Fault.Error[0]).toMatchObject({ code: '500', Message: 'Unsupported Operation' });
  });

  it('reads CompanyInfo and Preferences (inventory tracking on)', async () => {
    const info = await t.get(`/companyinfo/${t.qbo.realmId}`);
    expect(info.body.CompanyInfo.CompanyName).toBeTypeOf('string');
    const prefs = await t.get('/preferences');
    expect(prefs.body.Preferences.ProductAndServicesPrefs.QuantityOnHand).toBe(true);
  });

  it('deletes transactions (not name-list records) and voids invoices', async () => {
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Gizmo', 10))).body.Item;
    const cust = (await t.post('/customer', { DisplayName: 'Cara' })).body.Customer;
    const line = {
      Amount: 20,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 2, UnitPrice: 10 },
    };
    const inv = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).body.Invoice;
    expect(inv.TotalAmt).toBe(20);
    expect(inv.Line.at(-1).DetailType).toBe('SubTotalLineDetail');
    expect(t.qbo.data.get('Item', item.Id)?.QtyOnHand).toBe(8);

    const voided = await t.post('/invoice?operation=void', { Id: inv.Id, SyncToken: inv.SyncToken });
    expect(voided.body.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, SyncToken: '1' });
    expect(t.qbo.data.get('Item', item.Id)?.QtyOnHand).toBe(10);

    const del = await t.post('/invoice?operation=delete', { Id: inv.Id, SyncToken: '1' });
    expect(del.body.Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: inv.Id });
    expect((await t.get(`/invoice/${inv.Id}`)).body.Fault.Error[0].code).toBe('610');
    expect(t.qbo.data.get('Item', item.Id)?.QtyOnHand).toBe(10);

    const nameDelete = await t.post('/customer?operation=delete', { Id: cust.Id, SyncToken: cust.SyncToken });
    expect(nameDelete.body.Fault.Error[0].code).toBe('500');
  });

  it('replays the first answer to a repeated requestid without a second effect', async () => {
    const first = await t.post('/vendor?requestid=req-1', { DisplayName: 'Once' });
    const again = await t.post('/vendor?requestid=req-1', { DisplayName: 'Once' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(t.qbo.data.list('Vendor').filter((v) => v.DisplayName === 'Once')).toHaveLength(1);

    const failed = await t.post('/vendor?requestid=req-2', { DisplayName: 'Once' });
    expect(failed.body.Fault.Error[0].code).toBe('6240');
    expect((await t.post('/vendor?requestid=req-2', { DisplayName: 'Other' })).body).toEqual(failed.body);
  });

  it('accepts a query sent as POST with application/text', async () => {
    await t.post('/vendor', { DisplayName: 'Posted' });
    const res = await t.post('/query', "SELECT * FROM Vendor WHERE DisplayName = 'Posted'", {
      'content-type': 'application/text',
    });
    expect(res.body.QueryResponse.Vendor).toHaveLength(1);
  });

  it('answers invalid JSON with a validation fault', async () => {
    const res = await t.post('/vendor', '{"DisplayName":');
    expect(res.status).toBe(400);
    expect(res.body.Fault.type).toBe('ValidationFault');
  });

  it('keeps companies apart', async () => {
    const other = t.qbo.addRealm({ companyName: 'Other Co' });
    const otherToken = t.qbo.issueAccessToken(other.realmId);
    await t.post('/vendor', { DisplayName: 'Only here' });
    const res = await fetch(
      `${t.qbo.baseUrl}/v3/company/${other.realmId}/query?query=${encodeURIComponent('SELECT * FROM Vendor')}`,
      {
        headers: { authorization: `Bearer ${otherToken}` },
      },
    );
    expect(((await res.json()) as { QueryResponse: unknown }).QueryResponse).toEqual({});
    expect(t.qbo.data.count('Vendor', other.realmId)).toBe(0);
    expect(t.qbo.data.count('Vendor')).toBe(1);
  });

  it('refuses a duplicate DocNumber (6140) unless include=allowduplicatedocnum; bills per vendor', async () => {
    const item = (await t.post('/item', inventoryItem(t.qbo, 'Doc', 100))).body.Item;
    const cust = (await t.post('/customer', { DisplayName: 'Doc C' })).body.Customer;
    const line = {
      Amount: 1,
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1 },
    };
    const auto = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).body.Invoice;
    const dup = await t.post('/invoice', { CustomerRef: { value: cust.Id }, DocNumber: auto.DocNumber, Line: [line] });
    expect(dup.body.Fault.Error[0]).toMatchObject({ code: '6140', element: 'DocNumber' });
    const allowed = await t.post('/invoice?include=allowduplicatedocnum', {
      CustomerRef: { value: cust.Id },
      DocNumber: auto.DocNumber,
      Line: [line],
    });
    expect(allowed.status).toBe(200);
    // Auto-numbering skips numbers already taken by hand.
    await t.post('/invoice', {
      CustomerRef: { value: cust.Id },
      DocNumber: String(Number(auto.DocNumber) + 1),
      Line: [line],
    });
    const next = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [line] })).body.Invoice;
    expect(next.DocNumber).toBe(String(Number(auto.DocNumber) + 2));

    const [v1, v2] = [
      (await t.post('/vendor', { DisplayName: 'V1' })).body.Vendor,
      (await t.post('/vendor', { DisplayName: 'V2' })).body.Vendor,
    ];
    const bill = (id: string) => ({
      VendorRef: { value: id },
      DocNumber: 'INV-7',
      Line: [
        {
          Amount: 1,
          DetailType: 'ItemBasedExpenseLineDetail',
          ItemBasedExpenseLineDetail: { ItemRef: { value: item.Id }, Qty: 1 },
        },
      ],
    });
    expect((await t.post('/bill', bill(v1.Id))).status).toBe(200);
    expect((await t.post('/bill', bill(v2.Id))).status).toBe(200);
    expect((await t.post('/bill', bill(v1.Id))).body.Fault.Error[0].code).toBe('6140');
  });
});
