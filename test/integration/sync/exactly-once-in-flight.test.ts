import { afterEach, describe, expect, it } from 'vitest';
import { resetRealmLimiters } from '../../../src/qbo/limits.js';
import { startWorld, type World } from './harness.js';
import { FaultyNetwork, qboWriteBatch, refuseLocked } from './network.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
  // Each test starts with a fresh budget of 40 batch requests a minute for its company.
  resetRealmLimiters();
});

const COMPANY = { items: 8, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 5 };

/** A fetch in front of `inner` that delays every QBO answer and records the batch requests in flight. */
function slowNetwork(inner: typeof globalThis.fetch, latencyMs: number) {
  const seen = { inFlight: 0, peak: 0, batches: 0, sizes: [] as number[] };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const isBatch = new URL(request.url).pathname.endsWith('/batch');
    if (!isBatch) return inner(request);
    const body = (await request.clone().json()) as { BatchItemRequest: unknown[] };
    seen.batches += 1;
    seen.sizes.push(body.BatchItemRequest.length);
    seen.inFlight += 1;
    seen.peak = Math.max(seen.peak, seen.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      return await inner(request);
    } finally {
      seen.inFlight -= 1;
    }
  };
  return { fetch, seen };
}

/** A world synced once, with `count` IntelliTrack adjustments waiting (several per stocked item). */
async function withAdjustments(fetch: typeof globalThis.fetch, count: number): Promise<World> {
  world = await startWorld({ company: COMPANY, qboFetch: fetch });
  const w = world;
  expect((await w.sync.syncAll()).status).toBe('completed');
  const stocked = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 1);
  for (let i = 0; i < count; i++) {
    const r = stocked[i % stocked.length];
    if (r) w.itEmu.simulate.adjust(r.itemId, 1, 'count');
  }
  return w;
}

/** Every IntelliTrack adjustment is in QBO exactly once, and marked exported with that one record. */
function expectExportedOnce(w: World): void {
  const byNote = new Map<string, string[]>();
  for (const a of w.qboEmu.data.list('InventoryAdjustment')) {
    const note = String(a.PrivateNote ?? '');
    byNote.set(note, [...(byNote.get(note) ?? []), String(a.Id)]);
  }
  for (const adjustment of w.itEmu.data.list('adjustments')) {
    const found = byNote.get(`IntelliTrack adjustments ${adjustment.id}`) ?? [];
    expect(found, `adjustment ${adjustment.id}`).toHaveLength(1);
    expect(adjustment.exportStatus).toBe('exported');
    expect(adjustment.externalRef).toBe(found[0]);
  }
}

describe('QBO batches in flight', () => {
  it('keeps 2–4 full batches in flight and marks the exports in IntelliTrack by bulk requests', async () => {
    const network = new FaultyNetwork();
    const slow = slowNetwork(network.fetch, 60);
    const w = await withAdjustments(slow.fetch, 150);
    const before = { ...slow.seen, sizes: [...slow.seen.sizes] };
    const itBefore = w.itEmu.requests.count({ kind: 'export' });
    const itBulkBefore = w.itEmu.requests.count({ kind: 'bulk' });
    const report = await w.sync.exportInventoryAdjustments();
    expect(report.status).toBe('completed');
    expect(report.entities.adjustment?.created).toBe(150);
    expectExportedOnce(w);
    const sizes = slow.seen.sizes.slice(before.sizes.length);
    // 150 exports are 5 full batches, with 2–4 of them in flight at once.
    expect(sizes).toEqual([30, 30, 30, 30, 30]);
    expect(slow.seen.peak).toBeGreaterThanOrEqual(2);
    expect(slow.seen.peak).toBeLessThanOrEqual(4);
    // The 150 follow-ups go out as bulk requests of ≤ 100, none alone.
    expect(w.itEmu.requests.count({ kind: 'export', method: 'POST' }) - itBefore).toBe(0);
    const bulks = w.itEmu.requests.count({ kind: 'bulk' }) - itBulkBefore;
    expect(bulks).toBeGreaterThanOrEqual(2);
    expect(bulks).toBeLessThanOrEqual(5);
  });

  it('fills batches across pages: only the last batch of the run is partly filled', async () => {
    const slow = slowNetwork(globalThis.fetch, 0);
    const w = await withAdjustments(slow.fetch, 1010);
    const before = slow.seen.sizes.length;
    const report = await w.sync.exportInventoryAdjustments();
    expect(report.entities.adjustment?.created).toBe(1010);
    expect(slow.seen.sizes.slice(before)).toEqual([...Array(33).fill(30), 20]);
    expectExportedOnce(w);
  });

  it('exports exactly once when answers are lost and items refused across concurrent batches', async () => {
    const network = new FaultyNetwork();
    const slow = slowNetwork(network.fetch, 40);
    const w = await withAdjustments(slow.fetch, 120);
    network.script(qboWriteBatch, refuseLocked('3'), { type: 'drop' }, refuseLocked('7'));
    const first = await w.sync.exportInventoryAdjustments();
    expect(network.pending).toBe(0);
    expect(slow.seen.peak).toBeGreaterThanOrEqual(2);
    // Whatever the first run left pending or failed, the next run finishes it, and nothing is doubled.
    const second = await w.sync.exportInventoryAdjustments();
    expect(second.status).toBe('completed');
    if ((first.entities.adjustment?.failed ?? 0) > 0) await w.sync.retryFailed();
    await w.sync.exportInventoryAdjustments();
    expectExportedOnce(w);
  });
});
