import { expect } from 'vitest';
import type { World } from './harness.js';

/** The company every end-to-end scenario starts from. */
export const COMPANY = { items: 12, vendors: 3, customers: 3, purchaseOrders: 3, estimates: 4, seed: 11 };

/** Warehouse work after the first sync: receipts, adjustments, an IntelliTrack customer and order. */
export async function warehouseWork(w: World): Promise<void> {
  // Chosen by QBO identity: IntelliTrack ids depend on the order in which the sync created records.
  const qboIdOf = (itemId: string): string => String(w.itEmu.data.get('items', itemId)?.externalRef);
  const orders = w.itEmu.data.list('receiving-orders').sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
  for (const order of orders.slice(0, 2)) w.itEmu.simulate.receive(order.id);
  const stocked = w.itEmu.data
    .list('inventory')
    .filter((r) => r.onHand >= 1)
    .sort((a, b) => qboIdOf(a.itemId).localeCompare(qboIdOf(b.itemId)));
  for (const [i, r] of stocked.slice(0, 3).entries()) w.itEmu.simulate.adjust(r.itemId, i % 2 === 0 ? -1 : 4, 'count');
  const division = w.itEmu.divisionId;
  await w.it.create(
    'customers',
    { divisionId: division, companyName: 'Walk-in Warehouse Customer', origin: 'intellitrack' },
    { idempotencyKey: 'test-walk-in' },
  );
  const byRef = <T extends { externalRef: string | null }>(a: T, b: T): number =>
    String(a.externalRef).localeCompare(String(b.externalRef));
  // A customer edited on both sides, different fields: the run merges them (updates in the journal).
  const customer = w.itEmu.data
    .list('customers')
    .sort(byRef)
    .find((c) => c.origin === 'qbo' && c.externalRef !== null);
  if (customer?.externalRef) {
    w.itEmu.simulate.editCustomer(customer.id, { email: 'warehouse@example.com' });
    const q = w.qboEmu.data.get('Customer', customer.externalRef);
    w.qboEmu.data.update('Customer', {
      Id: customer.externalRef,
      SyncToken: q?.SyncToken,
      sparse: true,
      PrimaryPhone: { FreeFormNumber: '(555) 010-9999' },
    });
  }
  const vendor = w.itEmu.data
    .list('vendors')
    .sort(byRef)
    .find((v) => v.externalRef !== null);
  const item = w.itEmu.data
    .list('items')
    .sort(byRef)
    .find((i) => i.externalRef !== null && i.active);
  if (!vendor || !item) throw new Error('first sync left no linked vendor or item');
  await w.it.create(
    'receiving-orders',
    {
      divisionId: division,
      orderNumber: 'WH-1001',
      orderDate: '2026-01-05',
      vendorId: vendor.id,
      origin: 'intellitrack',
      lines: [{ itemId: item.id, orderedQty: 5, unitCost: 2 }],
    },
    { idempotencyKey: 'test-wh-1001' },
  );
}

function counts(values: readonly unknown[]): Map<unknown, number> {
  const out = new Map<unknown, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

function duplicates(values: readonly unknown[]): unknown[] {
  return [...counts(values)].filter(([v, n]) => v !== null && n > 1).map(([v]) => v);
}

/** The end state both systems are in: what must be the same whether or not the run was killed. */
export function endState(w: World) {
  const it = w.itEmu.data;
  const qbo = w.qboEmu.data;
  return {
    itItems: it
      .list('items')
      .map((i) => i.externalRef)
      .sort(),
    itVendors: it
      .list('vendors')
      .map((v) => v.externalRef)
      .sort(),
    itCustomers: it.list('customers').map((c) => c.externalRef !== null).length,
    customerContacts: it
      .list('customers')
      .map((c) => `${c.externalRef}:${c.telephone}:${c.email}`)
      .sort(),
    qboCustomerContacts: qbo
      .list('Customer')
      .map((c) => {
        const phone = (c.PrimaryPhone as { FreeFormNumber?: string } | undefined)?.FreeFormNumber ?? '';
        return `${c.Id}:${phone}:${(c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address ?? ''}`;
      })
      .sort(),
    itReceiving: it
      .list('receiving-orders')
      .map((o) => `${o.orderNumber}:${o.status}`)
      .sort(),
    itPicking: it
      .list('picking-orders')
      .map((o) => o.orderNumber)
      .sort(),
    // By QBO id: IntelliTrack ids depend on the order in which records were created.
    inventory: it
      .list('inventory')
      .map((r) => `${it.get('items', r.itemId)?.externalRef}:${r.onHand}`)
      .sort(),
    adjustmentsExported: it.list('adjustments').map((a) => a.exportStatus),
    bills: qbo.count('Bill'),
    purchaseOrders: qbo.count('PurchaseOrder'),
    inventoryAdjustments: qbo.count('InventoryAdjustment'),
    customers: qbo.count('Customer'),
    qtyOnHand: qbo
      .list('Item')
      .map((i) => `${i.Id}:${String(i.QtyOnHand ?? '')}`)
      .sort(),
  };
}

export function checkNoDuplicates(w: World): void {
  const it = w.itEmu.data;
  expect(duplicates(it.list('items').map((i) => i.externalRef))).toEqual([]);
  expect(duplicates(it.list('vendors').map((v) => v.externalRef))).toEqual([]);
  expect(duplicates(it.list('customers').map((c) => c.externalRef))).toEqual([]);
  expect(duplicates(it.list('receiving-orders').map((o) => o.externalRef))).toEqual([]);
  expect(duplicates(it.list('adjustments').map((a) => a.externalRef))).toEqual([]);
  const bills = w.qboEmu.data.list('Bill').flatMap((b) => (b.LinkedTxn as { TxnId: string }[] | undefined) ?? []);
  expect(duplicates(bills.map((l) => l.TxnId))).toEqual([]);
  expect(duplicates(w.qboEmu.data.list('PurchaseOrder').map((p) => p.DocNumber))).toEqual([]);
}
