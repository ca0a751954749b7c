import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, LeaseLostError, SyncInProgressError } from '../../../src/core/errors.js';
import { startWorld, type World } from './harness.js';
import { createdBy, ManualClock, pausedWrites, referenceState, syncOf } from './lease-helpers.js';
import { COMPANY, checkNoDuplicates, endState, warehouseWork } from './scenario.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const TTL = 60_000;
let worlds: World[] = [];

async function world(): Promise<World> {
  const w = await startWorld({ company: COMPANY, seed: 5 });
  worlds.push(w);
  return w;
}

afterEach(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});

describe('two Synchronizers on one realm sharing one store', () => {
  it('fail fast: one run writes, the other fails with SyncInProgressError; nothing is written twice', async () => {
    const expected = await referenceState(await world());
    const w = await world();
    const a = syncOf(w, { owner: 'replica-a' });
    const b = syncOf(w, { owner: 'replica-b' });
    for (const round of [1, 2]) {
      const outcomes = await Promise.allSettled([a.syncAll(), b.syncAll()]);
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(refused).toHaveLength(1);
      const error = (refused[0] as PromiseRejectedResult).reason as SyncInProgressError;
      expect(error).toBeInstanceOf(SyncInProgressError);
      expect(error.holder).toBe('replica-a');
      expect(error.lease).toBe(`realm:${w.qboEmu.realmId}`);
      if (round === 1) await warehouseWork(w);
    }
    checkNoDuplicates(w);
    expect(endState(w)).toEqual(expected);
  });

  it('wait: the second run waits for the first, then finds nothing left to create', async () => {
    const expected = await referenceState(await world());
    const w = await world();
    const a = syncOf(w, { owner: 'replica-a' });
    const b = syncOf(w, { owner: 'replica-b', waitMs: 30_000, pollMs: 10 });
    const [first, second] = await Promise.all([a.syncAll(), b.syncAll()]);
    expect(first.status).toBe('completed');
    expect(second.status).toBe('completed');
    expect(createdBy(first)).toBeGreaterThan(0);
    expect(createdBy(second)).toBe(0);
    await warehouseWork(w);
    await Promise.all([a.syncAll(), b.syncAll()]);
    checkNoDuplicates(w);
    expect(endState(w)).toEqual(expected);
  });

  it('a wait is abortable and bounded', async () => {
    const w = await world();
    const paused = pausedWrites(w.it);
    const a = syncOf(w, { owner: 'a' }, { intellitrack: paused.api });
    const running = a.syncAll();
    await paused.reached;
    const b = syncOf(w, { owner: 'b', waitMs: 60_000, pollMs: 10 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(b.syncAll({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    const bounded = syncOf(w, { owner: 'c', waitMs: 60, pollMs: 20 });
    const started = Date.now();
    await expect(bounded.syncAll()).rejects.toBeInstanceOf(SyncInProgressError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    paused.release();
    expect((await running).status).toBe('completed');
    checkNoDuplicates(w);
  });
});

describe('auto sync', () => {
  it('a tick that finds the lease held by another process is reported as skipped, with the holder', async () => {
    const w = await world();
    const paused = pausedWrites(w.it);
    const running = syncOf(w, { owner: 'cron' }, { intellitrack: paused.api }).syncAll();
    await paused.reached;
    const watcher = syncOf(w, { owner: 'watch' });
    const skipped = new Promise<string>((resolve) => {
      watcher.on('tick', (tick) => {
        if (tick.skipped) resolve(tick.reason ?? '');
      });
    });
    watcher.startAutoSync({ intervalMinutes: 60 });
    expect(await skipped).toContain('owner cron');
    await watcher.stopAutoSync();
    paused.release();
    expect((await running).status).toBe('completed');
  });
});

describe('lease expiry and renewal', () => {
  it("a crashed holder's lease lapses after its TTL and the next run takes over", async () => {
    const w = await world();
    const clock = new ManualClock(T0);
    const name = `realm:${w.qboEmu.realmId}`;
    const crashed = await w.store.leases.acquire({ name, owner: 'crashed', ttlMs: TTL, now: T0 });
    expect(crashed.acquired).toBe(true);
    const next = syncOf(w, { owner: 'next', ttlMs: TTL }, { clock });
    clock.at = T0 + TTL - 1;
    await expect(next.syncAll()).rejects.toBeInstanceOf(SyncInProgressError);
    clock.at = T0 + TTL;
    expect((await next.syncAll()).status).toBe('completed');
    expect(await w.store.leases.get(name)).toEqual({ name, owner: '', token: 2, expiresAt: 0 });
  });

  it('a run longer than its TTL keeps its lease by renewing it', async () => {
    const w = await world();
    const paused = pausedWrites(w.it);
    const a = syncOf(w, { owner: 'a', ttlMs: 150 }, { intellitrack: paused.api });
    const running = a.syncAll();
    await paused.reached;
    await new Promise((resolve) => setTimeout(resolve, 450));
    await expect(syncOf(w, { owner: 'b' }).syncAll()).rejects.toBeInstanceOf(SyncInProgressError);
    paused.release();
    expect((await running).status).toBe('completed');
  });
});

describe('a zombie holder', () => {
  it('paused past its TTL and taken over: its next write is refused (fence) and nothing is duplicated', async () => {
    const expected = await referenceState(await world());
    const w = await world();
    const clock = new ManualClock(T0);
    const paused = pausedWrites(w.it);
    const zombie = syncOf(w, { owner: 'zombie', ttlMs: TTL }, { clock, intellitrack: paused.api });
    const running = zombie.syncAll();
    // Its first IntelliTrack writes are journalled (pending) and about to be sent when it stops.
    await paused.reached;
    expect((await w.store.listJournal({ state: 'pending' })).length).toBeGreaterThan(0);
    clock.at = T0 + TTL + 1;
    const successor = syncOf(w, { owner: 'successor', ttlMs: TTL }, { clock });
    const report = await successor.syncAll();
    expect(report.status).toBe('completed');
    expect(report.notes.some((n) => n.includes('re-sent'))).toBe(true);
    // The zombie wakes up: what it sends is answered from the idempotency keys, then its write is fenced.
    paused.release();
    await expect(running).rejects.toBeInstanceOf(LeaseLostError);
    const runs = await w.store.listRuns();
    expect(runs.map((r) => r.status)).toContain('failed');
    await warehouseWork(w);
    await successor.syncAll();
    checkNoDuplicates(w);
    expect(endState(w)).toEqual(expected);
  });
});
