import { afterEach, describe, expect, it } from 'vitest';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { expectNothingSilent } from './invariant.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 10, vendors: 3, customers: 3, purchaseOrders: 3, estimates: 4, seed: 9 };

async function synced(): Promise<World> {
  world = await startWorld({ company: COMPANY });
  expect((await world.sync.syncAll()).status).toBe('completed');
  return world;
}

function linkedItems(w: World) {
  const items = w.itEmu.data.list('items').filter((i) => i.externalRef !== null && i.active);
  if (items.length < 2) throw new Error('too few linked items');
  return items;
}

type Line = { lineNumber: number; itemId: string; orderedQty: number; unitPrice?: number; unitCost?: number };

/** An IntelliTrack user's edit of an open order's lines (PATCH replaces them all). */
async function editLines(w: World, resource: 'picking-orders' | 'receiving-orders', id: string, lines: Line[]) {
  await w.it.update(resource, id, { lines } as never, { idempotencyKey: `edit-${id}-${JSON.stringify(lines)}` });
}

function qtys(doc: Record<string, unknown> | undefined, detail: string): number[] {
  const lines = (doc?.Line ?? []) as Record<string, Record<string, unknown> | undefined>[];
  return lines.flatMap((l) => (l[detail] ? [Number(l[detail]?.Qty)] : []));
}

function editQbo(w: World, entity: 'PurchaseOrder' | 'Estimate', id: string, patch: Record<string, unknown>): void {
  const current = w.qboEmu.data.get(entity, id);
  w.qboEmu.data.update(entity, { Id: id, SyncToken: current?.SyncToken, sparse: true, ...patch });
}

describe('IntelliTrack-originated open orders', () => {
  it('sends a changed quantity, an added line and a removed line of a picking order to its estimate', async () => {
    const w = await synced();
    const [a, b] = linkedItems(w);
    const customer = w.itEmu.data.list('customers').find((c) => c.externalRef !== null);
    if (!a || !b || !customer) throw new Error('nothing linked');
    const order = w.itEmu.simulate.createPickingOrder({
      orderNumber: 'P-21',
      customerId: customer.id,
      lines: [{ itemId: a.id, orderedQty: 2, unitPrice: 10 }],
    });
    await w.sync.syncPickingOrders();
    const estimateId = String(w.itEmu.data.get('picking-orders', order.id)?.externalRef);
    const estimate = () => w.qboEmu.data.get('Estimate', estimateId);

    await editLines(w, 'picking-orders', order.id, [{ lineNumber: 1, itemId: a.id, orderedQty: 7, unitPrice: 10 }]);
    let report = await w.sync.syncPickingOrders();
    expect(qtys(estimate(), 'SalesItemLineDetail')).toEqual([7]);
    expect(report.entities.pickingOrder?.fieldRecords.map((r) => r.toQbo)).toEqual([['lines']]);
    await expectNothingSilent(w, report, ['pickingOrder']);

    await editLines(w, 'picking-orders', order.id, [
      { lineNumber: 1, itemId: a.id, orderedQty: 7, unitPrice: 10 },
      { lineNumber: 2, itemId: b.id, orderedQty: 3, unitPrice: 4 },
    ]);
    report = await w.sync.syncPickingOrders();
    expect(qtys(estimate(), 'SalesItemLineDetail')).toEqual([7, 3]);
    expect(estimate()?.TotalAmt).toBe(82);
    await expectNothingSilent(w, report, ['pickingOrder']);

    await editLines(w, 'picking-orders', order.id, [{ lineNumber: 2, itemId: b.id, orderedQty: 3, unitPrice: 4 }]);
    report = await w.sync.syncPickingOrders();
    expect(qtys(estimate(), 'SalesItemLineDetail')).toEqual([3]);
    await expectNothingSilent(w, report, ['pickingOrder']);
    const quiet = await w.sync.syncPickingOrders();
    expect(quiet.calls.qbo.write + quiet.calls.intellitrack.write + quiet.calls.intellitrack.bulk).toBe(0);
  });

  it('brings a QBO edit of a PurchaseOrder created in IntelliTrack into the receiving order', async () => {
    const w = await synced();
    const [item] = linkedItems(w);
    const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null);
    if (!item || !vendor) throw new Error('nothing linked');
    const order = w.itEmu.simulate.createReceivingOrder({
      orderNumber: 'R-31',
      vendorId: vendor.id,
      lines: [{ itemId: item.id, orderedQty: 5, unitCost: 2 }],
    });
    await w.sync.syncReceivingOrders();
    const poId = String(w.itEmu.data.get('receiving-orders', order.id)?.externalRef);
    editQbo(w, 'PurchaseOrder', poId, { DueDate: '2026-09-30' });
    const report = await w.sync.syncReceivingOrders();
    expect(w.itEmu.data.get('receiving-orders', order.id)?.dueDate).toBe('2026-09-30');
    expect(report.entities.receivingOrder?.fieldRecords.map((r) => r.toIntelliTrack)).toEqual([['dueDate']]);
    await expectNothingSilent(w, report, ['receivingOrder']);
  });
});

describe('QBO-originated open orders', () => {
  it('brings an estimate changed before picking started into the picking order, and merges an IntelliTrack carrier', async () => {
    const w = await synced();
    const order = w.itEmu.data.list('picking-orders').find((o) => o.origin === 'qbo' && o.status === 'Open');
    if (!order?.externalRef) throw new Error('no open QBO picking order');
    editQbo(w, 'Estimate', order.externalRef, { DueDate: '2026-10-15' });
    await w.it.update('picking-orders', order.id, { carrier: 'Harbour Freight' }, { idempotencyKey: 'carrier-1' });
    const report = await w.sync.syncPickingOrders();
    expect(w.itEmu.data.get('picking-orders', order.id)?.dueDate).toBe('2026-10-15');
    const estimate = w.qboEmu.data.get('Estimate', order.externalRef);
    expect((estimate?.ShipMethodRef as { value?: string } | undefined)?.value).toBe('Harbour Freight');
    expect(report.entities.pickingOrder?.fieldRecords).toEqual([
      { id: order.externalRef, toQbo: ['carrier'], toIntelliTrack: ['dueDate'], decided: [] },
    ]);
    await expectNothingSilent(w, report, ['pickingOrder']);
  });

  it('after receiving started: a QBO edit is a conflict, IntelliTrack line changes are skipped with the reason, its carrier still goes to QBO', async () => {
    const w = await synced();
    const order = w.itEmu.data.list('receiving-orders').find((o) => o.origin === 'qbo' && o.status === 'Open');
    const first = order?.lines[0];
    if (!order?.externalRef || !first) throw new Error('no open QBO receiving order');
    w.itEmu.simulate.receive(order.id, [{ lineNumber: first.lineNumber, quantity: 1 }]);
    const lines = w.itEmu.data.get('receiving-orders', order.id)?.lines ?? [];
    await w.it.update(
      'receiving-orders',
      order.id,
      {
        carrier: 'Dock Express',
        lines: lines.map((l) => ({ ...l, orderedQty: l.orderedQty + 1 })),
      } as never,
      { idempotencyKey: 'after-work' },
    );
    editQbo(w, 'PurchaseOrder', order.externalRef, { DueDate: '2027-01-31' });
    const before = qtys(w.qboEmu.data.get('PurchaseOrder', order.externalRef), 'ItemBasedExpenseLineDetail');
    const report = await w.sync.syncReceivingOrders();
    const po = w.qboEmu.data.get('PurchaseOrder', order.externalRef);
    expect(qtys(po, 'ItemBasedExpenseLineDetail')).toEqual(before);
    expect((po?.ShipMethodRef as { value?: string } | undefined)?.value).toBe('Dock Express');
    expect(w.itEmu.data.get('receiving-orders', order.id)?.dueDate).not.toBe('2027-01-31');
    const entity = report.entities.receivingOrder;
    expect(entity?.conflictRecords.map((c) => c.id)).toEqual([order.externalRef]);
    expect(entity?.skippedRecords.filter((s) => s.id === order.externalRef)).toEqual([
      {
        id: order.externalRef,
        reason: "IntelliTrack edit not sent to QBO: lines: receiving has started; QBO's lines stay as ordered",
      },
    ]);
    expect(await expectNothingSilent(w, report, ['receivingOrder'])).toEqual([`receivingOrder:${order.externalRef}`]);
  });
});

describe('an IntelliTrack edit saved while the run writes the same order', () => {
  it('reaches QBO on the next run, although it rode along in the version our re-sent write returned', async () => {
    const w = await synced();
    const order = w.itEmu.data.list('receiving-orders').find((o) => o.origin === 'qbo' && o.status === 'Open');
    if (!order) throw new Error('no open QBO purchase order in IntelliTrack');
    const poId = String(order.externalRef);
    let race = true;
    // A warehouse lead saves the carrier just before the run's write of the QBO due date: a 412, a re-read, a re-send.
    const racing = new Proxy(w.it, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        if (prop !== 'update' && prop !== 'bulk') return value.bind(target);
        return async (...args: unknown[]) => {
          if (race) {
            race = false;
            await w.it.update('receiving-orders', order.id, { carrier: 'Race Freight' } as never, {
              idempotencyKey: 'race-carrier',
            });
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const sync = new Synchronizer({
      qbo: w.qbo,
      intellitrack: racing,
      store: w.store,
      settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
    });
    editQbo(w, 'PurchaseOrder', poId, { DueDate: '2027-02-01' });
    await sync.syncReceivingOrders();
    expect(w.itEmu.data.get('receiving-orders', order.id)?.dueDate).toBe('2027-02-01');
    expect(race).toBe(false);
    const next = await sync.syncReceivingOrders();
    expect(JSON.stringify(w.qboEmu.data.get('PurchaseOrder', poId)?.ShipMethodRef)).toContain('Race Freight');
    await expectNothingSilent(w, next, ['receivingOrder']);
  });
});
