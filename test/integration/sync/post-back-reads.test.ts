import { afterEach, describe, expect, it } from 'vitest';
import type { Bill } from '../../../src/qbo/schemas/bill.js';
import type { PurchaseOrder } from '../../../src/qbo/schemas/purchase-order.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { ManualClock } from './lease-helpers.js';
import { stockFor } from './stock.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 16, vendors: 4, customers: 4, purchaseOrders: 4, estimates: 8, seed: 9 };

/** QBO's clock, a minute on per cycle: a cycle's CDC read holds only what changed since the one before. */
let qboClock = new ManualClock(Date.now());

async function synced(): Promise<World> {
  qboClock = new ManualClock(Date.now());
  world = await startWorld({ company: COMPANY, qboClock });
  await cycle(world);
  return world;
}

/** One sync cycle, a minute after the one before (QBO's clock). */
async function cycle(w: World) {
  qboClock.at += 60_000;
  const report = await w.sync.syncAll();
  expect(report.status).toBe('completed');
  qboClock.at += 60_000;
  return report;
}

function openOrders(w: World, resource: 'receiving-orders' | 'picking-orders') {
  return w.itEmu.data
    .list(resource)
    .filter((o) => o.status === 'Open' && o.origin === 'qbo')
    .sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
}

/** QBO reads of the cycle besides its CDC call: queries, reads by id, read operations inside batches. */
function postBackReads(w: World): number {
  const log = w.qboEmu.requests;
  return log.count('query') + log.count('read') + (log.count('batch') - log.countWrites('batch'));
}

/** The cycle read QBO with its CDC call alone. */
function expectCdcOnly(w: World): void {
  expect(w.qboEmu.requests.count('cdc')).toBe(1);
  expect(postBackReads(w)).toBe(0);
}

function billsOf(w: World, poId: string): Bill[] {
  return w.qboEmu.data.list('Bill').filter((b) => JSON.stringify(b.Line).includes(`"TxnId":"${poId}"`)) as Bill[];
}

function poOf(w: World, poId: string): PurchaseOrder | undefined {
  return w.qboEmu.data.get('PurchaseOrder', poId) as PurchaseOrder | undefined;
}

/** Drops what the links keep of their QBO documents, as links written before they kept it. */
async function forgetDocs(w: World, entity: 'receivingOrder' | 'pickingOrder'): Promise<void> {
  const links = [];
  for (const order of w.itEmu.data.list(entity === 'receivingOrder' ? 'receiving-orders' : 'picking-orders')) {
    const link = await w.store.getLinkByItId(entity, order.id);
    if (!link) continue;
    const { qboDoc: _dropped, ...data } = link.data;
    links.push({ ...link, data });
  }
  await w.store.putLinks(links);
}

describe('post-backs from what the links hold', () => {
  it('posts a received PO back as a Bill with no QBO read besides the CDC call', async () => {
    const w = await synced();
    const [order] = openOrders(w, 'receiving-orders');
    if (!order) throw new Error('seed has no open PO');
    const poId = String(order.externalRef);
    w.itEmu.simulate.receive(order.id);
    w.qboEmu.requests.reset();

    const report = await cycle(w);

    expect(report.entities.receivingOrder?.failed).toBe(0);
    const bills = billsOf(w, poId);
    expect(bills).toHaveLength(1);
    const po = poOf(w, poId);
    const poLine = po?.Line?.find((l) => l.ItemBasedExpenseLineDetail !== undefined);
    expect(bills[0]?.VendorRef?.value).toBe(po?.VendorRef?.value);
    expect(JSON.stringify(bills[0]?.Line)).toContain(`"TxnLineId":"${poLine?.Id}"`);
    expectCdcOnly(w);
  });

  it('posts a picked estimate back as an Invoice with no QBO read besides the CDC call', async () => {
    const w = await synced();
    const [order] = openOrders(w, 'picking-orders');
    if (!order) throw new Error('seed has no accepted estimate');
    await stockFor(w, order.id);
    w.itEmu.simulate.pick(order.id);
    w.qboEmu.requests.reset();

    const report = await cycle(w);

    expect(report.entities.pickingOrder?.failed).toBe(0);
    const invoices = w.qboEmu.data
      .list('Invoice')
      .filter((i) => JSON.stringify(i.LinkedTxn).includes(`"TxnId":"${order.externalRef}"`));
    expect(invoices).toHaveLength(1);
    expectCdcOnly(w);
  });

  it('posts from the PO as QBO changed it in the same cycle, still without a read', async () => {
    const w = await synced();
    const [order] = openOrders(w, 'receiving-orders');
    if (!order) throw new Error('seed has no open PO');
    const poId = String(order.externalRef);
    const po = poOf(w, poId);
    const Line = (po?.Line ?? []).map((l) =>
      l.ItemBasedExpenseLineDetail
        ? { ...l, ItemBasedExpenseLineDetail: { ...l.ItemBasedExpenseLineDetail, UnitPrice: 123.45 } }
        : l,
    );
    w.qboEmu.data.update('PurchaseOrder', { Id: poId, SyncToken: po?.SyncToken, sparse: true, Line });
    w.itEmu.simulate.receive(order.id);
    w.qboEmu.requests.reset();

    await cycle(w);

    const bills = billsOf(w, poId);
    expect(bills).toHaveLength(1);
    const prices = (bills[0]?.Line ?? []).map((l) => l.ItemBasedExpenseLineDetail?.UnitPrice);
    expect(prices.length).toBeGreaterThan(0);
    expect(prices.every((p) => p === 123.45)).toBe(true);
    expect(postBackReads(w)).toBe(0);
  });

  it('reports a PO deleted in QBO as gone when its receipt closes, in that cycle or a later one', async () => {
    const w = await synced();
    const [sameCycle, later] = openOrders(w, 'receiving-orders');
    if (!sameCycle || !later) throw new Error('seed has too few open POs');
    // Receiving starts on one; both POs are deleted in QBO; one is received in full in that cycle.
    w.itEmu.simulate.receive(later.id, [{ lineNumber: later.lines[0]?.lineNumber ?? 1, quantity: 1 }]);
    await cycle(w);
    for (const order of [sameCycle, later]) w.qboEmu.data.delete('PurchaseOrder', String(order.externalRef));
    w.itEmu.simulate.receive(sameCycle.id);
    const first = await cycle(w);
    w.itEmu.simulate.receive(later.id);
    w.qboEmu.requests.reset();
    const second = await cycle(w);

    const gone = (id: unknown) => `its QBO PurchaseOrder ${String(id)} no longer exists`;
    expect(first.entities.receivingOrder?.conflictRecords.map((c) => c.reason)).toContain(gone(sameCycle.externalRef));
    expect(second.entities.receivingOrder?.conflictRecords.map((c) => c.reason)).toContain(gone(later.externalRef));
    expect(w.qboEmu.data.list('Bill').filter((b) => JSON.stringify(b.Line).includes('PurchaseOrder'))).toHaveLength(0);
    expect(postBackReads(w)).toBe(0);
  });

  it('reads the documents of links that keep none (written by an older version), once per flow', async () => {
    const w = await synced();
    const [received, other] = openOrders(w, 'receiving-orders');
    if (!received || !other) throw new Error('seed has too few open POs');
    await forgetDocs(w, 'receivingOrder');
    w.itEmu.simulate.receive(received.id);
    w.itEmu.simulate.receive(other.id);
    w.qboEmu.requests.reset();

    const report = await cycle(w);

    expect(report.entities.receivingOrder?.failed).toBe(0);
    expect(billsOf(w, String(received.externalRef))).toHaveLength(1);
    expect(billsOf(w, String(other.externalRef))).toHaveLength(1);
    expect(w.qboEmu.requests.count('query')).toBe(1);
    expect(postBackReads(w)).toBe(1);
  });

  it('posts back orders whose PO it created itself, from the next cycle on, without a read', async () => {
    const w = await synced();
    const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null);
    const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!vendor || !item) throw new Error('nothing linked');
    const lines = [{ itemId: item.id, orderedQty: 3, unitCost: 4 }];
    const [soon, later] = ['SOON', 'LATER'].map((n) =>
      w.itEmu.simulate.createReceivingOrder({ orderNumber: n, vendorId: vendor.id, lines }),
    );
    if (!soon || !later) throw new Error('orders not created');
    await cycle(w);
    // Received in the cycle whose CDC read brings back the PO we created, and two cycles later.
    w.itEmu.simulate.receive(soon.id);
    w.qboEmu.requests.reset();
    await cycle(w);
    expectCdcOnly(w);
    await cycle(w);
    w.itEmu.simulate.receive(later.id);
    w.qboEmu.requests.reset();
    await cycle(w);
    expectCdcOnly(w);

    for (const order of [soon, later]) {
      const poId = String(w.itEmu.data.get('receiving-orders', order.id)?.externalRef);
      const poLine = poOf(w, poId)?.Line?.[0];
      const bills = billsOf(w, poId);
      expect(bills).toHaveLength(1);
      expect(JSON.stringify(bills[0]?.Line)).toContain(`"TxnLineId":"${poLine?.Id}"`);
    }
  });

  it('gives an overridden post-back mapper the PO as read from QBO', async () => {
    const w = await synced();
    const [order] = openOrders(w, 'receiving-orders');
    if (!order) throw new Error('seed has no open PO');
    const po = poOf(w, String(order.externalRef));
    w.qboEmu.data.update('PurchaseOrder', { Id: po?.Id, SyncToken: po?.SyncToken, sparse: true, Memo: 'Dock 4' });
    await cycle(w);
    const sync = new Synchronizer({
      qbo: w.qbo,
      intellitrack: w.it,
      store: w.store,
      settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
      mappers: {
        receiptToBill: (source, ctx, defaults) => {
          const result = defaults.receiptToBill(source, ctx);
          return { ...result, value: { ...result.value, PrivateNote: `Memo: ${source.purchaseOrder.Memo}` } };
        },
      },
    });
    w.itEmu.simulate.receive(order.id);
    w.qboEmu.requests.reset();
    qboClock.at += 60_000;

    await sync.syncAll();

    expect(billsOf(w, String(order.externalRef))[0]?.PrivateNote).toBe('Memo: Dock 4');
    expect(w.qboEmu.requests.count('query')).toBe(1);
  });
});
