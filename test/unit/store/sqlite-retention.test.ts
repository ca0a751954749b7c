import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PRUNE_HAND_MADE_SQL, PRUNE_RUN_ACTIVITY_SQL } from '../../../src/sqlite/activity.js';
import { SCHEMA_VERSION, SqliteStateStore } from '../../../src/sqlite/index.js';
import { PRUNE_JOURNAL_SQL, PRUNE_RUNS_SQL } from '../../../src/sqlite/statements.js';
import { journal } from '../../../src/testing/store-contract-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'qbo-it-sqlite-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newPath = (): string => join(dir, `db-${++n}.sqlite`);

function queryPlan(raw: Database.Database, sql: string, params: unknown): string {
  const rows = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
  return rows.map((r) => r.detail).join('; ');
}

describe('SqliteStateStore retention', () => {
  it('schema 2 adds the journal index by state and last update (3 the leases, 4 the activity log, 5 metered calls, 6 the pending inventory index)', () => {
    expect(SCHEMA_VERSION).toBe(6);
  });

  it('migrates a schema 1 database, keeping its journal, and prunes it', async () => {
    const path = newPath();
    const first = await SqliteStateStore.open({ path });
    await first.putJournal(journal({ key: 'done-old', state: 'done', updatedAt: 5 }));
    await first.putJournal(journal({ key: 'pending-old', updatedAt: 5 }));
    await first.close();
    // Schema 1 is schema 6 without the indexes, the leases, the activity log and metered calls: take the file back to it.
    const raw = new Database(path);
    raw.exec(
      "DROP INDEX journal_by_state_updated; DROP INDEX links_without_inventory_imported; DROP TABLE leases; DROP TABLE activity; DROP TABLE metered_calls; UPDATE meta SET value = '1' WHERE key = 'schema_version'",
    );
    raw.close();

    const store = await SqliteStateStore.open({ path });
    expect(await store.pruneJournal({ before: 6 })).toBe(1);
    expect((await store.listJournal()).map((e) => e.key)).toEqual(['pending-old']);
    await store.close();
    const check = new Database(path, { readonly: true });
    try {
      expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('6');
      const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal'");
      expect(indexes.pluck().all()).toContain('journal_by_state_updated');
    } finally {
      check.close();
    }
  });

  it('prunes with one indexed DELETE each, never a full scan', async () => {
    const path = newPath();
    await (await SqliteStateStore.open({ path })).close();
    const raw = new Database(path, { readonly: true });
    try {
      const journalPlan = queryPlan(raw, PRUNE_JOURNAL_SQL, 5);
      expect(journalPlan).toMatch(/SEARCH journal USING INDEX journal_by_state_updated \(state=\? AND updated_at<\?\)/);
      expect(journalPlan).not.toMatch(/SCAN journal/);
      const runsPlan = queryPlan(raw, PRUNE_RUNS_SQL, { before: 5, keep: 3 });
      // Each side of the OR on its own index; the newest `keep` are skipped along the index.
      expect(runsPlan).toMatch(/MULTI-INDEX OR/);
      expect(runsPlan).toMatch(/SEARCH runs USING COVERING INDEX runs_by_start \(started_at<\?\)/);
      expect(runsPlan).toMatch(/SEARCH runs USING INDEX sqlite_autoindex_runs_1 \(id=\?\)/);
      expect(runsPlan).not.toMatch(/SCAN runs(?! USING)/);
      expect(runsPlan).not.toMatch(/TEMP B-TREE/);
      // The activity of the pruned runs by run, older entries by time: never every entry.
      const runActivity = queryPlan(raw, PRUNE_RUN_ACTIVITY_SQL, { before: 5, keep: 3 });
      expect(runActivity).toMatch(/SEARCH activity USING COVERING INDEX activity_by_run \(run_id=\?\)/);
      const handMade = queryPlan(raw, PRUNE_HAND_MADE_SQL, { before: 5, cutoff: 4 });
      expect(handMade).toMatch(/SEARCH activity USING INDEX activity_by_at \(at<\?\)/);
      expect(`${runActivity}; ${handMade}`).not.toMatch(/SCAN activity/);
    } finally {
      raw.close();
    }
  });
});
