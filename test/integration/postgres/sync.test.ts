import { describe, expect, it } from 'vitest';
import type { SyncReport } from '../../../src/sync/report.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';
import { startWorld, type World } from '../sync/harness.js';

/** The demo's small company. */
const COMPANY = { items: 60, vendors: 6, customers: 8, purchaseOrders: 9, estimates: 12 };
const TABLES = ['links', 'watermarks', 'journal', 'failed', 'runs', 'leases', 'activity', 'metered_calls'] as const;

function writes(report: SyncReport): number {
  return Object.values(report.entities).reduce(
    (sum, e) => sum + (e?.created ?? 0) + (e?.updated ?? 0) + (e?.deleted ?? 0),
    0,
  );
}

function failures(report: SyncReport): number {
  return Object.values(report.entities).reduce((sum, e) => sum + (e?.failed ?? 0), 0);
}

describe.skipIf(!databaseUrl)('Synchronizer on PostgresStateStore', () => {
  const { pool, schema, db } = useTestDatabase('sync', 6);

  async function rowsOf(realm: string): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${schema}".${table} WHERE realm = $1`, [
        realm,
      ]);
      counts[table] = rows[0].n;
    }
    return counts;
  }

  it('syncs two companies at once into one schema; each converges and keeps its rows apart', async () => {
    const worlds: World[] = [];
    try {
      for (const seed of [11, 12]) worlds.push(await startWorld({ seed, company: { seed, ...COMPANY } }));
      const realms = worlds.map((w, i) => `${i === 0 ? 'A' : 'B'}-${w.qboEmu.realmId}`);
      const syncs = worlds.map(
        (w, i) =>
          new Synchronizer({
            qbo: w.qbo,
            intellitrack: w.it,
            store: db().store(realms[i] as string),
            settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
          }),
      );
      const first = await Promise.all(syncs.map((s) => s.syncAll()));
      for (const report of first) {
        expect(report.status, JSON.stringify(report.error)).toBe('completed');
        expect(failures(report)).toBe(0);
        expect(writes(report)).toBeGreaterThan(COMPANY.items);
      }
      const second = await Promise.all(syncs.map((s) => s.syncAll()));
      for (const report of second) {
        expect(report.status).toBe('completed');
        expect(writes(report), 'a second run over the Postgres state writes nothing').toBe(0);
      }
      for (const [i, world] of worlds.entries()) {
        const store = db().store(realms[i] as string);
        expect(await store.countLinks('item')).toBe(world.itEmu.data.count('items'));
        const rows = await rowsOf(realms[i] as string);
        expect(rows.runs).toBe(2);
        expect(rows.leases).toBe(1);
        console.log(`rows of realm ${realms[i]} after the demo-size sync and a second run: ${JSON.stringify(rows)}`);
      }
    } finally {
      await Promise.all(worlds.map((w) => w.close()));
    }
  }, 120_000);
});
