import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { Link, StateStore } from '../../../src/sync/state/store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';

// A quiet cycle (nothing changed on either side) must cost the same whatever the number of links:
// no store call that lists links, runs, the error queue or the whole journal, and no link read.

/** Store calls that list many records, with their arguments, and how many links they yielded. */
interface Listing {
  calls: string[];
  linksRead: number;
}

const LISTING = new Set(['listLinks', 'listLinksWithout', 'countLinks', 'listJournal', 'listFailed', 'listRuns']);

/** `inner`, noting every listing call while `listing` is set. */
function watched(inner: StateStore): { store: StateStore; start(): Listing } {
  let listing: Listing | undefined;
  const count = async function* (pages: AsyncIterable<Link[]>): AsyncIterable<Link[]> {
    for await (const page of pages) {
      if (listing) listing.linksRead += page.length;
      yield page;
    }
  };
  const store = new Proxy(inner, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!LISTING.has(String(name))) return value.bind(target);
      return (...args: unknown[]) => {
        listing?.calls.push(`${String(name)}(${JSON.stringify(args)})`);
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return name === 'listLinks' || name === 'listLinksWithout' ? count(result as AsyncIterable<Link[]>) : result;
      };
    },
  });
  return {
    store,
    start: () => {
      listing = { calls: [], linksRead: 0 };
      return listing;
    },
  };
}

function importedLink(n: number): Link {
  const qboId = String(100_000 + n);
  const data = { mapped: { itemNumber: `SKU-${qboId}` }, inventoryImported: true, inventoryQty: 3 };
  const hashes = { qboSyncToken: '0', itVersion: 1, qboHash: `h${qboId}`, itHash: `i${qboId}` };
  return { entity: 'item', qboId, itId: `bulk-${qboId}`, origin: 'qbo', ...hashes, data, updatedAt: 1_700_000_000_000 };
}

describe('a quiet cycle', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ company: { items: 5, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1 } });
    await world.sync.syncAll();
  });
  afterAll(() => world.close());

  async function quietListing(links: number): Promise<Listing> {
    const inner = new MemoryStateStore();
    for (let i = 0; i < links; i += 500) {
      await inner.putLinks(Array.from({ length: Math.min(500, links - i) }, (_, k) => importedLink(i + k)));
    }
    const { store, start } = watched(inner);
    const settings = { division: world.itEmu.divisionId, adjustmentAccountId: world.shrinkageAccountId };
    const sync = new Synchronizer({ qbo: world.qbo, intellitrack: world.it, store, settings });
    await sync.syncAll();
    await sync.syncAll();
    const listing = start();
    expect((await sync.syncAll()).status).toBe('completed');
    return listing;
  }

  it('lists no link and makes the same listing calls with 10 or 3,000 links', async () => {
    const few = await quietListing(10);
    const many = await quietListing(3000);
    expect(many.linksRead).toBe(0);
    expect(many.calls).toEqual(few.calls);
    expect(many.calls).toEqual([
      'listJournal([{"state":"pending"}])',
      'listLinksWithout(["item","inventoryImported"])',
    ]);
  });
});
