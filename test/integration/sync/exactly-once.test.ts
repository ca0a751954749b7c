import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { AbortError } from '../../../src/core/errors.js';
import type { SyncReport } from '../../../src/sync/report.js';
import { startWorld, type World } from './harness.js';
import {
  type AnswerFault,
  FaultyNetwork,
  garbleItem,
  lockAll,
  lockItem,
  qboWriteBatch,
  type RequestMatch,
  refuseLocked,
} from './network.js';
import { checkNoDuplicates, endState, COMPANY as SCENARIO, warehouseWork } from './scenario.js';

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

  it('the backoff wait stops as soon as the run is aborted; the next run finishes the write, once', async () => {
    const network = new FaultyNetwork();
    const controller = new AbortController();
    const clock: Clock = {
      now: () => Date.now(),
      sleep: async (_ms, signal) => {
        controller.abort();
        signal?.throwIfAborted();
      },
    };
    const w = await withAdjustments(network, clock, 2);
    network.script(qboWriteBatch, refuseLocked('1'));
    await expect(w.sync.exportInventoryAdjustments({ signal: controller.signal })).rejects.toThrow(AbortError);
    expect(network.pending).toBe(0);
    expect((await w.store.listJournal({ state: 'pending' })).length).toBeGreaterThan(0);
    const next = await w.sync.exportInventoryAdjustments();
    expect(next.status).toBe('completed');
    expectEachExportedOnce(w);
    await expectJournalSettled(w);
  });

  it('a lookup that cannot be made leaves the write pending and uncertain, in the error queue, until it is reconciled', async () => {
    const network = new FaultyNetwork();
    const w = await withAdjustments(network, instantClock(), 2);
    const lookup: RequestMatch = ({ url }) =>
      url.pathname.endsWith('/query') && (url.searchParams.get('query') ?? '').includes('InventoryAdjustment');
    network.script(qboWriteBatch, { type: 'drop' }, lockItem('0'));
    // Every attempt of the lookup query loses its answer (the client retries it 6 times).
    network.script(lookup, ...Array.from({ length: 7 }, (): AnswerFault => ({ type: 'drop' })));
    const first = await w.sync.exportInventoryAdjustments();
    expect(network.pending).toBe(0);
    const [failed] = first.entities.adjustment?.failedRecords ?? [];
    expect(failed?.errorName).toBe('WriteOutcomeUnknownError');
    expect(failed?.message).toMatch(/InventoryAdjustment .*unknown.*will be reconciled/);
    expect((await w.store.listFailed()).map((f) => f.errorName)).toEqual(['WriteOutcomeUnknownError']);
    const [pending] = await w.store.listJournal({ state: 'pending' });
    expect(pending?.payload).toMatchObject({ uncertain: true });

    const second = await w.sync.exportInventoryAdjustments();
    expect(reconciled(second).map((r) => r.outcome)).toEqual(['adopted']);
    expectEachExportedOnce(w);
    await expectJournalSettled(w);
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

/** The IntelliTrack items per QBO item id: each QBO item must have exactly one. */
function itItemsPerQboItem(w: World): number[] {
  const counts = new Map<string, number>();
  for (const item of w.itEmu.data.list('items')) {
    const ref = String(item.externalRef);
    counts.set(ref, (counts.get(ref) ?? 0) + 1);
  }
  return [...new Set(counts.values())];
}

describe('a QBO update whose outcome was unknown', () => {
  it('is sent again (a stale SyncToken is re-read) and ends applied once', async () => {
    const network = new FaultyNetwork();
    world = await startWorld({ company: COMPANY, qboFetch: network.fetch, clock: instantClock() });
    const w = world;
    await w.sync.syncAll();
    const division = w.itEmu.divisionId;
    const body = { divisionId: division, companyName: 'Walk-in', origin: 'intellitrack' as const };
    const customer = await w.it.create('customers', body, { idempotencyKey: 'walk-in' });
    await w.sync.syncCustomers();
    const qboId = String(w.itEmu.data.get('customers', customer.id)?.externalRef);
    const before = w.qboEmu.data.count('Customer');
    await w.it.update('customers', customer.id, { companyName: 'Walk-in Renamed' }, { idempotencyKey: 'rename' });
    // QBO applies the update, the answer is lost, the client's retry is answered "locked".
    network.script(qboWriteBatch, { type: 'drop' }, lockItem('0'));
    const report = await w.sync.syncCustomers();
    expect(network.pending).toBe(0);
    expect(report.entities.customer?.failed ?? 0).toBe(0);
    expect(report.entities.customer?.updated).toBe(1);
    expect(w.qboEmu.data.get('Customer', qboId)?.DisplayName).toBe('Walk-in Renamed');
    expect(w.qboEmu.data.count('Customer')).toBe(before);
    await expectJournalSettled(w);
    expect((await w.sync.syncCustomers()).calls.qbo.batch).toBe(0);
  });
});

describe('an IntelliTrack write answered 2xx off its schema keeps its Idempotency-Key', () => {
  const itemsBulk: RequestMatch = ({ url, body }) => url.pathname.endsWith('/bulk') && body.includes('"/items"');
  const itemCreate: RequestMatch = ({ url, method }) => method === 'POST' && url.pathname.endsWith('/items');
  it.each<[string, boolean, RequestMatch, AnswerFault]>([
    ['a bulk answer missing results', true, itemsBulk, { type: 'rewrite', rewrite: (b) => ({ ...b, results: [] }) }],
    [
      'a single create answered with a bad version',
      false,
      itemCreate,
      { type: 'rewrite', rewrite: (b) => ({ ...b, version: 'x' }) },
    ],
  ])('%s: reported as an unknown outcome, re-sent with the same key, written once', async (_, bulk, match, fault) => {
    const network = new FaultyNetwork().script(match, fault);
    world = await startWorld({ company: COMPANY, itFetch: network.fetch, bulk });
    const w = world;
    const first = await w.sync.syncItems();
    expect(network.pending).toBe(0);
    const failed = first.entities.item?.failedRecords ?? [];
    expect(failed.length).toBeGreaterThan(0);
    expect(new Set(failed.map((f) => f.errorName))).toEqual(new Set(['WriteOutcomeUnknownError']));
    expect(failed[0]?.message).toMatch(/will be reconciled/);
    expect((await w.store.listFailed()).length).toBe(failed.length);
    // Kept pending under their keys (IntelliTrack replays a key's first answer), never failed and re-keyed.
    expect(await w.store.listJournal({ state: 'failed' })).toEqual([]);
    expect((await w.store.listJournal({ state: 'pending' })).length).toBeGreaterThan(0);
    const second = await w.sync.syncItems();
    expect(second.entities.item?.failed ?? 0).toBe(0);
    expect(await w.store.listFailed()).toEqual([]);
    expect(w.itEmu.data.list('items').length).toBeGreaterThan(0);
    expect(itItemsPerQboItem(w)).toEqual([1]);
  });
});

describe('every kind of QBO create whose batch answer was lost, then locked on the retry', () => {
  async function run(faulty: boolean): Promise<ReturnType<typeof endState>> {
    const network = new FaultyNetwork();
    world = await startWorld({ company: SCENARIO, seed: 5, qboFetch: network.fetch, clock: instantClock() });
    const w = world;
    await w.sync.syncAll();
    await warehouseWork(w);
    // Customer (DisplayName), PurchaseOrder (DocNumber), Bill and InventoryAdjustment (date and content).
    // Batches that create (the scenario's customer edit goes out as an update batch of its own first).
    const createBatch: RequestMatch = (r) => qboWriteBatch(r) && r.body.includes('"operation":"create"');
    if (faulty) for (let i = 0; i < 3; i += 1) network.script(createBatch, { type: 'drop' }, lockAll);
    const report = await w.sync.syncAll();
    const applied = network.applied;
    network.clear();
    await w.sync.syncAll();
    checkNoDuplicates(w);
    await expectJournalSettled(w);
    const state = endState(w);
    await w.close();
    world = undefined;
    if (!faulty) return state;
    expect(applied).toBe(6);
    const adopted = Object.entries(report.entities).flatMap(([entity, e]) =>
      (e?.reconciledRecords ?? []).filter((r) => r.outcome === 'adopted').map(() => entity),
    );
    // One customer, a purchase order and two receipts (Bills), three adjustments: each adopted once.
    expect(adopted.sort()).toEqual([...Array(3).fill('adjustment'), 'customer', ...Array(3).fill('receivingOrder')]);
    return state;
  }

  it('is found by its lookup and adopted: the end state is the fault-free one', async () => {
    const clean = await run(false);
    expect(await run(true)).toEqual(clean);
  }, 60_000);
});
