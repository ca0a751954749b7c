import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { stockFor } from './stock.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 16, vendors: 4, customers: 4, purchaseOrders: 4, estimates: 8, seed: 9 };

async function synced(settings: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  world = await startWorld({ company: COMPANY, ...settings });
  const report = await world.sync.syncAll();
  expect(report.status).toBe('completed');
  return world;
}

function openReceiving(w: World) {
  return w.itEmu.data
    .list('receiving-orders')
    .filter((o) => o.status === 'Open' && o.origin === 'qbo')
    .sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
}

describe('receiving orders', () => {
  it('deletes the IntelliTrack order of a PO closed before receiving, and reports a conflict after it started', async () => {
    const w = await synced();
    const [untouched, started] = openReceiving(w);
    if (!untouched || !started) throw new Error('seed has too few open POs');
    w.itEmu.simulate.receive(started.id, [{ lineNumber: started.lines[0]?.lineNumber ?? 1, quantity: 1 }]);
    for (const order of [untouched, started]) {
      const po = w.qboEmu.data.get('PurchaseOrder', String(order.externalRef));
      w.qboEmu.data.update('PurchaseOrder', { Id: po?.Id, SyncToken: po?.SyncToken, sparse: true, POStatus: 'Closed' });
    }
    const report = await w.sync.syncReceivingOrders();
    expect(w.itEmu.data.get('receiving-orders', untouched.id)).toBeUndefined();
    expect(w.itEmu.data.get('receiving-orders', started.id)).toBeDefined();
    expect(report.entities.receivingOrder?.deleted).toBe(1);
    expect(report.entities.receivingOrder?.conflictRecords.map((c) => c.id)).toEqual([started.externalRef]);
  });

  it('creates a QBO PurchaseOrder for an IntelliTrack order (number prefixed), once, and posts its receipt back', async () => {
    const w = await synced();
    const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null);
    const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!vendor || !item) throw new Error('nothing linked');
    const order = w.itEmu.simulate.createReceivingOrder({
      orderNumber: 'R-77',
      vendorId: vendor.id,
      lines: [{ itemId: item.id, orderedQty: 3, unitCost: 4 }],
    });
    await w.sync.syncReceivingOrders();
    const created = w.qboEmu.data.list('PurchaseOrder').filter((p) => p.DocNumber === 'IT-R-77');
    expect(created).toHaveLength(1);
    expect(w.itEmu.data.get('receiving-orders', order.id)?.externalRef).toBe(created[0]?.Id);

    w.itEmu.simulate.receive(order.id);
    await w.sync.syncReceivingOrders();
    await w.sync.syncReceivingOrders();
    expect(w.qboEmu.data.list('PurchaseOrder').filter((p) => p.DocNumber === 'IT-R-77')).toHaveLength(1);
    const bills = w.qboEmu.data
      .list('Bill')
      .filter((b) => JSON.stringify(b.LinkedTxn ?? b.Line).includes(`"${created[0]?.Id}"`));
    expect(bills).toHaveLength(1);
    expect(w.qboEmu.data.get('PurchaseOrder', String(created[0]?.Id))?.POStatus).toBe('Closed');
  });

  it('reports an IntelliTrack order whose prefixed number is already a QBO DocNumber as a conflict', async () => {
    const w = await synced();
    const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null);
    const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    const po = w.qboEmu.data.list('PurchaseOrder')[0];
    if (!vendor || !item || !po) throw new Error('nothing linked');
    w.qboEmu.data.update('PurchaseOrder', { Id: po.Id, SyncToken: po.SyncToken, sparse: true, DocNumber: 'IT-DUP-1' });
    const order = w.itEmu.simulate.createReceivingOrder({
      orderNumber: 'DUP-1',
      vendorId: vendor.id,
      lines: [{ itemId: item.id, orderedQty: 1 }],
    });
    const report = await w.sync.syncReceivingOrders();
    expect(report.entities.receivingOrder?.conflictRecords.map((c) => c.id)).toContain(order.id);
    expect(w.qboEmu.data.list('PurchaseOrder').filter((p) => p.DocNumber === 'IT-DUP-1')).toHaveLength(1);
  });

  it('skips an order closed by hand with less than ordered unless partial receipts are on', async () => {
    const w = await synced();
    const [order] = openReceiving(w);
    if (!order) throw new Error('no open order');
    w.itEmu.simulate.receive(order.id, [{ lineNumber: order.lines[0]?.lineNumber ?? 1, quantity: 1 }]);
    w.itEmu.simulate.closeOrder(order.id);
    const skipped = await w.sync.syncReceivingOrders();
    expect(skipped.entities.receivingOrder?.skippedRecords.map((s) => s.id)).toContain(order.id);
    expect(w.qboEmu.data.count('Bill')).toBe(0);

    const partial = w.withSettings({ receiving: { partial: true } });
    w.itEmu.simulate.reopenOrder(order.id);
    w.itEmu.simulate.closeOrder(order.id);
    await partial.syncReceivingOrders();
    expect(w.qboEmu.data.count('Bill')).toBe(1);
  });
});

describe('picking orders', () => {
  it('posts a fully picked order as an Invoice linked to the estimate, which becomes Closed', async () => {
    const w = await synced();
    const order = w.itEmu.data.list('picking-orders').find((o) => o.origin === 'qbo');
    if (!order) throw new Error('no accepted estimate in the seed');
    await stockFor(w, order.id);
    w.itEmu.simulate.pick(order.id);
    const report = await w.sync.syncPickingOrders();
    expect(report.entities.pickingOrder?.failed).toBe(0);
    const invoices = w.qboEmu.data.list('Invoice');
    expect(invoices).toHaveLength(1);
    expect(JSON.stringify(invoices[0]?.LinkedTxn)).toContain(String(order.externalRef));
    expect(w.qboEmu.data.get('Estimate', String(order.externalRef))?.TxnStatus).toBe('Closed');
    await w.sync.syncPickingOrders();
    expect(w.qboEmu.data.count('Invoice')).toBe(1);
  });

  it('deletes the picking order of an estimate rejected before picking started', async () => {
    const w = await synced();
    const order = w.itEmu.data.list('picking-orders').find((o) => o.origin === 'qbo');
    const estimate = w.qboEmu.data.get('Estimate', String(order?.externalRef));
    if (!order || !estimate) throw new Error('no accepted estimate');
    w.qboEmu.data.update('Estimate', {
      Id: estimate.Id,
      SyncToken: estimate.SyncToken,
      sparse: true,
      TxnStatus: 'Rejected',
    });
    await w.sync.syncPickingOrders();
    expect(w.itEmu.data.get('picking-orders', order.id)).toBeUndefined();
  });
});

describe('customers both ways', () => {
  it('creates an IntelliTrack customer in QBO once, and reports a duplicate display name as a conflict', async () => {
    const w = await synced();
    const fresh = w.itEmu.simulate.createCustomer({ companyName: 'Harbour Supply Co' });
    // QBO display names are unique across customers and vendors: a vendor's name clashes.
    const taken = String(w.qboEmu.data.list('Vendor')[0]?.DisplayName);
    const clash = w.itEmu.simulate.createCustomer({ companyName: taken });
    const report = await w.sync.syncCustomers();
    await w.sync.syncCustomers();
    const created = w.qboEmu.data.list('Customer').filter((c) => c.DisplayName === 'Harbour Supply Co');
    expect(created).toHaveLength(1);
    expect(w.itEmu.data.get('customers', fresh.id)?.externalRef).toBe(created[0]?.Id);
    expect(report.entities.customer?.conflictRecords.map((c) => c.id)).toContain(clash.id);
    expect(report.status).toBe('completed');
  });
});

describe('items matching', () => {
  it('links an unlinked IntelliTrack item with the same SKU instead of creating a second one; ambiguity is a conflict', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const items = w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory' && i.Sku && i.Active !== false);
    const [bySku, ambiguous] = items;
    if (!bySku || !ambiguous) throw new Error('seed has too few items with a SKU');
    const existing = w.itEmu.simulate.createItem({ itemNumber: 'LOCAL-1', alternateNumber: String(bySku.Sku) });
    w.itEmu.simulate.createItem({ itemNumber: 'LOCAL-2', alternateNumber: String(ambiguous.Sku) });
    w.itEmu.simulate.createItem({ itemNumber: String(ambiguous.FullyQualifiedName).slice(0, 25) });
    const report = await w.sync.syncItems();
    expect(w.itEmu.data.get('items', existing.id)?.externalRef).toBe(bySku.Id);
    expect(w.itEmu.data.list('items').filter((i) => i.externalRef === bySku.Id)).toHaveLength(1);
    expect(report.entities.item?.conflictRecords.map((c) => c.id)).toEqual([ambiguous.Id]);
    expect(w.itEmu.data.list('items').filter((i) => i.externalRef === ambiguous.Id)).toHaveLength(0);
  });
});

describe('IntelliTrack-originated picking orders and vendor deactivation', () => {
  it('creates a QBO Estimate for an IntelliTrack picking order and invoices it once picked', async () => {
    const w = await synced();
    const customer = w.itEmu.data.list('customers').find((c) => c.externalRef !== null);
    const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!customer || !item) throw new Error('nothing linked');
    const order = w.itEmu.simulate.createPickingOrder({
      orderNumber: 'P-9',
      customerId: customer.id,
      lines: [{ itemId: item.id, orderedQty: 2, unitPrice: 10 }],
    });
    await w.sync.syncPickingOrders();
    const estimates = w.qboEmu.data.list('Estimate').filter((e) => e.DocNumber === 'IT-P-9');
    expect(estimates).toHaveLength(1);
    expect(w.itEmu.data.get('picking-orders', order.id)?.externalRef).toBe(estimates[0]?.Id);
    await stockFor(w, order.id);
    w.itEmu.simulate.pick(order.id);
    await w.sync.syncPickingOrders();
    await w.sync.syncPickingOrders();
    const invoices = w.qboEmu.data
      .list('Invoice')
      .filter((i) => JSON.stringify(i.LinkedTxn).includes(`"${estimates[0]?.Id}"`));
    expect(invoices).toHaveLength(1);
  });

  it('makes a linked vendor inactive in IntelliTrack when it is made inactive in QBO', async () => {
    const w = await synced();
    const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null && v.active);
    const qbo = w.qboEmu.data.get('Vendor', String(vendor?.externalRef));
    if (!vendor || !qbo) throw new Error('no linked vendor');
    w.qboEmu.data.update('Vendor', { Id: qbo.Id, SyncToken: qbo.SyncToken, sparse: true, Active: false });
    const report = await w.sync.syncVendors();
    expect(report.entities.vendor?.updated).toBe(1);
    expect(w.itEmu.data.get('vendors', vendor.id)?.active).toBe(false);
  });
});

describe('orders changed on both sides', () => {
  it('reports a PO changed in QBO after receiving started as a conflict and leaves the IntelliTrack order alone', async () => {
    const w = await synced();
    const [order] = openReceiving(w);
    if (!order) throw new Error('no open order');
    w.itEmu.simulate.receive(order.id, [{ lineNumber: order.lines[0]?.lineNumber ?? 1, quantity: 1 }]);
    const po = w.qboEmu.data.get('PurchaseOrder', String(order.externalRef));
    w.qboEmu.data.update('PurchaseOrder', {
      Id: po?.Id,
      SyncToken: po?.SyncToken,
      sparse: true,
      DueDate: '2027-03-01',
    });
    const before = w.itEmu.data.get('receiving-orders', order.id);
    const report = await w.sync.syncReceivingOrders();
    expect(report.entities.receivingOrder?.conflictRecords.map((c) => c.id)).toEqual([order.externalRef]);
    expect(w.itEmu.data.get('receiving-orders', order.id)?.dueDate).toBe(before?.dueDate);
  });
});
