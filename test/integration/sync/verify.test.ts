import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import { startWorld, type World } from './harness.js';
import { addInventoryItem } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 10, vendors: 2, customers: 2, purchaseOrders: 2, estimates: 2, seed: 5 };

/** Verifies and counts the requests each emulator received for it. */
async function verified(w: World) {
  const qboBefore = w.qboEmu.requests.byKind();
  const itBefore = w.itEmu.requests.byKind();
  const report = await w.sync.verify();
  const delta = (after: Record<string, number>, before: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(after)
        .map(([k, n]) => [k, n - (before[k] ?? 0)])
        .filter(([, n]) => n !== 0),
    );
  return {
    report,
    qbo: delta(w.qboEmu.requests.byKind() as Record<string, number>, qboBefore as Record<string, number>),
    it: delta(w.itEmu.requests.byKind(), itBefore),
  };
}

describe('verify', () => {
  it('after a sync finds no differences, with bulk reads only', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    expect((await w.sync.syncAll()).status).toBe('completed');
    const { report, qbo, it: itCalls } = await verified(w);
    expect(report.differences).toBe(0);
    expect(report.flows.map((f) => [f.flow, f.oneSided, f.differences])).toEqual([
      ['items', [], []],
      ['vendors', [], []],
      ['customers', [], []],
    ]);
    const items = report.flows.find((f) => f.flow === 'items');
    expect(items?.linked).toBe(await w.store.countLinks('item'));
    expect(report.inventory.filter((d) => !d.explained)).toEqual([]);
    expect(report.openOrders.length).toBeGreaterThan(0);
    // One query per entity read (each fits one page) and one list page per IntelliTrack resource: no per-record reads.
    expect(qbo).toEqual({ query: 5 });
    expect(itCalls).toEqual({ 'GET list': 7 });
    expect(report.calls).toEqual({ qbo: 5, intellitrack: 7 });
  });

  it('after adjustments are exported and a sync runs, the items whose quantity QBO moved are not differences', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    await w.sync.syncAll();
    const stocked = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 2);
    expect(stocked.length).toBeGreaterThan(1);
    for (const row of stocked.slice(0, 2)) w.itEmu.simulate.adjust(row.itemId, -1, 'count');
    expect((await w.sync.exportInventoryAdjustments()).entities.adjustment?.created).toBe(2);
    // QBO's SyncToken of each adjusted item moved (its QtyOnHand changed); no field the sync maps did.
    expect((await w.sync.syncAll()).status).toBe('completed');
    const { report } = await verified(w);
    expect(report.flows.find((f) => f.flow === 'items')?.differences).toEqual([]);
    expect(report.differences).toBe(0);
  });

  it('shows exactly an IntelliTrack edit, a QBO-only record and an inventory difference', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    await w.sync.syncAll();
    const { report: baseline } = await verified(w);
    expect(baseline.differences).toBe(0);
    const edited = w.itEmu.data.list('items').find((i) => i.externalRef !== null && i.active);
    if (!edited) throw new Error('no linked item');
    await w.it.update('items', edited.id, { description: 'edited on the floor' }, { idempotencyKey: 'edit-1' });
    const added = addInventoryItem(w.qboEmu, 'Only in QBO', 0);
    const stocked = w.itEmu.data.list('inventory').find((r) => r.onHand >= 2 && r.itemId !== edited.id);
    if (!stocked) throw new Error('no stock');
    w.itEmu.simulate.adjust(stocked.itemId, -1, 'count');
    // A quantity changed in QBO alone (as a QBO adjustment made there would).
    const counted = w.itEmu.data
      .list('inventory')
      .find((r) => r.onHand >= 1 && ![edited.id, stocked.itemId].includes(r.itemId));
    const countedQbo = w.qboEmu.data.get('Item', String(w.itEmu.data.get('items', counted?.itemId ?? '')?.externalRef));
    if (!counted || !countedQbo) throw new Error('no second stocked item');
    w.qboEmu.data.put('Item', { ...countedQbo, QtyOnHand: Number(countedQbo.QtyOnHand) + 3 });

    const { report } = await verified(w);
    const items = report.flows.find((f) => f.flow === 'items');
    expect(items?.oneSided).toEqual([{ side: 'qbo', id: added, name: 'Only in QBO', note: 'not linked' }]);
    expect(items?.differences).toEqual([
      {
        qboId: edited.externalRef,
        itKey: edited.id,
        fields: [{ field: 'description', expected: edited.description, actual: 'edited on the floor' }],
        changedInQbo: false,
      },
    ]);
    // The adjustment is not exported yet: the difference is explained by it.
    const before = new Set(baseline.inventory.map((d) => d.itKey));
    expect(report.inventory.filter((d) => !before.has(d.itKey) && d.explained)).toEqual([
      expect.objectContaining({ itKey: stocked.itemId, pendingAdjustments: -1, explained: true }),
    ]);
    expect(report.inventory.filter((d) => !d.explained)).toEqual([
      expect.objectContaining({
        qboId: countedQbo.Id,
        itKey: counted.itemId,
        qbo: counted.onHand + 3,
        intellitrack: counted.onHand,
        reason: null,
      }),
    ]);
    expect(report.differences).toBe(3);
  });

  it('refuses an unknown flow, naming it', async () => {
    world = await startWorld({ company: COMPANY });
    await expect(world.sync.verify({ flows: ['gadgets' as never] })).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
