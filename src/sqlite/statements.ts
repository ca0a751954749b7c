import type Database from 'better-sqlite3';
import type { FailedRecord, JournalEntry, Link, RunRecord, SyncEntity } from '../sync/state/store.js';
import { toJsonText } from '../sync/state/store.js';

type Db = Database.Database;
type Row = Record<string, unknown>;

/**
 * The part of a prepared better-sqlite3 statement the store uses. Declared here rather than taken
 * from `@types/better-sqlite3`, whose statement type cannot be named in emitted declarations.
 */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

const LINK_COLUMNS = 'entity, qbo_id, it_id, origin, qbo_sync_token, it_version, qbo_hash, it_hash, data, updated_at';
const JOURNAL_COLUMNS = 'key, entity, operation, state, payload, result, error, attempts, created_at, updated_at';
const FAILED_COLUMNS =
  'id, entity, side, source_id, operation, error_name, message, code, attempts, first_failed_at, last_failed_at';
const RUN_COLUMNS = 'id, operation, started_at, finished_at, status, report';
const JOURNAL_ORDER = 'ORDER BY created_at, key';

/** Settled journal entries last updated before `?` (index `journal_by_state_updated`). */
export const PRUNE_JOURNAL_SQL = "DELETE FROM journal WHERE state IN ('done', 'failed') AND updated_at < ?";

/** The runs `pruneRuns` deletes: started before `@before` or beyond the newest `@keep`. */
export const PRUNED_RUNS = `started_at < @before
  OR id IN (SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT -1 OFFSET @keep)`;

/** Runs started before `@before` or beyond the newest `@keep`, in one statement (index `runs_by_start`). */
export const PRUNE_RUNS_SQL = `DELETE FROM runs WHERE ${PRUNED_RUNS}`;

/**
 * The partial indexes of links lacking a data flag (migration 6), by flag: only the flag of the
 * one-time inventory import has one, so a quiet cycle reads the few pending links, not every link.
 */
const FLAG_INDEXES: Readonly<Record<string, string>> = { inventoryImported: 'links_without_inventory_imported' };

/**
 * The keyset page of `listLinksWithout(entity, flag)` (parameters: entity, after, limit). The flag
 * (a plain name, checked by `checkFlag`) is tested in SQLite, so links that have it are never parsed
 * in JavaScript; an indexed flag's page reads its partial index (`INDEXED BY`: the planner would
 * otherwise prefer the primary key and test every link of the entity).
 */
export function linkPageWithoutSql(flag: string): string {
  const index = FLAG_INDEXES[flag];
  return `SELECT ${LINK_COLUMNS} FROM links${index === undefined ? '' : ` INDEXED BY ${index}`}
    WHERE entity = ? AND qbo_id > ? AND json_type(data, '$.${flag}') IS NOT 'true' ORDER BY qbo_id LIMIT ?`;
}

/** Every statement the SQLite store runs, prepared once per connection. */
export function prepareStatements(db: Db) {
  // Plucking is decided here so every statement is typed by the exported alias (declaration emit needs it).
  const p = (sql: string, pluck = false): SqliteStatement => (pluck ? db.prepare(sql).pluck() : db.prepare(sql));
  return {
    linkByQboId: p(`SELECT ${LINK_COLUMNS} FROM links WHERE entity = ? AND qbo_id = ?`),
    linkByItId: p(`SELECT ${LINK_COLUMNS} FROM links WHERE entity = ? AND it_id = ?`),
    // The ids as one JSON array: one statement for any number of them, each looked up in its index
    // (named for IntelliTrack ids: without statistics the planner would rather test every link of the entity).
    linksByQboIds: p(
      `SELECT ${LINK_COLUMNS} FROM links WHERE entity = ? AND qbo_id IN (SELECT value FROM json_each(?))`,
    ),
    linksByItIds: p(
      `SELECT ${LINK_COLUMNS} FROM links INDEXED BY links_by_it_id WHERE entity = ? AND it_id IN (SELECT value FROM json_each(?))`,
    ),
    itIdHolder: p('SELECT qbo_id FROM links WHERE entity = ? AND it_id = ?', true),
    upsertLink: p(
      `INSERT INTO links (${LINK_COLUMNS}) VALUES (@entity, @qbo_id, @it_id, @origin, @qbo_sync_token, @it_version, @qbo_hash, @it_hash, @data, @updated_at)
       ON CONFLICT (entity, qbo_id) DO UPDATE SET it_id = excluded.it_id, origin = excluded.origin,
         qbo_sync_token = excluded.qbo_sync_token, it_version = excluded.it_version, qbo_hash = excluded.qbo_hash,
         it_hash = excluded.it_hash, data = excluded.data, updated_at = excluded.updated_at`,
    ),
    deleteLink: p('DELETE FROM links WHERE entity = ? AND qbo_id = ?'),
    linkPage: p(`SELECT ${LINK_COLUMNS} FROM links WHERE entity = ? AND qbo_id > ? ORDER BY qbo_id LIMIT ?`),
    countLinks: p('SELECT count(*) FROM links WHERE entity = ?', true),
    watermark: p('SELECT value FROM watermarks WHERE key = ?', true),
    setWatermark: p('INSERT OR REPLACE INTO watermarks (key, value) VALUES (?, ?)'),
    watermarks: p('SELECT key, value FROM watermarks ORDER BY key'),
    journal: p(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE key = ?`),
    journalEntries: p(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE key IN (SELECT value FROM json_each(?))`),
    putJournal: p(
      `INSERT OR REPLACE INTO journal (${JOURNAL_COLUMNS}) VALUES (@key, @entity, @operation, @state, @payload, @result, @error, @attempts, @created_at, @updated_at)`,
    ),
    // A settle (done, failed) changes only these columns when the rest is as opened: the row is
    // updated in place, so the indexes on its key, entity and creation time and the payload's JSON
    // check are left alone (INSERT OR REPLACE deletes and re-inserts the row and all its indexes).
    settleJournal: p(
      'UPDATE journal SET state = @state, result = @result, error = @error, attempts = @attempts, updated_at = @updated_at WHERE key = @key AND entity = @entity AND operation = @operation AND created_at = @created_at AND payload = @payload',
    ),
    journalAll: p(`SELECT ${JOURNAL_COLUMNS} FROM journal ${JOURNAL_ORDER}`),
    journalByState: p(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE state = ? ${JOURNAL_ORDER}`),
    journalByEntity: p(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE entity = ? ${JOURNAL_ORDER}`),
    journalByBoth: p(`SELECT ${JOURNAL_COLUMNS} FROM journal WHERE state = ? AND entity = ? ${JOURNAL_ORDER}`),
    failed: p(`SELECT ${FAILED_COLUMNS} FROM failed WHERE id = ?`),
    putFailed: p(
      `INSERT OR REPLACE INTO failed (${FAILED_COLUMNS}) VALUES (@id, @entity, @side, @source_id, @operation, @error_name, @message, @code, @attempts, @first_failed_at, @last_failed_at)`,
    ),
    removeFailed: p('DELETE FROM failed WHERE id = ?'),
    failedAll: p(`SELECT ${FAILED_COLUMNS} FROM failed ORDER BY first_failed_at, id`),
    failedByEntity: p(`SELECT ${FAILED_COLUMNS} FROM failed WHERE entity = ? ORDER BY first_failed_at, id`),
    putRun: p(
      `INSERT OR REPLACE INTO runs (${RUN_COLUMNS}) VALUES (@id, @operation, @started_at, @finished_at, @status, @report)`,
    ),
    run: p(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
    runs: p(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY started_at DESC, id DESC LIMIT ?`),
    pruneJournal: p(PRUNE_JOURNAL_SQL),
    pruneRuns: p(PRUNE_RUNS_SQL),
    /** The start of the newest run `pruneRuns` would delete (null when none). */
    prunedRunsNewest: p(`SELECT max(started_at) FROM runs WHERE ${PRUNED_RUNS}`, true),
  };
}

/** The prepared statements of one connection. */
export type Statements = ReturnType<typeof prepareStatements>;

/** Row parameters of a link. */
export function linkParams(link: Link): Row {
  return {
    entity: link.entity,
    qbo_id: link.qboId,
    it_id: link.itId,
    origin: link.origin,
    qbo_sync_token: link.qboSyncToken,
    it_version: link.itVersion,
    qbo_hash: link.qboHash,
    it_hash: link.itHash,
    data: toJsonText(`link ${link.entity}:${link.qboId}`, 'data', link.data),
    updated_at: link.updatedAt,
  };
}

/** The link stored in `row`. */
export function linkFromRow(row: Row): Link {
  return {
    entity: row.entity as SyncEntity,
    qboId: row.qbo_id as string,
    itId: row.it_id as string,
    origin: row.origin as Link['origin'],
    qboSyncToken: row.qbo_sync_token as string | null,
    itVersion: row.it_version as number | null,
    qboHash: row.qbo_hash as string | null,
    itHash: row.it_hash as string | null,
    data: JSON.parse(row.data as string) as Record<string, unknown>,
    updatedAt: row.updated_at as number,
  };
}

/** Row parameters of a journal entry. */
export function journalParams(entry: JournalEntry): Row {
  const record = `journal ${entry.key}`;
  return {
    key: entry.key,
    entity: entry.entity,
    operation: entry.operation,
    state: entry.state,
    payload: toJsonText(record, 'payload', entry.payload),
    result: toJsonText(record, 'result', entry.result),
    error: entry.error,
    attempts: entry.attempts,
    created_at: entry.createdAt,
    updated_at: entry.updatedAt,
  };
}

/** The journal entry stored in `row`. */
export function journalFromRow(row: Row): JournalEntry {
  return {
    key: row.key as string,
    entity: row.entity as SyncEntity,
    operation: row.operation as string,
    state: row.state as JournalEntry['state'],
    payload: JSON.parse(row.payload as string),
    result: JSON.parse(row.result as string),
    error: row.error as string | null,
    attempts: row.attempts as number,
    createdAt: row.created_at as number,
    updatedAt: row.updated_at as number,
  };
}

/** Row parameters of an error-queue record. */
export function failedParams(f: FailedRecord): Row {
  return {
    id: f.id,
    entity: f.entity,
    side: f.side,
    source_id: f.sourceId,
    operation: f.operation,
    error_name: f.errorName,
    message: f.message,
    code: f.code,
    attempts: f.attempts,
    first_failed_at: f.firstFailedAt,
    last_failed_at: f.lastFailedAt,
  };
}

/** The error-queue record stored in `row`. */
export function failedFromRow(row: Row): FailedRecord {
  return {
    id: row.id as string,
    entity: row.entity as SyncEntity,
    side: row.side as FailedRecord['side'],
    sourceId: row.source_id as string,
    operation: row.operation as string,
    errorName: row.error_name as string,
    message: row.message as string,
    code: row.code as string | null,
    attempts: row.attempts as number,
    firstFailedAt: row.first_failed_at as number,
    lastFailedAt: row.last_failed_at as number,
  };
}

/** Row parameters of a run. */
export function runParams(run: RunRecord): Row {
  return {
    id: run.id,
    operation: run.operation,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    status: run.status,
    report: toJsonText(`run ${run.id}`, 'report', run.report),
  };
}

/** The run stored in `row`. */
export function runFromRow(row: Row): RunRecord {
  return {
    id: row.id as string,
    operation: row.operation as string,
    startedAt: row.started_at as number,
    finishedAt: row.finished_at as number,
    status: row.status as RunRecord['status'],
    report: JSON.parse(row.report as string),
  };
}
