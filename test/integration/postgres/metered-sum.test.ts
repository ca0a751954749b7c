/**
 * The app's metered calls of a month (`sumMeteredCalls`) in a schema of many realms: every realm's
 * row of that month, summed, read from the month index (schema 5) without a walk of the table; and
 * the app's total each add returns, taken in turn by processes adding at once.
 */
import { describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../../src/postgres/index.js';
import { pgStatements } from '../../../src/postgres/statements.js';
import { databaseUrl, testPool, useTestDatabase } from '../../support/postgres.js';

describe.skipIf(!databaseUrl)('PostgresStateStore metered calls of every realm (schema 5)', () => {
  const { pool, schema, db } = useTestDatabase('metered');
  const REALMS = 2_000;
  const MONTHS = ['2026-10', '2026-11', '2026-12'];

  it("sums every store realm's calls of one month, whichever store asks", async () => {
    // A fleet's year: one row per realm and month, written the way the stores write them.
    await pool.query(
      `INSERT INTO "${schema}".metered_calls (realm, realm_id, month, core_plus, core, updated_at)
       SELECT 'r' || i, 'r' || i, m, i % 7, i % 3, 1 FROM generate_series(1, $1) AS i, unnest($2::text[]) AS m`,
      [REALMS, MONTHS],
    );
    await db().store('r1').addMeteredCalls('r1', '2026-11', { corePlus: 100, core: 1, at: 2 });
    let corePlus = 100;
    let core = 1;
    for (let i = 1; i <= REALMS; i += 1) {
      corePlus += i % 7;
      core += i % 3;
    }
    const expected = { corePlus, core, companies: REALMS };
    expect(await db().store('r1').sumMeteredCalls('2026-11')).toEqual(expected);
    expect(await db().store('another').sumMeteredCalls('2026-11')).toEqual(expected);
    expect(await db().store('r1').sumMeteredCalls('2027-01')).toEqual({ corePlus: 0, core: 0, companies: 0 });
  });

  it('reads the month from its index, not every row of every month', async () => {
    await pool.query(`VACUUM ANALYZE "${schema}".metered_calls`);
    const { rows } = await pool.query(`EXPLAIN ${pgStatements(`"${schema}"`).metering.sum}`, ['2026-11']);
    const plan = rows.map((r) => r['QUERY PLAN'] as string).join('\n');
    expect(plan).toMatch(/Index Only Scan using metered_calls_by_month/);
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it("returns with each add the app's total as that add left it, when processes add at once", async () => {
    // Eight processes, each with its own pool, add their company's calls at the same moment, five times over.
    const pools = Array.from({ length: 8 }, () => testPool(2));
    const processes = await Promise.all(pools.map((pool) => PostgresDatabase.open({ pool, schema })));
    try {
      const adds = await Promise.all(
        processes.flatMap((process, p) =>
          Array.from({ length: 5 }, () =>
            process.store(`w${p}`).addMeteredCalls(`w${p}`, '2030-06', { corePlus: p + 1, core: 0, at: 1 }),
          ),
        ),
      );
      // The totals before and after each add tile the month's count: no two adds saw the same total before them.
      const spans = adds
        .map((a) => [a.appTotal.corePlus - (Number(a.realmId.slice(1)) + 1), a.appTotal.corePlus])
        .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
      const starts = spans.map(([from]) => from);
      const ends = [0, ...spans.map(([, to]) => to).slice(0, -1)];
      expect(starts).toEqual(ends);
      expect(spans.at(-1)?.[1]).toBe((5 * (8 * 9)) / 2);
    } finally {
      for (const process of processes) await process.close();
      for (const pool of pools) await pool.end();
    }
  });
});
