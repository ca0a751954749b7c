/**
 * One five-minute cycle of a working day on both sides, deterministic by cycle number: bookkeepers
 * edit items and customers and enter purchase orders and accepted estimates in QBO; the warehouse
 * receives and picks orders and records stock adjustments in IntelliTrack. Over 288 cycles that is
 * 288 item edits, 96 customer edits, 24 new POs, 24 new estimates, 48 receipts, 48 picks and
 * 576 adjustments. Runs in the emulator host (bench/emulator-host.ts).
 */
import type { startIntelliTrackEmulator, startQboEmulator } from '../src/testing/index.js';

type Qbo = Awaited<ReturnType<typeof startQboEmulator>>;
type It = Awaited<ReturnType<typeof startIntelliTrackEmulator>>;
type Json = Record<string, unknown>;

/** What one cycle changed, by kind. */
export type Churn = Record<string, number>;

function pick<T>(list: readonly T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

function qboEdits(qbo: Qbo, cycle: number, churn: Churn): void {
  const items = qbo.data.list('Item').filter((r) => r.Type === 'Inventory' && r.Active !== false);
  const item = pick(items, cycle * 7);
  if (item) {
    qbo.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, Description: `Revised at cycle ${cycle}` });
    churn.qboItemEdits = 1;
  }
  const customer = cycle % 3 === 0 ? pick(qbo.data.list('Customer'), cycle) : undefined;
  if (customer) {
    const phone = { FreeFormNumber: `(503) 555-${String(1000 + cycle).slice(-4)}` };
    qbo.data.update('Customer', { Id: customer.Id, SyncToken: customer.SyncToken, sparse: true, PrimaryPhone: phone });
    churn.qboCustomerEdits = 1;
  }
  if (cycle % 12 === 5) newDocuments(qbo, cycle, items, churn);
}

/** A new open PO and a new accepted estimate, as the office enters them. */
function newDocuments(qbo: Qbo, cycle: number, items: readonly Json[], churn: Churn): void {
  const vendor = pick(qbo.data.list('Vendor'), cycle);
  const customer = pick(qbo.data.list('Customer'), cycle + 1);
  const item = pick(items, cycle * 3);
  if (!vendor || !customer || !item) return;
  const line = (detail: string) => [
    { Amount: 40, DetailType: detail, [detail]: { ItemRef: { value: item.Id }, Qty: 4, UnitPrice: 10 } },
  ];
  qbo.data.create('PurchaseOrder', {
    VendorRef: { value: vendor.Id },
    APAccountRef: { value: qbo.accounts.payable },
    Line: line('ItemBasedExpenseLineDetail'),
  });
  qbo.data.create('Estimate', {
    CustomerRef: { value: customer.Id },
    TxnStatus: 'Accepted',
    Line: line('SalesItemLineDetail'),
  });
  churn.qboNewPurchaseOrders = 1;
  churn.qboNewEstimates = 1;
}

function warehouseWork(it: It, cycle: number, churn: Churn): void {
  const stock = it.data.list('inventory', (r) => r.onHand >= 2);
  for (let n = 0; n < 2; n += 1) {
    const record = pick(stock, cycle * 5 + n * 11);
    if (!record || it.data.get('items', record.itemId)?.active === false) continue;
    it.simulate.adjust(record.itemId, -1, 'cycle count');
    churn.itAdjustments = (churn.itAdjustments ?? 0) + 1;
  }
  if (cycle % 6 === 1) work(it, 'receiving-orders', cycle, churn);
  if (cycle % 6 === 4) work(it, 'picking-orders', cycle, churn);
}

/** Receives or picks in full one open order that came from QBO. */
function work(it: It, table: 'receiving-orders' | 'picking-orders', cycle: number, churn: Churn): void {
  const open = it.data.list(table, (o) => o.status === 'Open' && o.origin === 'qbo');
  const order = pick(open, cycle);
  if (!order) return;
  try {
    if (table === 'receiving-orders') it.simulate.receive(order.id);
    else it.simulate.pick(order.id);
    churn[table === 'receiving-orders' ? 'itReceipts' : 'itPicks'] = 1;
  } catch {
    // Not enough stock to pick: the warehouse leaves that order for later.
  }
}

/**
 * When the day's work happens. `round-the-clock`: every cycle, as above. `office-hours`: cycle c is
 * the five minutes up to 00:00 + 5c min; the office edits and enters documents from 08:00 to 17:00
 * and the warehouse works from 07:00 to 19:00, with the same rules per cycle; the night is quiet.
 */
export type DayPattern = 'round-the-clock' | 'office-hours';

const OFFICE = { from: 8 * 12, to: 17 * 12 };
const WAREHOUSE = { from: 7 * 12, to: 19 * 12 };

function within(hours: { from: number; to: number }, cycle: number): boolean {
  const slot = cycle % 288;
  return slot > hours.from && slot <= hours.to;
}

/** Applies cycle `cycle`'s changes on both sides. */
export function applyChurn(qbo: Qbo, it: It, cycle: number, pattern: DayPattern = 'round-the-clock'): Churn {
  const churn: Churn = {};
  const always = pattern === 'round-the-clock';
  if (always || within(OFFICE, cycle)) qboEdits(qbo, cycle, churn);
  if (always || within(WAREHOUSE, cycle)) warehouseWork(it, cycle, churn);
  return churn;
}
