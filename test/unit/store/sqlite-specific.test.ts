import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigurationError, StateStoreError } from '../../../src/index.js';
import { loadSqliteDriver, SCHEMA_VERSION, SqliteStateStore } from '../../../src/sqlite/index.js';
import { prepareStatements } from '../../../src/sqlite/statements.js';
import { journal } from '../../../src/testing/store-contract-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-sqlite-specific-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newPath = (): string => join(dir, `db-${++n}.sqlite`);

async function createAndClose(path: string, synchronous?: 'full' | 'normal'): Promise<void> {
  const store = await SqliteStateStore.open(synchronous ? { path, synchronous } : { path });
  await store.setWatermark('w', '1');
  await store.close();
}

describe('SqliteStateStore specifics', () => {
  it('records the schema version in the meta table and uses WAL', async () => {
    const path = newPath();
    await createAndClose(path);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(
        String(SCHEMA_VERSION),
      );
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('refuses a database written with a newer schema, naming the field', async () => {
    const path = newPath();
    await createAndClose(path);
    const raw = new Database(path);
    raw.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    const opening = SqliteStateStore.open({ path });
    await expect(opening).rejects.toBeInstanceOf(StateStoreError);
    await expect(SqliteStateStore.open({ path })).rejects.toMatchObject({ field: 'schema_version' });
  });

  it('migrates a database that has only the meta table, and leaves a current one alone', async () => {
    const path = newPath();
    const raw = new Database(path);
    raw.exec(
      "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT; INSERT INTO meta VALUES ('owner', 'x')",
    );
    raw.close();
    await createAndClose(path);
    const store = await SqliteStateStore.open({ path });
    expect(await store.getWatermark('w')).toBe('1');
    await store.close();
  });

  it('uses an index for every lookup and for the keyset page', async () => {
    const path = newPath();
    await createAndClose(path);
    const raw = new Database(path, { readonly: true });
    const plan = (sql: string): string =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    try {
      expect(plan("SELECT * FROM links WHERE entity = 'item' AND it_id = 'x'")).toMatch(/USING INDEX links_by_it_id/);
      // The store's page reads look each id up in its index (not a test of every link of the entity).
      const statements = prepareStatements(raw);
      const planOf = (statement: unknown, ...params: string[]): string =>
        (
          raw.prepare(`EXPLAIN QUERY PLAN ${(statement as { source: string }).source}`).all(...params) as {
            detail: string;
          }[]
        )
          .map((r) => r.detail)
          .join('; ');
      expect(planOf(statements.linksByQboIds, 'item', '["x"]')).toMatch(
        /SEARCH links USING PRIMARY KEY \(entity=\? AND qbo_id=\?\)/,
      );
      expect(planOf(statements.linksByItIds, 'item', '["x"]')).toMatch(
        /SEARCH links USING INDEX links_by_it_id \(entity=\? AND it_id=\?\)/,
      );
      expect(planOf(statements.journalEntries, '["x"]')).toMatch(/SEARCH journal USING .*\(key=\?\)/);
      expect(plan("SELECT * FROM links WHERE entity = 'item' AND qbo_id > '' ORDER BY qbo_id LIMIT 10")).toMatch(
        /USING PRIMARY KEY/,
      );
      expect(plan("SELECT * FROM links WHERE entity = 'item' AND qbo_id > '' ORDER BY qbo_id LIMIT 10")).not.toMatch(
        /TEMP B-TREE/,
      );
      expect(plan("SELECT * FROM journal WHERE state = 'pending' ORDER BY created_at, key")).toMatch(/USING INDEX/);
      expect(plan("SELECT * FROM journal WHERE state = 'pending' ORDER BY created_at, key")).not.toMatch(/TEMP B-TREE/);
      const both = "SELECT * FROM journal WHERE state = 'done' AND entity = 'item' ORDER BY created_at, key";
      expect(plan(both)).toMatch(/USING INDEX journal_by_state_entity/);
      expect(plan("SELECT * FROM journal WHERE entity = 'item' ORDER BY created_at, key")).not.toMatch(/TEMP B-TREE/);
      expect(plan("SELECT * FROM failed WHERE entity = 'item' ORDER BY first_failed_at, id")).not.toMatch(
        /TEMP B-TREE/,
      );
      expect(plan('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT 5')).toMatch(/USING INDEX runs_by_start/);
    } finally {
      raw.close();
    }
  });

  it('refuses calls after close, and closes twice without error', async () => {
    const store = await SqliteStateStore.open({ path: ':memory:' });
    await store.close();
    await store.close();
    await expect(store.getWatermark('w')).rejects.toThrow(/closed/);
  });

  it('waits for an open transaction before closing', async () => {
    const path = newPath();
    const store = await SqliteStateStore.open({ path });
    let release = (): void => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tx = store.transaction(async () => {
      await store.setWatermark('late', 'committed');
      await held;
    });
    const closing = store.close();
    release();
    await Promise.all([tx, closing]);
    const again = await SqliteStateStore.open({ path });
    expect(await again.getWatermark('late')).toBe('committed');
    await again.close();
  });

  it('names the path when the file cannot be opened', async () => {
    const path = join(dir, 'no-such-dir', 'state.sqlite');
    await expect(SqliteStateStore.open({ path })).rejects.toMatchObject({ name: 'StateStoreError', field: 'path' });
  });

  it('rejects a bad page size before touching the file', async () => {
    await expect(SqliteStateStore.open({ path: newPath(), pageSize: 0 })).rejects.toMatchObject({ field: 'pageSize' });
  });

  it('rejects a page cache below 100 KiB or not whole before touching the file', async () => {
    for (const cacheSizeKb of [0, 99, 1.5, Number.NaN]) {
      const path = newPath();
      const opening = SqliteStateStore.open({ path, cacheSizeKb });
      await expect(opening).rejects.toBeInstanceOf(StateStoreError);
      await expect(SqliteStateStore.open({ path, cacheSizeKb })).rejects.toMatchObject({ field: 'cacheSizeKb' });
      expect(existsSync(path)).toBe(false);
    }
  });

  it('opens with a page cache of the size asked for', async () => {
    const path = newPath();
    const store = await SqliteStateStore.open({ path, cacheSizeKb: 500 });
    await store.setWatermark('w', '1');
    expect(await store.getWatermark('w')).toBe('1');
    await store.close();
  });
  it('settles a journal entry in place and replaces it whole when anything else changed', async () => {
    const path = newPath();
    const store = await SqliteStateStore.open({ path });
    const opened = journal({ key: 'k1', createdAt: 10, updatedAt: 10 });
    const rowid = () => {
      const raw = new Database(path, { readonly: true });
      try {
        return raw.prepare("SELECT rowid FROM journal WHERE key = 'k1'").pluck().get();
      } finally {
        raw.close();
      }
    };
    try {
      await store.putJournal(opened);
      const first = rowid();
      // done: state, result, attempts and time change; the row (and its index entries by key,
      // entity and creation time) stays where it is.
      const done = { ...opened, state: 'done' as const, result: { id: 'it-1' }, attempts: 1, updatedAt: 20 };
      await store.putJournal(done);
      expect(rowid()).toBe(first);
      expect(await store.getJournal('k1')).toEqual(done);
      // A settle with a new payload, entity, operation or creation time replaces the whole entry,
      // as does a pending write (an open, a rekey).
      const changes = [
        { payload: { requestId: 'r-2', body: { name: 'b' } } },
        { entity: 'vendor' as const },
        { operation: 'update' },
        { createdAt: 11 },
      ];
      for (const change of changes) {
        for (const state of ['failed', 'pending'] as const) {
          const next = { ...done, ...change, state, error: `${state} once`, updatedAt: 30 };
          await store.putJournal(next);
          expect(await store.getJournal('k1')).toEqual(next);
          await store.putJournal(done);
        }
      }
      expect(await store.listJournal()).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('loadSqliteDriver', () => {
  it('tells the user to install better-sqlite3 when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'better-sqlite3'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const loading = loadSqliteDriver(() => Promise.reject(missing));
    await expect(loading).rejects.toBeInstanceOf(ConfigurationError);
    await expect(loadSqliteDriver(() => Promise.reject(missing))).rejects.toThrow(/npm install better-sqlite3@12/);
  });

  it('suggests a rebuild when the native binding fails to load', async () => {
    const broken = new Error('The module was compiled against a different Node.js version');
    await expect(loadSqliteDriver(() => Promise.reject(broken))).rejects.toThrow(/npm rebuild better-sqlite3/);
  });

  it('accepts the module both as an ES namespace and as the constructor itself', async () => {
    expect(await loadSqliteDriver(async () => ({ default: Database }))).toBe(Database);
    expect(await loadSqliteDriver(async () => Database)).toBe(Database);
  });
});
