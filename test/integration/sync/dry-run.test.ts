import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/mappers/index.js';
import type { SyncReport } from '../../../src/sync/report.js';
import type { Link } from '../../../src/sync/state/store.js';
import { startWorld, type World } from './harness.js';
import { COMPANY, endState } from './scenario.js';

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

/** A fresh world: QBO seeded, IntelliTrack with one customer created there (it flows to QBO). */
async function freshWorld(options: { bulk?: boolean } = {}): Promise<World> {
  const w = await startWorld({ company: COMPANY, ...options });
  worlds.push(w);
  await w.it.create(
    'customers',
    { divisionId: w.itEmu.divisionId, companyName: 'Walk-in Warehouse Customer', origin: 'intellitrack' },
    { idempotencyKey: 'test-walk-in' },
  );
  return w;
}

const WRITE_KINDS = ['create', 'update', 'delete', 'void', 'batch'] as const;

/** Every write either emulator received, by kind (a QBO batch of queries only reads, so it is not one). */
function writes(w: World): Record<string, number> {
  const out: Record<string, number> = {};
  for (const kind of WRITE_KINDS) out[`qbo ${kind}`] = w.qboEmu.requests.countWrites(kind);
  for (const [key, n] of Object.entries(w.itEmu.requests.byKind())) if (!key.startsWith('GET ')) out[`it ${key}`] = n;
  return out;
}

/** What each entity's records became, per report. */
function outcome(report: SyncReport, fields: readonly ('created' | 'updated' | 'deleted' | 'failed')[]) {
  return Object.fromEntries(
    Object.entries(report.entities).map(([entity, e]) => [entity, Object.fromEntries(fields.map((f) => [f, e[f]]))]),
  );
}

const ALL = ['created', 'updated', 'deleted', 'failed'] as const;

/**
 * The store's links, with IntelliTrack ids replaced by the QBO id they link to (IntelliTrack assigns
 * ids in the order concurrent creates arrive, which may differ between two runs).
 */
async function links(w: World): Promise<string[]> {
  const out: string[] = [];
  for (const entity of ['item', 'vendor', 'customer', 'receivingOrder', 'pickingOrder', 'adjustment'] as const) {
    for await (const page of w.store.listLinks(entity)) {
      for (const link of page as Link[]) {
        const { itId: _it, updatedAt: _at, qboId, ...rest } = link;
        const data = canonicalJson(rest.data);
        out.push(`${entity}:${qboId}:${rest.origin}:${rest.qboHash}:${rest.itHash}:${rest.qboSyncToken}:${data}`);
      }
    }
  }
  return out.sort();
}

async function journalKeys(w: World): Promise<string[]> {
  return (await w.store.listJournal()).map((e) => `${e.key}:${e.state}`).sort();
}

describe('dry run = plan = apply on a first run', () => {
  it('a dry run on an empty store plans the orders that reference records the same run creates', async () => {
    const w = await freshWorld();
    const before = writes(w);
    const dry = await w.sync.syncAll({ dryRun: true });
    expect(dry.entities.receivingOrder?.failedRecords).toEqual([]);
    expect(dry.entities.pickingOrder?.failedRecords).toEqual([]);
    expect(dry.entities.receivingOrder?.created).toBeGreaterThan(0);
    expect(dry.entities.pickingOrder?.created).toBeGreaterThan(0);
    expect(dry.entities.inventory?.created).toBeGreaterThan(0);

    // Nothing written anywhere: no write to either system, and no link, journal entry, error or watermark.
    expect(writes(w)).toEqual(before);
    expect(await links(w)).toEqual([]);
    expect(await w.store.listJournal()).toEqual([]);
    expect(await w.store.listFailed()).toEqual([]);
    expect(await w.store.listWatermarks()).toEqual({});

    const real = await w.sync.syncAll();
    expect(outcome(dry, ALL)).toEqual(outcome(real, ALL));
  });

  it('plan("all") then apply(plan) ends exactly where a plain syncAll does, with the same writes', async () => {
    const [a, b] = await Promise.all([freshWorld(), freshWorld()]);
    const idle = writes(a);
    const dry = await a.sync.syncAll({ dryRun: true });
    const plan = await a.sync.plan('all');
    expect(writes(a)).toEqual(idle);
    expect(plan.steps.some((s) => JSON.stringify(s).includes('@planned:'))).toBe(true);

    const applied = await a.sync.apply(plan);
    const real = await b.sync.syncAll();

    expect(outcome(dry, ['created', 'updated', 'deleted'])).toEqual(outcome(real, ['created', 'updated', 'deleted']));
    expect(outcome(applied, ['created', 'updated', 'deleted'])).toEqual(
      outcome(real, ['created', 'updated', 'deleted']),
    );
    expect(real.entities.receivingOrder?.created).toBeGreaterThan(0);
    expect(endState(a)).toEqual(endState(b));
    expect(await links(a)).toEqual(await links(b));
    expect(await journalKeys(a)).toEqual(await journalKeys(b));
    expect(await a.store.listFailed()).toEqual(await b.store.listFailed());
    const { 'qbo batch': batchesA, ...restA } = writes(a);
    const { 'qbo batch': batchesB, ...restB } = writes(b);
    expect(restA).toEqual(restB);
    expect(batchesA).toBeGreaterThan(0);
    expect(batchesA).toBeLessThanOrEqual(batchesB ?? 0);

    // Both stores now hold the same state: the next incremental run of each writes nothing.
    const [nextA, nextB] = await Promise.all([a.sync.syncAll(), b.sync.syncAll()]);
    expect(outcome(nextA, ALL)).toEqual(outcome(nextB, ALL));
  });

  it('when a record the plan creates fails, apply() fails the steps that reference it and writes the rest', async () => {
    // Faults hit whole requests, so the vendor creates are failed on the one-request-per-write path
    // (a failed operation inside a bulk request is settled the same way: test/unit/sync/it-bulk.test.ts).
    const w = await freshWorld({ bulk: false });
    const plan = await w.sync.plan('all');
    const orders = plan.steps.filter((s) => s.entity === 'receivingOrder' && s.kind === 'it.create');
    expect(orders.length).toBeGreaterThan(0);
    // Every attempt (the client retries six times) of each of the three vendor creates fails.
    w.itEmu.faults.script(
      Array.from({ length: 3 * 7 }, () => 'server-error' as const),
      { method: 'POST', resource: 'vendors', kind: 'create' },
    );
    const applied = await w.sync.apply(plan);

    expect(applied.entities.vendor?.failed).toBe(3);
    expect(w.itEmu.data.count('vendors')).toBe(0);
    expect(w.itEmu.data.count('receiving-orders')).toBe(0);
    const failedOrders = applied.entities.receivingOrder?.failedRecords ?? [];
    expect(failedOrders.map((f) => f.id).sort()).toEqual(orders.map((s) => s.sourceId).sort());
    expect(failedOrders.every((f) => f.errorName === 'MappingError' && f.message.includes('vendor'))).toBe(true);
    const queued = (await w.store.listFailed({ entity: 'receivingOrder' })).map((f) => f.sourceId).sort();
    expect(queued).toEqual(orders.map((s) => s.sourceId).sort());
    // What did not depend on the vendors was written.
    expect(applied.entities.pickingOrder?.created).toBeGreaterThan(0);
    expect(w.itEmu.data.count('picking-orders')).toBe(applied.entities.pickingOrder?.created);
    expect(w.itEmu.data.count('items')).toBe(plan.steps.filter((s) => s.entity === 'item').length);
  });
});
