/**
 * A quiet cycle at scale: `syncAll()` and `sync('inventory')` with nothing changed on either side,
 * over a store holding `--links` item links (default 100,000) whose inventory was imported long ago.
 * Prints milliseconds per run for the memory and the SQLite store. A smoke measurement, not a test:
 * `npx tsx bench/quiet-inventory.ts [--links 100000]`.
 */
import { performance } from 'node:perf_hooks';
import { SqliteStateStore } from '../src/sqlite/index.js';
import { MemoryStateStore } from '../src/sync/state/memory-store.js';
import type { Link, StateStore } from '../src/sync/state/store.js';
import { Synchronizer } from '../src/sync/synchronizer.js';
import { startWorld } from '../test/integration/sync/harness.js';

const flag = process.argv.indexOf('--links');
const LINKS = flag > 0 ? Number(process.argv[flag + 1]) : 100_000;

function importedLink(n: number): Link {
  const id = String(1_000_000 + n);
  return {
    entity: 'item',
    qboId: id,
    itId: `bulk-${id}`,
    origin: 'qbo',
    qboSyncToken: '0',
    itVersion: 1,
    qboHash: `h${id}`,
    itHash: `i${id}`,
    data: { mapped: { itemNumber: `SKU-${id}`, description: `Item ${id}` }, inventoryImported: true, inventoryQty: 3 },
    updatedAt: 1_700_000_000_000,
  };
}

async function fill(store: StateStore): Promise<void> {
  for (let i = 0; i < LINKS; i += 5000) {
    await store.putLinks(Array.from({ length: Math.min(5000, LINKS - i) }, (_, k) => importedLink(i + k)));
  }
}

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const start = performance.now();
    await run();
    times.push(Math.round(performance.now() - start));
  }
  console.log(`${label}: ${times.join(', ')} ms`);
}

const world = await startWorld({ company: { items: 20, vendors: 3, customers: 3, purchaseOrders: 3, estimates: 3 } });
try {
  const settings = { division: world.itEmu.divisionId, adjustmentAccountId: world.shrinkageAccountId };
  await world.sync.syncAll();
  const sqlite = await SqliteStateStore.open({ path: ':memory:' });
  for (const [name, store] of [
    ['memory', new MemoryStateStore()],
    ['sqlite', sqlite],
  ] as const) {
    await fill(store);
    const sync = new Synchronizer({ qbo: world.qbo, intellitrack: world.it, store, settings });
    await sync.syncAll();
    await timed(`${name} store, ${LINKS} links, quiet syncAll`, () => sync.syncAll());
    await timed(`${name} store, ${LINKS} links, quiet importInventory`, () => sync.sync('inventory'));
  }
  await sqlite.close();
} finally {
  await world.close();
}
