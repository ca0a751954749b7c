import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import type { SyncReport } from '../../../src/sync/report.js';
import { startWorld, type World } from './harness.js';
import { type AnswerFault, FaultyNetwork, garbleItem, lockItem, qboWriteBatch, refuseLocked } from './network.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 8, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 3 };

/** A clock whose waits are instant and recorded. */
function instantClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return { now: () => Date.now(), sleep: async (ms) => void waits.push(ms), waits };
}

/** A world synced once, with `count` IntelliTrack adjustments waiting to be exported. */
async function withAdjustments(network: FaultyNetwork, clock: Clock, count: number): Promise<World> {
  world = await startWorld({ company: COMPANY, qboFetch: network.fetch, clock });
  const w = world;
  expect((await w.sync.syncAll()).status).toBe('completed');
  const stocked = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 1);
  expect(stocked.length).toBeGreaterThanOrEqual(count);
  for (const [i, r] of stocked.slice(0, count).entries()) w.itEmu.simulate.adjust(r.itemId, i + 1, 'count');
  return w;
}

/** The QBO InventoryAdjustments whose note names IntelliTrack adjustment `id`. */
function exportsOf(w: World, id: string) {
  return w.qboEmu.data
    .list('InventoryAdjustment')
    .filter((a) => String(a.PrivateNote ?? '') === `IntelliTrack adjustments ${id}`);
}

/** Every IntelliTrack adjustment is in QBO exactly once, and marked exported with that one record. */
function expectEachExportedOnce(w: World): void {
  const adjustments = w.itEmu.data.list('adjustments');
  expect(adjustments.length).toBeGreaterThan(0);
  for (const adjustment of adjustments) {
    const found = exportsOf(w, adjustment.id);
    expect(
      found.map((a) => a.Id),
      `adjustment ${adjustment.id}`,
    ).toHaveLength(1);
    expect(adjustment.exportStatus).toBe('exported');
    expect(adjustment.externalRef).toBe(found[0]?.Id);
  }
}

async function expectJournalSettled(w: World): Promise<void> {
  expect((await w.store.listJournal({ state: 'pending' })).map((e) => e.key)).toEqual([]);
  expect(await w.store.listFailed()).toEqual([]);
}

function reconciled(report: SyncReport) {
  return report.entities.adjustment?.reconciledRecords ?? [];
}

describe('a QBO write whose outcome was unknown is written exactly once', () => {
  it('lost batch answer, then a per-item lock on the retry: the committed record is found and adopted', async () => {
    const network = new FaultyNetwork();
    const clock = instantClock();
    const w = await withAdjustments(network, clock, 3);
    // QBO commits the batch, the answer is lost; the client's retry (same requestid) gets item 0 locked.
    network.script(qboWriteBatch, { type: 'drop' }, lockItem('0'));
    const first = await w.sync.exportInventoryAdjustments();
    expect(network.pending).toBe(0);
    expect(first.status).toBe('completed');
    const again = await w.sync.exportInventoryAdjustments();
    expect(again.status).toBe('completed');
    expectEachExportedOnce(w);
    await expectJournalSettled(w);
    // The locked member was looked up (one query) and adopted, not sent again.
    const adopted = reconciled(first);
    expect(adopted.map((r) => r.outcome)).toEqual(['adopted']);
    expect(first.entities.adjustment?.created).toBe(3);
  });

  it.each<[string, AnswerFault]>([
    ['a field of the wrong type', garbleItem('0', (item) => ({ ...item, InventoryAdjustment: { TxnDate: 42 } }))],
    ['no Id', garbleItem('0', (item) => ({ ...item, InventoryAdjustment: { TxnDate: '2026-01-01' } }))],
    ['no entity at all', garbleItem('0', (item) => ({ bId: item.bId }))],
  ])('a 2xx batch answer with %s: exactly one write and a typed error naming the entity and path', async (_, fault) => {
    const network = new FaultyNetwork();
    const w = await withAdjustments(network, instantClock(), 2);
    network.script(qboWriteBatch, fault);
    const report = await w.sync.exportInventoryAdjustments();
    expect(network.pending).toBe(0);
    expect(report.status).toBe('completed');
    await w.sync.exportInventoryAdjustments();
    expectEachExportedOnce(w);
    await expectJournalSettled(w);
    const [record] = reconciled(report);
    expect(record?.errorName).toBe('WriteOutcomeUnknownError');
    expect(record?.message).toMatch(/InventoryAdjustment/);
    expect(record?.message).toMatch(/TxnDate|Id|no record/);
    expect(record?.outcome).toBe('adopted');
  });

  it('a per-item lock inside an otherwise good batch is retried in the same run, with backoff', async () => {
    const network = new FaultyNetwork();
    const clock = instantClock();
    const w = await withAdjustments(network, clock, 3);
    network.script(qboWriteBatch, refuseLocked('1'), refuseLocked('0'));
    const report = await w.sync.exportInventoryAdjustments();
    expect(network.pending).toBe(0);
    expect(report.entities.adjustment?.failed).toBe(0);
    expect(report.entities.adjustment?.created).toBe(3);
    expectEachExportedOnce(w);
    await expectJournalSettled(w);
    // Two locked answers, two waits, the second longer; no real time passed.
    expect(clock.waits).toHaveLength(2);
    expect(clock.waits[1]).toBeGreaterThan(clock.waits[0] ?? 0);
  });
});
