import { afterEach, describe, expect, it } from 'vitest';
import { startWorld, type World } from './harness.js';
import { stockFor } from './stock.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** IntelliTrack answering its change feeds two records a page, as a server capping page sizes may. */
const smallFeedPages: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.pathname.endsWith('/changes')) url.searchParams.set('limit', '2');
  return fetch(input instanceof Request ? new Request(url, input) : url, init);
};

const COMPANY = { items: 16, vendors: 4, customers: 4, purchaseOrders: 8, estimates: 10, seed: 9 };

/** Open QBO-originated orders, those with more than one unit to work first (receiving one unit leaves them open). */
function openOrders(w: World, resource: 'receiving-orders' | 'picking-orders') {
  const units = (o: { lines: { orderedQty: number }[] }) => o.lines.reduce((n, l) => n + l.orderedQty, 0);
  return w.itEmu.data
    .list(resource)
    .filter((o) => o.status === 'Open' && o.origin === 'qbo')
    .sort((a, b) => Number(units(a) < 2) - Number(units(b) < 2) || a.orderNumber.localeCompare(b.orderNumber));
}

/** A cycle's warehouse work: receipts, a pick, orders closed by hand short, new warehouse orders. */
async function warehouseChurn(w: World): Promise<void> {
  const [some, short, full1, full2, full3] = openOrders(w, 'receiving-orders');
  const [shortPick, picked] = openOrders(w, 'picking-orders');
  if (!full1 || !full2 || !full3 || !some || !short || !picked || !shortPick)
    throw new Error('seed has too few orders');
  for (const order of [full1, full2, full3]) w.itEmu.simulate.receive(order.id);
  const first = (order: typeof some) => [{ lineNumber: order.lines[0]?.lineNumber ?? 1, quantity: 1 }];
  w.itEmu.simulate.receive(some.id, first(some));
  w.itEmu.simulate.receive(short.id, first(short));
  w.itEmu.simulate.closeOrder(short.id);
  await stockFor(w, picked.id);
  w.itEmu.simulate.pick(picked.id);
  w.itEmu.simulate.closeOrder(shortPick.id);
  const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null);
  const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
  if (!vendor || !item) throw new Error('nothing linked');
  for (const number of ['WH-1', 'WH-2', 'WH-3']) {
    w.itEmu.simulate.createReceivingOrder({
      orderNumber: number,
      vendorId: vendor.id,
      lines: [{ itemId: item.id, orderedQty: 2, unitCost: 3 }],
    });
  }
}

describe('a cycle with warehouse-side churn', () => {
  it('reads no QBO document to post back (the links keep them) and checks new order numbers once', async () => {
    const w = await startWorld({ company: COMPANY, itFetch: smallFeedPages });
    world = w;
    expect((await w.sync.syncAll()).status).toBe('completed');
    await warehouseChurn(w);
    const bills = w.qboEmu.data.list('Bill').length;
    const invoices = w.qboEmu.data.list('Invoice').length;
    w.qboEmu.requests.reset();

    const report = await w.sync.syncAll();

    expect(report.status).toBe('completed');
    // Three Bills and one Invoice posted back; three new PurchaseOrders; the orders closed short are skipped.
    expect(w.qboEmu.data.list('Bill')).toHaveLength(bills + 3);
    expect(w.qboEmu.data.list('Invoice')).toHaveLength(invoices + 1);
    expect(w.qboEmu.data.list('PurchaseOrder').filter((p) => String(p.DocNumber).startsWith('IT-WH-'))).toHaveLength(3);
    expect(report.entities.receivingOrder?.skippedRecords.map((s) => s.reason)).toContain(
      'closed with less than ordered; partial post-back is off',
    );
    expect(report.entities.pickingOrder?.skippedRecords.map((s) => s.reason)).toContain(
      'closed with less than ordered; partial post-back is off',
    );
    // A skip reported by its IntelliTrack id names the linked QBO document in its activity entry.
    const skipped = report.entities.receivingOrder?.skippedRecords.find((s) => /partial post-back/.test(s.reason));
    const order = w.itEmu.data.list('receiving-orders').find((o) => o.id === skipped?.id);
    expect(order?.externalRef).toBeTruthy();
    const { entries } = await w.sync.activity({ flow: 'receiving', record: order?.id ?? '', limit: 10 });
    const entry = entries.find((e) => e.action === 'skipped');
    expect(entry?.itKey).toBe(order?.id);
    expect(entry?.qboId).toBe(order?.externalRef);
    // One CDC call, and the new numbers (DocNumber IN) once for the whole feed. The documents posted
    // back are this cycle's CDC records or what their links keep; nothing is read for what is skipped.
    expect(w.qboEmu.requests.count('cdc')).toBe(1);
    expect(w.qboEmu.requests.count('query')).toBe(1);
    expect(w.qboEmu.requests.count('read')).toBe(0);
  });

  it('reads nothing from QBO for receipts, picks and orders closed short that post nothing back', async () => {
    const w = await startWorld({
      company: COMPANY,
      itFetch: smallFeedPages,
      settings: { picking: { enabled: false } },
    });
    world = w;
    expect((await w.sync.syncAll()).status).toBe('completed');
    const [some, short] = openOrders(w, 'receiving-orders');
    const [picked] = openOrders(w, 'picking-orders');
    if (!some || !short || !picked) throw new Error('seed has too few orders');
    w.itEmu.simulate.receive(some.id, [{ lineNumber: some.lines[0]?.lineNumber ?? 1, quantity: 1 }]);
    w.itEmu.simulate.closeOrder(short.id);
    await stockFor(w, picked.id);
    w.itEmu.simulate.pick(picked.id);
    w.qboEmu.requests.reset();

    const report = await w.sync.syncAll();

    expect(report.status).toBe('completed');
    expect(report.entities.pickingOrder?.skippedRecords.map((s) => s.reason)).toContain(
      'closed in IntelliTrack; picking post-back is off',
    );
    expect(w.qboEmu.requests.byKind()).toEqual({ cdc: 1 });
  });
});
