import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryItem, type Json, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo;
beforeEach(async () => {
  t = await startTestQbo({ limits: false });
});
afterEach(async () => {
  await t.qbo.close();
});

const accounts = () => t.qbo.core.realms.get(t.qbo.realmId)?.info.accounts as { shrinkage: string };

async function item(name: string, qty: number, extra: Record<string, unknown> = {}): Promise<Json> {
  const res = await t.post('/item', inventoryItem(t.qbo, name, qty, extra));
  expect(res.status).toBe(200);
  return res.body.Item;
}

function qty(id: string): unknown {
  return t.qbo.data.get('Item', id)?.QtyOnHand;
}

function expenseLine(itemId: string, q: number, extra: Record<string, unknown> = {}) {
  return {
    Amount: q * 2,
    DetailType: 'ItemBasedExpenseLineDetail',
    ItemBasedExpenseLineDetail: { ItemRef: { value: itemId }, Qty: q, UnitPrice: 2 },
    ...extra,
  };
}

function saleLine(itemId: string, q: number) {
  return {
    Amount: q * 3,
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: q, UnitPrice: 3 },
  };
}

describe('QBO emulator inventory accounting', () => {
  it('requires TrackQtyOnHand, QtyOnHand, InvStartDate and the three account refs on Inventory items', async () => {
    for (const missing of [
      'TrackQtyOnHand',
      'QtyOnHand',
      'InvStartDate',
      'IncomeAccountRef',
      'ExpenseAccountRef',
      'AssetAccountRef',
    ]) {
      const body: Record<string, unknown> = inventoryItem(t.qbo, `No ${missing}`, 1);
      delete body[missing];
      const res = await t.post('/item', body);
      expect(res.status, missing).toBe(400);
      expect(res.body.Fault.Error[0], missing).toMatchObject({ code: '2020', element: missing });
    }
  });

  it('moves QtyOnHand with adjustments (QtyDiff), bills (+) and invoices (−), bumping the item', async () => {
    const it1 = await item('Stocked', 10);
    const adj = await t.post('/inventoryadjustment', {
      AdjustAccountRef: { value: accounts().shrinkage },
      Line: [
        {
          DetailType: 'ItemAdjustmentLineDetail',
          ItemAdjustmentLineDetail: { ItemRef: { value: it1.Id }, QtyDiff: -3 },
        },
      ],
    });
    expect(adj.status).toBe(200);
    expect(qty(it1.Id)).toBe(7);
    const vendor = (await t.post('/vendor', { DisplayName: 'V' })).body.Vendor;
    await t.post('/bill', { VendorRef: { value: vendor.Id }, Line: [expenseLine(it1.Id, 5)] });
    expect(qty(it1.Id)).toBe(12);
    const cust = (await t.post('/customer', { DisplayName: 'C' })).body.Customer;
    await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [saleLine(it1.Id, 15)] });
    expect(qty(it1.Id)).toBe(-3);
    expect(Number(t.qbo.data.get('Item', it1.Id)?.SyncToken)).toBe(3);
  });

  it('refuses to adjust a non-inventory item', async () => {
    const svc = (await t.post('/item', { Name: 'Labour', Type: 'Service', IncomeAccountRef: { value: '2' } })).body
      .Item;
    const res = await t.post('/inventoryadjustment', {
      AdjustAccountRef: { value: accounts().shrinkage },
      Line: [
        {
          DetailType: 'ItemAdjustmentLineDetail',
          ItemAdjustmentLineDetail: { ItemRef: { value: svc.Id }, QtyDiff: 1 },
        },
      ],
    });
    expect(res.body.Fault.Error[0].code).toBe('6000');
  });

  it('closes a PurchaseOrder when linked bills cover it, and reopens it when a bill is deleted', async () => {
    const a = await item('A', 0);
    const b = await item('B', 0);
    const vendor = (await t.post('/vendor', { DisplayName: 'Supplier' })).body.Vendor;
    const po = (
      await t.post('/purchaseorder', {
        VendorRef: { value: vendor.Id },
        Line: [expenseLine(a.Id, 4), expenseLine(b.Id, 2)],
      })
    ).body.PurchaseOrder;
    expect(po.POStatus).toBe('Open');
    const link = [{ TxnId: po.Id, TxnType: 'PurchaseOrder' }];
    const partial = (
      await t.post('/bill', { VendorRef: { value: vendor.Id }, LinkedTxn: link, Line: [expenseLine(a.Id, 4)] })
    ).body.Bill;
    expect(t.qbo.data.get('PurchaseOrder', po.Id)?.POStatus).toBe('Open');
    const rest = (
      await t.post('/bill', { VendorRef: { value: vendor.Id }, Line: [expenseLine(b.Id, 2, { LinkedTxn: link })] })
    ).body.Bill;
    const closed = t.qbo.data.get('PurchaseOrder', po.Id);
    expect(closed?.POStatus).toBe('Closed');
    expect(closed?.LinkedTxn).toEqual([
      { TxnId: partial.Id, TxnType: 'Bill' },
      { TxnId: rest.Id, TxnType: 'Bill' },
    ]);
    expect([qty(a.Id), qty(b.Id)]).toEqual([4, 2]);
    await t.post('/bill?operation=delete', { Id: rest.Id, SyncToken: rest.SyncToken });
    expect(t.qbo.data.get('PurchaseOrder', po.Id)?.POStatus).toBe('Open');
    expect(qty(b.Id)).toBe(0);
  });

  it('closes an Estimate when an invoice links it', async () => {
    const a = await item('Sold', 9);
    const cust = (await t.post('/customer', { DisplayName: 'Buyer' })).body.Customer;
    const est = (
      await t.post('/estimate', { CustomerRef: { value: cust.Id }, TxnStatus: 'Accepted', Line: [saleLine(a.Id, 2)] })
    ).body.Estimate;
    const inv = (
      await t.post('/invoice', {
        CustomerRef: { value: cust.Id },
        LinkedTxn: [{ TxnId: est.Id, TxnType: 'Estimate' }],
        Line: [saleLine(a.Id, 2)],
      })
    ).body.Invoice;
    const closed = t.qbo.data.get('Estimate', est.Id);
    expect(closed?.TxnStatus).toBe('Closed');
    expect(closed?.LinkedTxn).toEqual([{ TxnId: inv.Id, TxnType: 'Invoice' }]);
    const missing = await t.post('/invoice', {
      CustomerRef: { value: cust.Id },
      LinkedTxn: [{ TxnId: '999', TxnType: 'Estimate' }],
      Line: [saleLine(a.Id, 1)],
    });
    expect(missing.body.Fault.Error[0].code).toBe('2500');
  });

  it('gives sub-items "Parent:Child" names and follows a parent rename', async () => {
    const parent = await item('Hardware', 0);
    const child = await item('Screw', 1, { SubItem: true, ParentRef: { value: parent.Id } });
    expect(child).toMatchObject({ FullyQualifiedName: 'Hardware:Screw', SubItem: true, Level: 1 });
    await t.post('/item', { Id: parent.Id, SyncToken: parent.SyncToken, sparse: true, Name: 'Tools' });
    expect(t.qbo.data.get('Item', child.Id)?.FullyQualifiedName).toBe('Tools:Screw');
    const same = await t.post('/item', inventoryItem(t.qbo, 'Screw', 0));
    expect(same.status).toBe(200);
    const dup = await t.post(
      '/item',
      inventoryItem(t.qbo, 'Screw', 0, { SubItem: true, ParentRef: { value: parent.Id } }),
    );
    expect(dup.body.Fault.Error[0].code).toBe('6240');
  });

  it('keeps the stock effect right across an invoice update', async () => {
    const a = await item('Moved', 10);
    const cust = (await t.post('/customer', { DisplayName: 'Up' })).body.Customer;
    const inv = (await t.post('/invoice', { CustomerRef: { value: cust.Id }, Line: [saleLine(a.Id, 2)] })).body.Invoice;
    expect(qty(a.Id)).toBe(8);
    await t.post('/invoice', { Id: inv.Id, SyncToken: inv.SyncToken, sparse: true, Line: [saleLine(a.Id, 5)] });
    expect(qty(a.Id)).toBe(5);
  });
});
