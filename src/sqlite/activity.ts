/** The activity log's SQL: rows in and out, and the query a filter makes. */

import type Database from 'better-sqlite3';
import { checkActivity, checkActivityFilter } from '../sync/activity/checks.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../sync/activity/types.js';
import { toJsonText } from '../sync/state/store.js';
import { PRUNED_RUNS, type SqliteStatement } from './statements.js';

type Db = Database.Database;
type Row = Record<string, unknown>;

const INSERT_SQL = `INSERT INTO activity (run_id, at, flow, source_id, qbo_id, doc_number, it_key, entry)
  VALUES (@run_id, @at, @flow, @source_id, @qbo_id, @doc_number, @it_key, @entry)`;

/** Before runs are pruned: the entries of the runs to delete, found by run (index `activity_by_run`). */
export const PRUNE_RUN_ACTIVITY_SQL = `DELETE FROM activity WHERE run_id IN (SELECT id FROM runs WHERE ${PRUNED_RUNS})`;

/**
 * After runs were pruned: entries made by hand (no run) or of a run not in the history (a process
 * killed mid-run) made before `@before` or no later than the start of the newest run deleted
 * (`@cutoff`), found by time (index `activity_by_at`): only entries older than every run kept.
 */
export const PRUNE_HAND_MADE_SQL = `DELETE FROM activity WHERE (at < @before OR at <= @cutoff)
  AND (run_id IS NULL OR run_id NOT IN (SELECT id FROM runs))`;

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
  readonly #pruneRuns: SqliteStatement;
  readonly #pruneHandMade: SqliteStatement;
  readonly #queries = new Map<string, SqliteStatement>();

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(INSERT_SQL);
    this.#pruneRuns = db.prepare(PRUNE_RUN_ACTIVITY_SQL);
    this.#pruneHandMade = db.prepare(PRUNE_HAND_MADE_SQL);
  }

  /** Inserts prepared rows (inside the caller's transaction). */
  insert(rows: readonly Row[]): void {
    for (const row of rows) this.#insert.run(row);
  }

  /**
   * Deletes the entries of the runs a prune of `runs` (`{ before, keep }`) is about to delete, then
   * runs `deleteRuns` and, when it deleted a run or `before` is set, the entries made by hand or of
   * a run not in the history as old (inside the caller's transaction). Reads only the entries older
   * than every run kept, and those of the runs deleted.
   */
  pruneWithRuns(runs: { before: number; keep: number }, cutoff: number | null, deleteRuns: () => number): number {
    this.#pruneRuns.run(runs);
    const count = deleteRuns();
    if (cutoff !== null || runs.before > Number.MIN_SAFE_INTEGER) {
      this.#pruneHandMade.run({ before: runs.before, cutoff: cutoff ?? Number.MIN_SAFE_INTEGER });
    }
    return count;
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
