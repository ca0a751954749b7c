import { describe, expect, it } from 'vitest';
import { migratePostgres, PG_SCHEMA_VERSION } from '../../../src/postgres/index.js';
import { pgStatements } from '../../../src/postgres/statements.js';
import type { Link, StateStore } from '../../../src/sync/state/store.js';
import { link } from '../../../src/testing/store-contract-fixtures.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

/** Item `i`: imported unless `i` is a multiple of 100 (then no flag, or a flag that is not `true`). */
function item(i: number): Link {
  const qboId = `q${String(i).padStart(5, '0')}`;
  const data = i % 100 !== 0 ? { inventoryImported: true } : i % 200 === 0 ? {} : { inventoryImported: 'true' };
  return link({ qboId, itId: `i-${qboId}`, data });
}

async function pendingIds(store: StateStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of store.listLinksWithout('item', 'inventoryImported')) ids.push(...page.map((l) => l.qboId));
  return ids;
}

describe.skipIf(!databaseUrl)('PostgresStateStore pending inventory links (schema 4)', () => {
  const { pool, schema, db } = useTestDatabase('pending');
  const links = Array.from({ length: 5000 }, (_, i) => item(i));
  const expected = links.filter((_, i) => i % 100 === 0).map((l) => l.qboId);

  it('migrates a schema 3 database with links, then lists the pending ones from the index', async () => {
    await db().store('R').putLinks(links);
    // Schema 3 is the schemas after it without their indexes: take the database back to it.
    await pool.query(`DROP INDEX "${schema}".links_without_inventory_imported`);
    await pool.query(`DROP INDEX "${schema}".metered_calls_by_month`);
    await pool.query(`DELETE FROM "${schema}".schema_migrations WHERE version >= 4`);
    expect(await migratePostgres(pool, schema)).toEqual({ schema, from: 3, to: PG_SCHEMA_VERSION });
    expect(await pendingIds(db().store('R'))).toEqual(expected);
    const { rows } = await pool.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1', [schema]);
    expect(rows.map((r) => r.indexname)).toContain('links_without_inventory_imported');
  });

  it('reads the pending page along the partial index, never testing every link', async () => {
    await pool.query(`ANALYZE "${schema}".links`);
    const text = pgStatements(`"${schema}"`).linkPageWithout('inventoryImported');
    const { rows } = await pool.query(`EXPLAIN ${text}`, ['R', 'item', '', 1000]);
    const plan = rows.map((r) => r['QUERY PLAN'] as string).join('\n');
    expect(plan).toMatch(/Index Scan using links_without_inventory_imported/);
    expect(plan).not.toMatch(/Seq Scan|links_pkey|Sort/);
  });
});
