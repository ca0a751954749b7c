import type { Clock } from '../../../src/core/clock.js';
import type { LeaseOptions } from '../../../src/sync/state/lease-holder.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import type { World } from './harness.js';
import { endState, warehouseWork } from './scenario.js';

/** IntelliTrack write methods a sync calls. */
const IT_WRITES = new Set(['create', 'update', 'delete', 'bulk', 'loadInventory', 'receive', 'pick', 'closeOrder']);

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
}

/**
 * `api` whose write calls wait for `release()` before they are sent: `reached` resolves when the
 * first one arrives (the run is then "paused" there, as a process stopped by the OS or a long GC).
 */
export function pausedWrites<T extends object>(api: T): { api: T; reached: Promise<void>; release: () => void } {
  let reach = (): void => {};
  let release = (): void => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const proxy = new Proxy(api, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const bound = (value as (...a: unknown[]) => unknown).bind(target);
      if (typeof prop !== 'string' || !IT_WRITES.has(prop)) return bound;
      return async (...args: unknown[]) => {
        reach();
        await gate;
        return bound(...args);
      };
    },
  });
  return { api: proxy, reached, release };
}

/** A Synchronizer of world `w` (its clients and store) with its own lease options and clock. */
export function syncOf(
  w: World,
  lease: LeaseOptions,
  init: { clock?: Clock; intellitrack?: World['it'] } = {},
): Synchronizer {
  return new Synchronizer({
    qbo: w.qbo,
    intellitrack: init.intellitrack ?? w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
    lease,
    ...(init.clock ? { clock: init.clock } : {}),
  });
}

/** Records created by a report, over every entity. */
export function createdBy(report: { entities: Record<string, { created: number }> }): number {
  return Object.values(report.entities).reduce((sum, e) => sum + e.created, 0);
}

/** The end state of `w` after one sync, the warehouse work and a second sync, with one runner only. */
export async function referenceState(w: World): Promise<ReturnType<typeof endState>> {
  const sync = syncOf(w, { owner: 'only' });
  await sync.syncAll();
  await warehouseWork(w);
  await sync.syncAll();
  return endState(w);
}
