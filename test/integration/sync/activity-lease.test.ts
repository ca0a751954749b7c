import { afterEach, describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../../src/core/errors.js';
import type { ActivityRecord } from '../../../src/sync/activity/types.js';
import { FencedStore } from '../../../src/sync/state/fenced-store.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { startWorld, type World } from './harness.js';
import { ManualClock, pausedWrites, syncOf } from './lease-helpers.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const TTL = 60_000;
let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('activity entries of a run whose lease was taken over', () => {
  it('are fenced like its other writes: every record is logged created once, by the run that created it', async () => {
    world = await startWorld({
      company: { items: 8, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 5 },
    });
    const w = world;
    const clock = new ManualClock(T0);
    const paused = pausedWrites(w.it);
    const zombie = syncOf(w, { owner: 'zombie', ttlMs: TTL }, { clock, intellitrack: paused.api });
    const running = zombie.syncAll();
    await paused.reached;
    clock.at = T0 + TTL + 1;
    const successor = syncOf(w, { owner: 'successor', ttlMs: TTL }, { clock });
    const report = await successor.syncAll();
    paused.release();
    await expect(running).rejects.toBeInstanceOf(LeaseLostError);

    const entries = (await successor.activity({ limit: 1000 })).entries;
    const master = new Set(['vendor', 'customer', 'item']);
    const created = entries
      .filter((e) => e.action === 'created' && master.has(e.entity))
      .map((e) => `${e.entity}:${e.qboId}`);
    expect(new Set(created).size).toBe(created.length);
    let links = 0;
    for (const entity of ['vendor', 'customer', 'item'] as const) links += await w.store.countLinks(entity);
    expect(created).toHaveLength(links);
    const zombieRun = (await successor.runs()).find((r) => r.status === 'failed');
    expect(zombieRun).toBeDefined();
    // Nothing the zombie logged is later than the takeover.
    const late = entries.filter((e) => e.runId === zombieRun?.id && e.at > T0 + TTL);
    expect(late).toEqual([]);
    expect(entries.some((e) => e.runId === report.runId)).toBe(true);
  });

  it('a write of activity through a store fenced by a lease another owner took over is refused, and nothing is kept', async () => {
    const store = new MemoryStateStore();
    const first = await store.leases.acquire({ name: 'realm:1', owner: 'a', ttlMs: TTL, now: T0 });
    if (!first.acquired) throw new Error('not acquired');
    const fenced = new FencedStore(store, first.lease);
    const entry: ActivityRecord = {
      runId: 'r1',
      at: T0,
      flow: 'items',
      entity: 'item',
      direction: null,
      sourceId: '1',
      qboId: '1',
      docNumber: null,
      itKey: null,
      action: 'skipped',
      reason: 'test',
      changes: [],
      warnings: [],
      by: null,
    };
    await fenced.putActivity([entry]);
    const second = await store.leases.acquire({ name: 'realm:1', owner: 'b', ttlMs: TTL, now: T0 + TTL + 1 });
    expect(second.acquired).toBe(true);
    await expect(fenced.putActivity([{ ...entry, sourceId: '2' }])).rejects.toBeInstanceOf(LeaseLostError);
    expect((await store.listActivity({ limit: 10 })).map((e) => e.sourceId)).toEqual(['1']);
  });
});
