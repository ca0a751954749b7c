import type { World } from '../integration/sync/harness.js';
import { endState } from '../integration/sync/scenario.js';

/** The company the soak starts from, `scale` times the smallest size. */
export function soakCompany(scale: number) {
  return {
    items: 160 * scale,
    vendors: 10 * scale,
    customers: 20 * scale,
    purchaseOrders: 10 * scale,
    estimates: 12 * scale,
    seed: 23,
  };
}

/** Sorted by QBO identity: IntelliTrack ids depend on the order in which the sync created records. */
function byRef<T extends { externalRef: string | null; orderNumber?: string }>(a: T, b: T): number {
  return String(a.externalRef ?? a.orderNumber).localeCompare(String(b.externalRef ?? b.orderNumber));
}

/**
 * A day of warehouse work after the first sync, the same in every world: most QBO purchase orders
 * received, half the accepted estimates picked (after stocking their lines), counts adjusted, and
 * customers and receiving orders created in IntelliTrack.
 */
export async function soakWork(w: World): Promise<void> {
  const it = w.itEmu.data;
  const receiving = it
    .list('receiving-orders')
    .filter((o) => o.status === 'Open')
    .sort(byRef);
  for (const order of receiving.slice(1)) w.itEmu.simulate.receive(order.id);
  const picking = it
    .list('picking-orders')
    .filter((o) => o.status === 'Open')
    .sort(byRef);
  for (const order of picking.slice(0, Math.ceil(picking.length / 2))) {
    for (const line of order.lines) w.itEmu.simulate.adjust(line.itemId, line.orderedQty + 2, 'stock for picking');
    w.itEmu.simulate.pick(order.id);
  }
  // Active items only: an adjustment of an item inactive in QBO is refused there (a failed record, by design).
  const itemOf = (id: string) => it.get('items', id) ?? { externalRef: null, active: false };
  const stocked = it
    .list('inventory')
    .filter((r) => r.onHand >= 1 && itemOf(r.itemId).active)
    .sort((a, b) => byRef(itemOf(a.itemId), itemOf(b.itemId)));
  for (const [i, r] of stocked.slice(0, 20).entries()) w.itEmu.simulate.adjust(r.itemId, i % 2 === 0 ? -1 : 3, 'count');
  for (let n = 1; n <= 4; n += 1)
    w.itEmu.simulate.createCustomer({ companyName: `Soak Walk-in ${n}`, email: `walkin${n}@example.com` });
  const vendors = it
    .list('vendors')
    .filter((v) => v.externalRef !== null)
    .sort(byRef);
  const items = it
    .list('items')
    .filter((i) => i.externalRef !== null && i.active)
    .sort(byRef);
  for (let n = 0; n < 2; n += 1) {
    const vendor = vendors[n];
    const item = items[n];
    if (!vendor || !item) throw new Error('first sync left no linked vendor or item');
    w.itEmu.simulate.createReceivingOrder({
      orderNumber: `SOAK-${1001 + n}`,
      orderDate: '2026-01-05',
      vendorId: vendor.id,
      lines: [{ itemId: item.id, orderedQty: 5 + n, unitCost: 2 }],
    });
  }
}

/** The end state of both systems, with the picking side as well. */
export function soakState(w: World) {
  return {
    ...endState(w),
    invoices: w.qboEmu.data.count('Invoice'),
    estimates: w.qboEmu.data
      .list('Estimate')
      .map((e) => `${e.Id}:${String(e.TxnStatus)}`)
      .sort(),
    itPickingStatus: w.itEmu.data
      .list('picking-orders')
      .map((o) => `${o.orderNumber}:${o.status}`)
      .sort(),
    itCustomers: w.itEmu.data
      .list('customers')
      .map((c) => `${c.companyName}:${c.externalRef !== null}`)
      .sort(),
  };
}
