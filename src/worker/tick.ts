/**
 * The schedule tick: one job for the whole fleet every `tickSeconds` (pg-boss's throttle keeps it
 * to one per slot however many workers ask), which asks for every due scope of every enabled realm
 * and re-sends a job for realms whose pending work has waited longer than a tick (its job was lost
 * with a killed worker, or ran out of retries).
 */
import type { Clock } from '../core/clock.js';
import type { PendingTable } from './pending.js';
import type { WorkQueue } from './queue.js';
import type { RealmRegistry } from './registry.js';
import type { ScheduleTable } from './schedule.js';

/** What a tick did. */
export interface TickResult {
  /** Scopes asked for because their schedule was due. */
  scheduled: number;
  /** Realms whose stale pending work was sent again. */
  recovered: number;
}

/** What a tick works with. */
export interface TickDeps {
  registry: RealmRegistry;
  pending: PendingTable;
  schedule: ScheduleTable;
  queue: WorkQueue;
  clock: Clock;
  tickSeconds: number;
}

/** Runs one tick. */
export async function runTick(deps: TickDeps): Promise<TickResult> {
  const now = deps.clock.now();
  const realms = await deps.registry.list({ enabledOnly: true });
  const due = await deps.schedule.due(realms, now, deps.tickSeconds * 2000);
  for (const { realmId, scope } of due) {
    await deps.schedule.enqueued(realmId, scope, now);
    await deps.queue.sync(realmId, scope, 'schedule');
  }
  const enabled = new Set(realms.map((r) => r.realmId));
  const dueRealms = new Set(due.map((d) => d.realmId));
  const stale = (await deps.pending.stale(new Date(now - deps.tickSeconds * 1000))).filter(
    (id) => enabled.has(id) && !dueRealms.has(id),
  );
  for (const realmId of stale) await deps.queue.send(realmId, 'recovery');
  return { scheduled: due.length, recovered: stale.length };
}
