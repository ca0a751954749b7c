import { describe, expect, it } from 'vitest';
import { pgStatements } from '../../../src/postgres/statements.js';
import { journal, link } from '../../../src/testing/store-contract-fixtures.js';
import { databaseUrl, useTestDatabase } from '../../support/postgres.js';

describe.skipIf(!databaseUrl)('PostgresStateStore page reads of links and journal entries', () => {
  const { pool, schema, db } = useTestDatabase('pagelinks');

  it('looks a page of ids up in the indexes, never testing every link of the entity', async () => {
    const store = db().store('R');
    const links = Array.from({ length: 20_000 }, (_, i) => link({ qboId: `q${i}`, itId: `i-${i}` }));
    await store.putLinks(links);
    await pool.query(`ANALYZE "${schema}".links`);
    const sql = pgStatements(`"${schema}"`);
    const page = Array.from({ length: 100 }, (_, i) => String(i * 37));
    for (const [text, ids, index] of [
      [sql.linksByQboIds, page.map((n) => `q${n}`), 'links_pkey'],
      [sql.linksByItIds, page.map((n) => `i-${n}`), 'links_by_it_id'],
    ] as const) {
      const { rows } = await pool.query(`EXPLAIN ${text}`, ['R', 'item', ids]);
      const plan = rows.map((r) => r['QUERY PLAN'] as string).join('\n');
      expect(plan).toContain(index);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    const found = await store.getLinksByItIds(
      'item',
      page.map((n) => `i-${n}`),
    );
    expect(found.map((l) => l.qboId).sort()).toEqual(page.map((n) => `q${n}`).sort());
  });

  it('looks a group of journal keys up in the primary key', async () => {
    const store = db().store('R');
    await store.transaction(async () => {
      for (let i = 0; i < 20_000; i += 1) await store.putJournal(journal({ key: `adj:${i}:export`, createdAt: i }));
    });
    await pool.query(`ANALYZE "${schema}".journal`);
    const keys = Array.from({ length: 100 }, (_, i) => `adj:${i * 37}:export`);
    const { rows } = await pool.query(`EXPLAIN ${pgStatements(`"${schema}"`).journalEntries}`, ['R', keys]);
    const plan = rows.map((r) => r['QUERY PLAN'] as string).join('\n');
    expect(plan).toContain('journal_pkey');
    expect(plan).not.toMatch(/Seq Scan/);
    expect((await store.getJournalEntries(keys)).map((e) => e.key).sort()).toEqual([...keys].sort());
  });
});
