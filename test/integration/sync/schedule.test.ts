import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/sync/alerts/types.js';
import type { SyncEvents } from '../../../src/sync/events.js';
import type { FlowSchedule } from '../../../src/sync/schedule/types.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { VirtualClock } from '../../support/virtual-clock.js';
import { startWorld, type World } from './harness.js';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T08:00:00.000Z');
const COMPANY = { items: 6, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 5 };

let world: World | undefined;
const syncs: Synchronizer[] = [];
afterEach(async () => {
  for (const sync of syncs.splice(0)) await sync.stopAutoSync();
  await world?.close();
  world = undefined;
});

function synchronizer(w: World, clock: VirtualClock, extra: { onAlert?: (a: Alert) => void; account?: string } = {}) {
  const sync = new Synchronizer({
    qbo: w.qbo,
    intellitrack: w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: extra.account ?? w.shrinkageAccountId },
    clock,
    ...(extra.onAlert ? { alerts: { onAlert: extra.onAlert } } : {}),
  });
  syncs.push(sync);
  return sync;
}

const byFlow = (schedule: FlowSchedule[], flow: string) => schedule.find((s) => s.flow === flow);
const at = (minutes: number) => new Date(T0 + minutes * MIN).toISOString();

describe('per-flow auto sync schedule', () => {
  it('runs items hourly and adjustments every 5 minutes, never overlapping, and reports last and next run', async () => {
    world = await startWorld({ company: COMPANY });
    const clock = new VirtualClock(T0, T0 + 62 * MIN);
    const sync = synchronizer(world, clock);
    const ticks: SyncEvents['tick'][] = [];
    const runs: { operation: string; status: string }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    sync.on('tick', (t) => {
      ticks.push(t);
      if (!t.skipped) maxInFlight = Math.max(maxInFlight, ++inFlight);
    });
    sync.on('run', (r) => {
      inFlight -= 1;
      runs.push({ operation: r.operation, status: r.status });
    });
    sync.startAutoSync({ intervals: { items: 60, adjustments: 5 } });
    await clock.reached;

    const ran = ticks.filter((t) => !t.skipped);
    expect(ran.map((t) => [t.at, t.flows])).toEqual([
      [at(0), ['items', 'adjustments']],
      ...[5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55].map((m) => [at(m), ['adjustments']]),
      [at(60), ['items', 'adjustments']],
    ]);
    expect(runs).toHaveLength(13);
    expect(runs.every((r) => r.status === 'completed')).toBe(true);
    expect(runs[0]?.operation).toBe('sync:items,adjustments');
    expect(runs[1]?.operation).toBe('exportInventoryAdjustments');
    expect(maxInFlight).toBe(1);

    const schedule = await sync.schedule();
    expect(byFlow(schedule, 'items')).toEqual({
      flow: 'items',
      intervalMs: 60 * MIN,
      lastRunAt: at(60),
      lastResult: 'completed',
      lastCompletedAt: at(60),
      nextDueAt: at(120),
      running: false,
    });
    expect(byFlow(schedule, 'adjustments')).toMatchObject({ intervalMs: 5 * MIN, nextDueAt: at(65) });
    expect(byFlow(schedule, 'vendors')).toMatchObject({ intervalMs: null, nextDueAt: null, lastCompletedAt: null });
  });

  it('a restart keeps the last completed run: the next run is due one interval after it, not at once', async () => {
    world = await startWorld({ company: COMPANY });
    const clock = new VirtualClock(T0, T0 + 30 * MIN);
    const first = synchronizer(world, clock);
    await first.syncItems();
    clock.at = T0 + 20 * MIN;

    // Another process (a new Synchronizer over the same store) starts auto sync.
    const second = synchronizer(world, clock);
    const ticks: SyncEvents['tick'][] = [];
    second.on('tick', (t) => ticks.push(t));
    second.startAutoSync({ intervals: { items: 60 } });
    await clock.reached;
    expect(ticks).toEqual([]);
    expect(clock.sleeps.at(-1)).toBe(40 * MIN);
    expect(byFlow(await second.schedule(), 'items')).toMatchObject({
      lastCompletedAt: at(0),
      lastResult: 'completed',
      nextDueAt: at(60),
    });

    clock.extend(T0 + 61 * MIN);
    await clock.reached;
    expect(ticks.map((t) => [t.at, t.flows, t.skipped])).toEqual([[at(60), ['items'], false]]);
    expect(byFlow(await second.schedule(), 'items')).toMatchObject({ lastCompletedAt: at(60), nextDueAt: at(120) });
  });

  it('stops on an error every run would repeat, raises auto-sync-stopped, and reports no next run', async () => {
    world = await startWorld({ company: COMPANY });
    const clock = new VirtualClock(T0, T0 + 30 * MIN);
    const alerts: Alert[] = [];
    const sync = synchronizer(world, clock, { onAlert: (a) => alerts.push(a), account: '' });
    sync.startAutoSync({ intervals: { adjustments: 5 } });
    await expect.poll(() => alerts.map((a) => a.kind), { timeout: 5_000 }).toContain('auto-sync-stopped');
    const stopped = alerts.find((a) => a.kind === 'auto-sync-stopped');
    expect(stopped).toMatchObject({ error: { name: 'ConfigurationError' }, realmId: world.qboEmu.realmId });
    expect(stopped?.message).toContain('adjustmentAccountId');
    expect(byFlow(await sync.schedule(), 'adjustments')).toMatchObject({ nextDueAt: null, lastResult: 'failed' });
  });

  it('rejects an unknown flow or a bad interval, naming it', async () => {
    world = await startWorld({ company: COMPANY });
    const sync = synchronizer(world, new VirtualClock(T0, T0));
    expect(() => sync.startAutoSync({ intervals: { itemz: 5 } as never })).toThrow(/unknown flow "itemz"/);
    expect(() => sync.startAutoSync({ intervals: { items: 0 } })).toThrow(/intervals\.items must be a positive/);
  });
});
