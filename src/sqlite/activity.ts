/** The activity log's SQL: rows in and out, and the query a filter makes. */

import type Database from 'better-sqlite3';
import { checkActivity, checkActivityFilter } from '../sync/activity/checks.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../sync/activity/types.js';
import { toJsonText } from '../sync/state/store.js';
import type { SqliteStatement } from './statements.js';

type Db = Database.Database;
type Row = Record<string, unknown>;

const INSERT_SQL = `INSERT INTO activity (run_id, at, flow, source_id, qbo_id, doc_number, it_key, entry)
  VALUES (@run_id, @at, @flow, @source_id, @qbo_id, @doc_number, @it_key, @entry)`;

/**
 * After runs were pruned: entries of runs no longer kept, and hand-made entries (no run) made
 * before `@before` or no later than the start of the newest run deleted (`@cutoff`).
 */
export const PRUNE_ACTIVITY_SQL = `DELETE FROM activity
  WHERE (run_id IS NOT NULL AND run_id NOT IN (SELECT id FROM runs))
     OR (run_id IS NULL AND (at < @before OR at <= @cutoff))`;

/** Checks entries and turns them into row parameters (before any lock is taken). */
export function activityParams(records: readonly ActivityRecord[]): Row[] {
  for (const record of records) checkActivity(record);
  return records.map((r) => ({
    run_id: r.runId,
    at: r.at,
    flow: r.flow,
    source_id: r.sourceId,
    qbo_id: r.qboId,
    doc_number: r.docNumber,
    it_key: r.itKey,
    entry: toJsonText(`activity ${r.entity}:${r.sourceId}`, 'changes', r),
  }));
}

/** The activity statements of one connection; filter queries are prepared on first use. */
export class ActivityStatements {
  readonly #db: Db;
  readonly #insert: SqliteStatement;
  readonly #prune: SqliteStatement;
  readonly #queries = new Map<string, SqliteStatement>();

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(INSERT_SQL);
    this.#prune = db.prepare(PRUNE_ACTIVITY_SQL);
  }

  /** Inserts prepared rows (inside the caller's transaction). */
  insert(rows: readonly Row[]): void {
    for (const row of rows) this.#insert.run(row);
  }

  /** Deletes entries whose run is gone, and hand-made ones as old (inside the caller's transaction). */
  pruneOrphans(before: number, cutoff: number | null): number {
    return this.#prune.run({ before, cutoff: cutoff ?? Number.MIN_SAFE_INTEGER }).changes;
  }

  /** Entries matching `filter`, oldest first. */
  list(filter: ActivityFilter): ActivityEntry[] {
    checkActivityFilter(filter);
    const where = ['seq > @after'];
    if (filter.runId !== undefined) where.push('run_id = @runId');
    if (filter.flow !== undefined) where.push('flow = @flow');
    if (filter.since !== undefined) where.push('at >= @since');
    if (filter.record !== undefined) {
      where.push('(source_id = @record OR qbo_id = @record OR doc_number = @record OR it_key = @record)');
    }
    const sql = `SELECT seq, entry FROM activity WHERE ${where.join(' AND ')} ORDER BY seq LIMIT @limit`;
    let statement = this.#queries.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#queries.set(sql, statement);
    }
    const params: Row = { after: filter.afterSeq ?? 0, limit: filter.limit };
    for (const key of ['runId', 'flow', 'since', 'record'] as const) {
      if (filter[key] !== undefined) params[key] = filter[key];
    }
    return (statement.all(params) as Row[]).map((row) => ({
      ...(JSON.parse(row.entry as string) as ActivityRecord),
      seq: row.seq as number,
    }));
  }
}
