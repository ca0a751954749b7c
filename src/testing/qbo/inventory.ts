import { invalidReference } from './fault-bodies.js';
import type { RealmStore } from './store.js';
import type { EmulatedEntity, QboRecord } from './types.js';

/**
 * Inventory accounting: how transactions move `QtyOnHand` of Inventory items, and the links that close
 * a PurchaseOrder (Bill covering it) or an Estimate (Invoice made from it).
 */

type Line = Record<string, unknown>;
type Linked = { TxnId?: unknown; TxnType?: unknown };

function lines(record: Record<string, unknown>): Line[] {
  return Array.isArray(record.Line) ? (record.Line as Line[]) : [];
}

function detail(line: Line, key: string): Record<string, unknown> | undefined {
  const d = line.DetailType === key ? line[key] : undefined;
  return typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : undefined;
}

function itemId(d: Record<string, unknown>): string | undefined {
  const ref = d.ItemRef as { value?: unknown } | undefined;
  return typeof ref?.value === 'string' ? ref.value : undefined;
}

function add(map: Map<string, number>, id: string | undefined, qty: number): void {
  if (id === undefined || !Number.isFinite(qty) || qty === 0) return;
  map.set(id, (map.get(id) ?? 0) + qty);
}

/** Quantity change per item id that `record` causes (empty for a voided or non-stock transaction). */
export function quantityEffects(
  entity: EmulatedEntity,
  record: Record<string, unknown> | undefined,
): Map<string, number> {
  const out = new Map<string, number>();
  if (!record) return out;
  for (const line of lines(record)) {
    const bill = entity === 'Bill' ? detail(line, 'ItemBasedExpenseLineDetail') : undefined;
    const sale = entity === 'Invoice' ? detail(line, 'SalesItemLineDetail') : undefined;
    const adj = entity === 'InventoryAdjustment' ? detail(line, 'ItemAdjustmentLineDetail') : undefined;
    if (bill) add(out, itemId(bill), Number(bill.Qty ?? 0));
    if (sale) add(out, itemId(sale), -Number(sale.Qty ?? 0));
    if (adj) add(out, itemId(adj), Number(adj.QtyDiff ?? 0));
  }
  return out;
}

/** Bumps SyncToken and LastUpdatedTime of `record` with `changes` merged in. */
export function touched(store: RealmStore, record: QboRecord, changes: Record<string, unknown>): QboRecord {
  return {
    ...record,
    ...changes,
    SyncToken: String(Number(record.SyncToken) + 1),
    MetaData: { ...record.MetaData, LastUpdatedTime: store.formatTime(store.stampMs()) },
  };
}

/** Applies the difference between the effects before and after a write to the items' QtyOnHand. */
export function applyQuantities(store: RealmStore, before: Map<string, number>, after: Map<string, number>): void {
  const ids = new Set([...before.keys(), ...after.keys()]);
  for (const id of ids) {
    const delta = (after.get(id) ?? 0) - (before.get(id) ?? 0);
    const item = store.get('Item', id);
    if (delta === 0 || !item || item.Type !== 'Inventory' || item.TrackQtyOnHand !== true) continue;
    const qty = Math.round((Number(item.QtyOnHand ?? 0) + delta) * 1e6) / 1e6;
    store.save('Item', touched(store, item, { QtyOnHand: qty }), 'Update');
  }
}

function linkedIds(record: Record<string, unknown>, type: string): string[] {
  const all: Linked[] = [];
  if (Array.isArray(record.LinkedTxn)) all.push(...(record.LinkedTxn as Linked[]));
  for (const line of lines(record)) if (Array.isArray(line.LinkedTxn)) all.push(...(line.LinkedTxn as Linked[]));
  return [...new Set(all.filter((l) => l.TxnType === type && typeof l.TxnId === 'string').map((l) => String(l.TxnId)))];
}

/** @throws QboFault 2500 when a LinkedTxn names a missing PurchaseOrder or Estimate. */
export function checkLinks(store: RealmStore, entity: EmulatedEntity, record: Record<string, unknown>): void {
  const target = entity === 'Bill' ? 'PurchaseOrder' : entity === 'Invoice' ? 'Estimate' : undefined;
  if (!target) return;
  for (const id of linkedIds(record, target)) {
    if (!store.get(target, id)) throw invalidReference(target, id, 'LinkedTxn');
  }
}

function orderedByItem(po: QboRecord): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of lines(po)) {
    const d = detail(line, 'ItemBasedExpenseLineDetail');
    if (d) add(out, itemId(d), Number(d.Qty ?? 0));
  }
  return out;
}

function receivedByItem(store: RealmStore, billIds: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const billId of billIds) {
    const bill = store.get('Bill', billId);
    if (!bill) continue;
    for (const [id, qty] of quantityEffects('Bill', bill)) add(out, id, qty);
  }
  return out;
}

function withLink(record: QboRecord, txnId: string, txnType: string, present: boolean): Linked[] {
  const others = ((record.LinkedTxn as Linked[] | undefined) ?? []).filter(
    (l) => !(l.TxnId === txnId && l.TxnType === txnType),
  );
  return present ? [...others, { TxnId: txnId, TxnType: txnType }] : others;
}

function relinkPurchaseOrder(store: RealmStore, poId: string, billId: string, present: boolean): void {
  const po = store.get('PurchaseOrder', poId);
  if (!po) return;
  const links = withLink(po, billId, 'Bill', present);
  const received = receivedByItem(
    store,
    links.map((l) => String(l.TxnId)),
  );
  const ordered = orderedByItem(po);
  const covered = ordered.size > 0 && [...ordered].every(([id, qty]) => (received.get(id) ?? 0) >= qty);
  store.save(
    'PurchaseOrder',
    touched(store, po, { LinkedTxn: links, POStatus: covered ? 'Closed' : 'Open' }),
    'Update',
  );
}

function relinkEstimate(store: RealmStore, estimateId: string, invoiceId: string, present: boolean): void {
  const estimate = store.get('Estimate', estimateId);
  if (!estimate) return;
  const changes: Record<string, unknown> = { LinkedTxn: withLink(estimate, invoiceId, 'Invoice', present) };
  if (present) changes.TxnStatus = 'Closed';
  store.save('Estimate', touched(store, estimate, changes), 'Update');
}

/** Updates the PurchaseOrders/Estimates linked from `prev` and `next` (either may be absent). */
export function applyLinks(
  store: RealmStore,
  entity: EmulatedEntity,
  prev: Record<string, unknown> | undefined,
  next: QboRecord | undefined,
): void {
  const target = entity === 'Bill' ? 'PurchaseOrder' : entity === 'Invoice' ? 'Estimate' : undefined;
  const id = (next?.Id ?? prev?.Id) as string | undefined;
  if (!target || id === undefined) return;
  const before = prev ? linkedIds(prev, target) : [];
  const after = next ? linkedIds(next, target) : [];
  for (const linked of new Set([...before, ...after])) {
    const present = after.includes(linked);
    if (target === 'PurchaseOrder') relinkPurchaseOrder(store, linked, id, present);
    else relinkEstimate(store, linked, id, present);
  }
}
