/**
 * The state a realm must converge to: the same company synced by one Synchronizer in one process,
 * with the same changes between runs.
 */

import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import type { World } from '../sync/harness.js';
import { checkNoDuplicates, endState } from '../sync/scenario.js';
import { clientsOf, type RealmWorld, startRealmWorld } from './realm-world.js';

/** The emulators of `w` seen as the sync tests' World (their end-state helpers read only the emulators). */
export function asWorld(w: RealmWorld): World {
  return { qboEmu: w.qboEmu, itEmu: w.itEmu } as unknown as World;
}

/** The end state of realm `w`'s emulators. */
export function stateOf(w: RealmWorld): ReturnType<typeof endState> {
  return endState(asWorld(w));
}

/** Asserts `w` has no record created twice. */
export function noDuplicates(w: RealmWorld): void {
  checkNoDuplicates(asWorld(w));
}

/** Changes made to a realm between syncs (the same in the fleet and in the reference). */
export type RealmChanges = (w: RealmWorld) => Promise<void> | void;

/** The end state of realm `realmId` seeded with `seed` after sync, `changes`, sync — in one process. */
export async function referenceState(realmId: string, seed: number, changes?: RealmChanges) {
  const w = await startRealmWorld({ realmId, seed });
  try {
    const clients = clientsOf(w.endpoints, globalThis.fetch);
    const sync = new Synchronizer({
      ...clients,
      store: new MemoryStateStore(),
      settings: { division: w.endpoints.division, adjustmentAccountId: w.endpoints.adjustmentAccountId },
    });
    await sync.syncAll();
    if (changes) {
      await changes(w);
      await sync.syncAll();
    }
    return stateOf(w);
  } finally {
    await w.close();
  }
}
