import type BetterSqlite3 from 'better-sqlite3';
import { StateStoreError } from '../sync/state/store.js';
import { METERING_MIGRATION } from './metering.js';

type Db = BetterSqlite3.Database;

/**
 * Forward migrations; entry `n` takes the schema from version `n` to `n + 1`. Never edit a shipped
 * entry: append a new one, so every database reaches the same schema by the same steps.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE links (
    entity TEXT NOT NULL,
    qbo_id TEXT NOT NULL,
    it_id TEXT NOT NULL,
    origin TEXT NOT NULL,
    qbo_sync_token TEXT,
    it_version INTEGER,
    qbo_hash TEXT,
    it_hash TEXT,
    data TEXT NOT NULL CHECK (json_valid(data)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (entity, qbo_id)
  ) STRICT, WITHOUT ROWID;
  CREATE UNIQUE INDEX links_by_it_id ON links (entity, it_id);

  CREATE TABLE watermarks (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT, WITHOUT ROWID;

  CREATE TABLE journal (
    key TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    operation TEXT NOT NULL,
    state TEXT NOT NULL,
    payload TEXT NOT NULL CHECK (json_valid(payload)),
    result TEXT NOT NULL CHECK (json_valid(result)),
    error TEXT,
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX journal_by_state ON journal (state, created_at, key);
  CREATE INDEX journal_by_state_entity ON journal (state, entity, created_at, key);
  CREATE INDEX journal_by_entity ON journal (entity, created_at, key);
  CREATE INDEX journal_by_created ON journal (created_at, key);

  CREATE TABLE failed (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    side TEXT NOT NULL,
    source_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    error_name TEXT NOT NULL,
    message TEXT NOT NULL,
    code TEXT,
    attempts INTEGER NOT NULL,
    first_failed_at INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX failed_by_entity ON failed (entity, first_failed_at, id);
  CREATE INDEX failed_by_time ON failed (first_failed_at, id);

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    operation TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    report TEXT NOT NULL CHECK (json_valid(report))
  ) STRICT;
  CREATE INDEX runs_by_start ON runs (started_at DESC, id DESC);
  `,
  // 2: retention deletes settled journal entries by state and last update.
  `
  CREATE INDEX journal_by_state_updated ON journal (state, updated_at);
  `,
  // 3: per-realm leases with fencing tokens.
  `
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    token INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
  `,
  // 4: the record-level activity log, pruned with the runs it belongs to.
  `
  CREATE TABLE activity (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT,
    at INTEGER NOT NULL,
    flow TEXT NOT NULL,
    source_id TEXT NOT NULL,
    qbo_id TEXT,
    doc_number TEXT,
    it_key TEXT,
    entry TEXT NOT NULL CHECK (json_valid(entry))
  ) STRICT;
  CREATE INDEX activity_by_run ON activity (run_id, seq);
  CREATE INDEX activity_by_flow ON activity (flow, seq);
  CREATE INDEX activity_by_at ON activity (at);
  CREATE INDEX activity_by_source ON activity (source_id);
  CREATE INDEX activity_by_qbo ON activity (qbo_id);
  CREATE INDEX activity_by_doc ON activity (doc_number);
  CREATE INDEX activity_by_it ON activity (it_key);
  `,
  METERING_MIGRATION,
  // 6: the links whose one-time inventory import is still to do, so a quiet cycle reads only them.
  `
  CREATE INDEX links_without_inventory_imported ON links (entity, qbo_id)
    WHERE json_type(data, '$.inventoryImported') IS NOT 'true';
  `,
];

/** The schema version this SDK writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function currentVersion(db: Db): number {
  const value = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get();
  return value === undefined ? 0 : Number(value);
}

/**
 * Brings the database to {@link SCHEMA_VERSION}, one migration per transaction, recording each step
 * in `meta.schema_version`.
 * @throws {StateStoreError} when the database was written by a newer SDK (its schema is unknown here).
 */
export function migrate(db: Db, location: string): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT');
  for (;;) {
    // Read the version inside the write lock, so two processes opening a new file do not both migrate.
    const applied = db
      .transaction(() => {
        const version = currentVersion(db);
        if (version > SCHEMA_VERSION) {
          throw new StateStoreError({
            record: `SQLite state ${location}`,
            field: 'schema_version',
            message: `the database has schema ${version}, newer than ${SCHEMA_VERSION} known to this version of qbo-intellitrack-sync; upgrade the package`,
          });
        }
        const migration = MIGRATIONS[version];
        if (migration === undefined) return false;
        db.exec(migration);
        db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(version + 1));
        return true;
      })
      .immediate();
    if (!applied) return;
  }
}
