import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../../src/sqlite/index.js';
import { linkPageWithoutSql } from '../../../src/sqlite/statements.js';
import type { Link, StateStore } from '../../../src/sync/state/store.js';
import { link } from '../../../src/testing/store-contract-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-sqlite-pending-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newPath = (): string => join(dir, `db-${++n}.sqlite`);

/** Item `i`: imported when `i` is a multiple of 3, else pending (no flag, or a flag that is not `true`). */
function item(i: number): Link {
  const qboId = `q${String(i).padStart(4, '0')}`;
  const data = i % 3 === 0 ? { inventoryImported: true } : i % 3 === 1 ? {} : { inventoryImported: 'true' };
  return link({ qboId, itId: `i-${qboId}`, data });
}

async function pendingIds(store: StateStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of store.listLinksWithout('item', 'inventoryImported')) ids.push(...page.map((l) => l.qboId));
  return ids;
}

function plan(raw: Database.Database, sql: string): string {
  const rows = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('item', '', 1000) as { detail: string }[];
  return rows.map((r) => r.detail).join('; ');
}

describe('SqliteStateStore pending inventory links (schema 6)', () => {
  it('migrates a schema 5 file with links, indexing exactly the links still to import', async () => {
    const path = newPath();
    const first = await SqliteStateStore.open({ path });
    const links = Array.from({ length: 30 }, (_, i) => item(i));
    await first.putLinks(links);
    await first.close();
    // Schema 5 is schema 6 without the index: take the file back to it.
    const raw = new Database(path);
    raw.exec("DROP INDEX links_without_inventory_imported; UPDATE meta SET value = '5' WHERE key = 'schema_version'");
    raw.close();

    const store = await SqliteStateStore.open({ path });
    const expected = links.filter((_, i) => i % 3 !== 0).map((l) => l.qboId);
    expect(await pendingIds(store)).toEqual(expected);
    await store.putLinks([item(3 * 40 + 1), { ...(links[1] as Link), data: { inventoryImported: true } }]);
    await store.close();
    const check = new Database(path, { readonly: true });
    try {
      expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('6');
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'links'");
      expect(indexes.pluck().all()).toContain('links_without_inventory_imported');
      const rows = check.prepare(linkPageWithoutSql('inventoryImported')).all('item', '', 1000) as { qbo_id: string }[];
      const indexed = rows.map((row) => row.qbo_id);
      expect(indexed).toEqual([...expected.filter((id) => id !== 'q0001'), 'q0121']);
    } finally {
      check.close();
    }
  });

  it('reads the pending page along the partial index, never testing every link', async () => {
    const path = newPath();
    await (await SqliteStateStore.open({ path })).close();
    const raw = new Database(path, { readonly: true });
    try {
      const pending = plan(raw, linkPageWithoutSql('inventoryImported'));
      expect(pending).toMatch(/SEARCH links USING INDEX links_without_inventory_imported \(entity=\? AND qbo_id>\?\)/);
      expect(pending).not.toMatch(/PRIMARY KEY|SCAN|TEMP B-TREE/);
      // Any other flag has no index: its page walks the entity's links in key order.
      expect(plan(raw, linkPageWithoutSql('imported'))).toMatch(/SEARCH links USING PRIMARY KEY/);
    } finally {
      raw.close();
    }
  });
});
