import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../../../src/sync/activity/types.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { StateStore } from '../../../src/sync/state/store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A memory store whose `putActivity` fails on its `failAt`-th call, as a store losing its disk would. */
function storeFailingActivity(failAt: number): StateStore {
  const inner = new MemoryStateStore();
  let calls = 0;
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'putActivity') {
        return async (records: readonly ActivityRecord[]) => {
          calls += 1;
          if (calls === failAt) throw new Error('disk full');
          return target.putActivity(records);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('activity entries and settled writes', () => {
  it('never keep a settled link without its entry, or an entry without its link, when the entry cannot be written', async () => {
    world = await startWorld({
      company: { items: 8, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0, seed: 3 },
    });
    const w = world;
    const store = storeFailingActivity(4);
    const sync = new Synchronizer({
      qbo: w.qbo,
      intellitrack: w.it,
      store,
      settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
    });
    await sync.syncItems().catch(() => undefined);
    await sync.syncItems();
    const links: string[] = [];
    for await (const page of store.listLinks('item')) links.push(...page.map((l) => l.qboId));
    const created = (await sync.activity({ flow: 'items', limit: 1000 })).entries
      .filter((e) => e.action === 'created')
      .map((e) => e.qboId);
    expect(created.sort()).toEqual(links.sort());
    // Nothing was created twice in IntelliTrack.
    const refs = w.itEmu.data.list('items').map((i) => i.externalRef);
    expect(new Set(refs).size).toBe(refs.length);
  });
});
