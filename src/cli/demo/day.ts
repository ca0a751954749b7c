import type { PickingOrder } from '../../intellitrack/schemas/index.js';
import type { IntelliTrackEmulator, QboEmulator } from '../../testing/index.js';

/** One kind of thing people did during the simulated day. */
export interface DayAction {
  side: 'IntelliTrack' | 'QBO';
  what: string;
  count: number;
  /** Refusals by the warehouse rules (recorded, not thrown). */
  refused: number;
}

class DayLog {
  readonly actions: DayAction[] = [];

  /** Runs `fn` for each target; a refusal is counted instead of stopping the day. */
  each<T>(side: DayAction['side'], what: string, targets: readonly T[], fn: (target: T, index: number) => void): void {
    const action: DayAction = { side, what, count: 0, refused: 0 };
    targets.forEach((target, index) => {
      try {
        fn(target, index);
        action.count += 1;
      } catch {
        action.refused += 1;
      }
    });
    this.actions.push(action);
  }
}

/** Picks an order in full; when the shelf is short, the shortfall is counted in first (an adjustment). */
function pickInFull(it: IntelliTrackEmulator, order: PickingOrder): void {
  try {
    it.simulate.pick(order.id);
  } catch {
    for (const line of order.lines) it.simulate.adjust(line.itemId, line.orderedQty, 'Counted in before picking');
    it.simulate.pick(order.id);
  }
}

/** Work in the warehouse: receipts, picks, adjustments, a new customer and order, customer edits, an item edit that drifts. */
function warehouseDay(it: IntelliTrackEmulator, n: number, log: DayLog): void {
  const fromQbo = <T extends { origin: string; status: string; externalRef: string | null }>(r: T) =>
    r.origin === 'qbo' && r.status === 'Open' && r.externalRef !== null;
  const receiving = it.data.list('receiving-orders', fromQbo);
  const picking = it.data.list('picking-orders', fromQbo);
  log.each('IntelliTrack', 'receiving orders received in full (closed)', receiving.slice(0, n), (o) =>
    it.simulate.receive(o.id),
  );
  log.each('IntelliTrack', 'receiving orders received in part, closed by hand', receiving.slice(n, n + 1), (o) => {
    const line = o.lines[0];
    if (!line) throw new Error('no line');
    it.simulate.receive(o.id, [
      { lineNumber: line.lineNumber, quantity: Math.max(1, Math.floor(line.orderedQty / 2)) },
    ]);
    it.simulate.closeOrder(o.id);
  });
  log.each('IntelliTrack', 'picking orders picked in full (closed)', picking.slice(0, n), (o) => pickInFull(it, o));
  const linkedItems = it.data.list('items', (i) => i.active && i.externalRef !== null).slice(0, n * 2);
  log.each('IntelliTrack', 'stock adjustments (cycle counts)', linkedItems, (item, i) =>
    it.simulate.adjust(item.id, i % 3 === 0 ? 12 : 4, i % 3 === 0 ? 'Found in bulk area' : 'Cycle count'),
  );
  const customers = it.data.list('customers', (c) => c.origin === 'qbo' && c.active);
  log.each('IntelliTrack', 'QBO customers edited in the warehouse (sent to QBO)', customers.slice(0, 2), (c, i) =>
    it.simulate.editCustomer(c.id, { telephone: `(555) 010-${String(2000 + i)}`, city: 'Walla Walla' }),
  );
  log.each('IntelliTrack', 'QBO items edited in the warehouse (drift)', linkedItems.slice(0, 1), (item) =>
    it.simulate.editItem(item.id, { description: 'Relabelled in the warehouse' }),
  );
  log.each('IntelliTrack', 'walk-in customers created', [1, 2], () => it.simulate.createCustomer());
  const vendor = it.data.list('vendors', (v) => v.active && v.externalRef !== null)[0];
  log.each('IntelliTrack', 'receiving orders created in the warehouse', vendor ? [vendor] : [], (v) =>
    it.simulate.createReceivingOrder({
      vendorId: v.id,
      lines: linkedItems.slice(0, 2).map((item) => ({ itemId: item.id, orderedQty: 24 })),
    }),
  );
}

/** Work in the office: edited and new items, a deactivated item, a new vendor, estimate and PO. */
function officeDay(qbo: QboEmulator, n: number, log: DayLog): void {
  const items = qbo.data.list('Item').filter((i) => i.Type === 'Inventory' && i.Active !== false);
  log.each('QBO', 'items edited (description, price)', items.slice(0, n), (item, i) =>
    qbo.data.update('Item', {
      Id: item.Id,
      SyncToken: item.SyncToken,
      Description: `Revised spec ${i + 1}`,
      UnitPrice: 19.5 + i,
    }),
  );
  // The last item: warehouse work above touches the first ones, and QBO refuses work on inactive items.
  log.each('QBO', 'items made inactive', items.slice(-1), (item) =>
    qbo.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, Active: false }),
  );
  const template = items[0];
  log.each('QBO', 'inventory items added', [1, 2, 3], (k) => {
    if (!template) throw new Error('no template item');
    qbo.data.create('Item', {
      Name: `New Season Widget ${k}`,
      Sku: `NSW-${k}`,
      Type: 'Inventory',
      TrackQtyOnHand: true,
      QtyOnHand: 10 * k,
      InvStartDate: '2024-01-01',
      IncomeAccountRef: template.IncomeAccountRef,
      ExpenseAccountRef: template.ExpenseAccountRef,
      AssetAccountRef: template.AssetAccountRef,
    });
  });
  log.each('QBO', 'vendors added', [1], () =>
    qbo.data.create('Vendor', {
      DisplayName: 'Harbor Freight Lines',
      BillAddr: { Line1: 'Harbor Freight Lines', Line2: '12 Dock Rd', Line3: 'Tacoma, WA 98421' },
    }),
  );
  const customer = qbo.data.list('Customer').find((c) => c.Active !== false);
  log.each('QBO', 'estimates added and accepted', customer && items.length > 2 ? [customer] : [], (c) =>
    qbo.data.create('Estimate', {
      CustomerRef: { value: c.Id },
      TxnStatus: 'Accepted',
      Line: [2, 3].map((k) => {
        const item = items[k] as (typeof items)[number];
        return {
          Amount: 5 * k,
          DetailType: 'SalesItemLineDetail',
          SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: k, UnitPrice: 5 },
        };
      }),
    }),
  );
}

/**
 * A day of work on both sides, deterministic for the emulators' seeds. `n` scales how many records of
 * each kind are touched.
 */
export function simulateDay(qbo: QboEmulator, it: IntelliTrackEmulator, n: number): DayAction[] {
  const log = new DayLog();
  warehouseDay(it, n, log);
  officeDay(qbo, n, log);
  return log.actions;
}
