import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConflictPolicy } from '../../../src/sync/merge/policy.js';
import type { SyncReport } from '../../../src/sync/report.js';
import { startWorld, type World } from './harness.js';
import { expectNothingSilent } from './invariant.js';

/** Each world its own emulator seed, so its own QBO company: the client's rate limits are per company. */
let nextSeed = 300;

const COMPANY = { items: 6, vendors: 1, customers: 2, purchaseOrders: 1, estimates: 3, seed: 17 };

/** An edit of one of the open picking orders (0: from QBO, 1: created in IntelliTrack). */
type Edit =
  | { side: 'it'; order: number; field: 'qty' | 'carrier' | 'addLine'; value: number }
  | { side: 'qbo'; order: number; field: 'qty' | 'dueDate'; value: number };
type Action = Edit | { side: 'sync' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    side: fc.constant('it' as const),
    order: fc.nat(1),
    field: fc.constantFrom('qty' as const, 'carrier' as const, 'addLine' as const),
    value: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    side: fc.constant('qbo' as const),
    order: fc.nat(1),
    field: fc.constantFrom('qty' as const, 'dueDate' as const),
    value: fc.integer({ min: 1, max: 4 }),
  }),
  fc.constant({ side: 'sync' as const }),
);

function orders(w: World) {
  const open = w.itEmu.data.list('picking-orders').filter((o) => o.status === 'Open' && o.externalRef !== null);
  const fromQbo = open.filter((o) => o.origin === 'qbo').sort((a, b) => a.orderNumber.localeCompare(b.orderNumber));
  const fromIt = open.filter((o) => o.origin === 'intellitrack');
  return [fromQbo[0], fromIt[0]];
}

async function applyIt(w: World, id: string, edit: Edit & { side: 'it' }): Promise<void> {
  const order = w.itEmu.data.get('picking-orders', id);
  if (!order) throw new Error('order missing');
  const lines = order.lines.map(({ lineNumber, itemId, orderedQty, unitPrice, externalRef }) => ({
    lineNumber,
    itemId,
    orderedQty,
    unitPrice,
    externalRef,
  }));
  const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
  let patch: Record<string, unknown>;
  if (edit.field === 'carrier') patch = { carrier: `Carrier ${edit.value}` };
  else if (edit.field === 'qty')
    patch = { lines: lines.map((l, i) => (i === 0 ? { ...l, orderedQty: edit.value } : l)) };
  else {
    const next = Math.max(...lines.map((l) => l.lineNumber)) + 1;
    patch = { lines: [...lines, { lineNumber: next, itemId: String(item?.id), orderedQty: edit.value, unitPrice: 3 }] };
  }
  await w.it.update('picking-orders', id, patch as never, { idempotencyKey: `edit-${id}-${JSON.stringify(patch)}` });
}

function applyQbo(w: World, estimateId: string, edit: Edit & { side: 'qbo' }): void {
  const estimate = w.qboEmu.data.get('Estimate', estimateId);
  if (!estimate) throw new Error('estimate missing');
  let patch: Record<string, unknown>;
  if (edit.field === 'dueDate') patch = { DueDate: `2027-0${edit.value}-15` };
  else {
    const lines = (estimate.Line ?? []) as Record<string, unknown>[];
    const first = lines.findIndex((l) => l.DetailType === 'SalesItemLineDetail');
    patch = {
      Line: lines.map((l, i) => {
        if (i !== first) return l;
        const detail = (l.SalesItemLineDetail ?? {}) as Record<string, unknown>;
        return {
          ...l,
          Amount: edit.value * Number(detail.UnitPrice ?? 0),
          SalesItemLineDetail: { ...detail, Qty: edit.value },
        };
      }),
    };
  }
  w.qboEmu.data.update('Estimate', { Id: estimateId, SyncToken: estimate.SyncToken, sparse: true, ...patch });
}

async function run(w: World): Promise<SyncReport> {
  const report = await w.sync.syncPickingOrders();
  expect(report.status).toBe('completed');
  await expectNothingSilent(w, report, ['pickingOrder']);
  return report;
}

describe('open picking orders both ways under random interleavings', () => {
  it('never leaves a difference unreported, and a final quiet run writes nothing', async () => {
    const policy = fc.constantFrom<ConflictPolicy>('qbo-wins', 'intellitrack-wins', 'newest', 'manual');
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), policy, async (actions, lines) => {
        const w = await startWorld({
          seed: nextSeed++,
          company: COMPANY,

          settings: { conflicts: { pickingOrder: { lines } } },
        });
        try {
          await w.sync.syncCustomers();
          await w.sync.syncItems();
          const customer = w.itEmu.data.list('customers').find((c) => c.externalRef !== null);
          const item = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
          w.itEmu.simulate.createPickingOrder({
            orderNumber: 'P-PROP',
            customerId: String(customer?.id),
            lines: [{ itemId: String(item?.id), orderedQty: 2, unitPrice: 5 }],
          });
          await run(w);
          const targets = orders(w);
          for (const a of actions) {
            if (a.side === 'sync') {
              await run(w);
              continue;
            }
            const order = targets[a.order];
            if (!order?.externalRef) throw new Error('no open order to edit');
            if (a.side === 'it') await applyIt(w, order.id, a);
            else applyQbo(w, order.externalRef, a);
          }
          await run(w);
          const quiet = await run(w);
          expect(quiet.calls.qbo.write + quiet.calls.qbo.batch + quiet.calls.intellitrack.write).toBe(0);
          expect(quiet.calls.intellitrack.bulk).toBe(0);
        } finally {
          await w.close();
        }
      }),
      { numRuns: 20 },
    );
  }, 180_000);
});
