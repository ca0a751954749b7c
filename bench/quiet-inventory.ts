/**
 * A quiet cycle at scale: `syncAll()` and `sync('inventory')` with nothing changed on either side,
 * over a store that looks like one after a first sync of `--links` items (default 100,000): that many
 * item links whose inventory was imported, one settled journal entry and one activity entry each (of
 * one kept run), and the runs of this bench. Prints milliseconds per run (min, median, max of
 * `--runs`, default 7) for the memory store, a SQLite file and, with `--postgres <url>`, Postgres.
 * A smoke measurement, not a test:
 * `npx tsx bench/quiet-inventory.ts [--links 100000] [--runs 7] [--postgres postgres://…/db]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PostgresStateStore } from '../src/postgres/index.js';
import { SqliteStateStore } from '../src/sqlite/index.js';
import type { ActivityRecord } from '../src/sync/activity/types.js';
import { MemoryStateStore } from '../src/sync/state/memory-store.js';
import type { Link, StateStore } from '../src/sync/state/store.js';
import { Synchronizer } from '../src/sync/synchronizer.js';
import { startWorld } from '../test/integration/sync/harness.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const LINKS = Number(option('links') ?? 100_000);
const RUNS = Number(option('runs') ?? 7);
const POSTGRES = option('postgres');
const PAGE = 5000;

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

function created(n: number, at: number): ActivityRecord {
  const id = String(1_000_000 + n);
  return {
    runId: 'first-sync',
    at,
    flow: 'items',
    entity: 'item',
    direction: 'toIntelliTrack',
    sourceId: id,
    qboId: id,
    docNumber: null,
    itKey: `bulk-${id}`,
    action: 'created',
    reason: `create IntelliTrack item from QBO Item ${id}`,
    changes: [{ field: 'itemNumber', before: null, after: `SKU-${id}` }],
    warnings: [],
    by: null,
  };
}

/** What a first sync of LINKS items leaves: links, settled journal entries, activity of its run. */
async function fill(store: StateStore): Promise<void> {
  const at = Date.now();
  await store.putRun({
    id: 'first-sync',
    operation: 'syncAll',
    startedAt: at,
    finishedAt: at,
    status: 'completed',
    report: {},
  });
  for (let i = 0; i < LINKS; i += PAGE) {
    const n = Math.min(PAGE, LINKS - i);
    await store.transaction(async () => {
      await store.putLinks(Array.from({ length: n }, (_, k) => importedLink(i + k)));
      for (let k = i; k < i + n; k += 1) {
        const body = { Name: `SKU-${1_000_000 + k}` };
        const payload = { requestId: `r${k}`, body };
        const entry = { key: `item:${k}:create`, entity: 'item' as const, operation: 'create', state: 'done' as const };
        await store.putJournal({
          ...entry,
          payload,
          result: { Id: String(k) },
          error: null,
          attempts: 1,
          createdAt: at,
          updatedAt: at,
        });
      }
      await store.putActivity(Array.from({ length: n }, (_, k) => created(i + k, at)));
    });
  }
}

async function timed(label: string, run: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const ms = (t: number | undefined): string => String(Math.round(t ?? Number.NaN));
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(`${label}: min ${ms(sorted[0])}, median ${ms(median)}, max ${ms(sorted.at(-1))} ms`);
}

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-quiet-'));
const world = await startWorld({ company: { items: 20, vendors: 3, customers: 3, purchaseOrders: 3, estimates: 3 } });
try {
  const settings = { division: world.itEmu.divisionId, adjustmentAccountId: world.shrinkageAccountId };
  await world.sync.syncAll();
  const stores: [string, () => Promise<StateStore>][] = [
    ['memory', async () => new MemoryStateStore()],
    ['sqlite', () => SqliteStateStore.open({ path: join(dir, 'state.sqlite') })],
  ];
  const schema = `quiet_bench_${process.pid}`;
  if (POSTGRES) {
    stores.push(['postgres', () => PostgresStateStore.open({ connectionString: POSTGRES, schema, realm: 'bench' })]);
  }
  for (const [name, open] of stores) {
    const store = await open();
    await fill(store);
    const sync = new Synchronizer({ qbo: world.qbo, intellitrack: world.it, store, settings });
    await sync.syncAll();
    await sync.syncAll();
    await timed(`${name} store, ${LINKS} links, quiet syncAll`, () => sync.syncAll());
    await timed(`${name} store, ${LINKS} links, quiet importInventory`, () => sync.sync('inventory'));
    await store.close();
  }
  if (POSTGRES) {
    const pool = new pg.Pool({ connectionString: POSTGRES, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
} finally {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
}
