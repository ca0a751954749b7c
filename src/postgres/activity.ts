/** The activity log in Postgres: rows in and out, and the query a filter makes. */

import { checkActivityFilter } from '../sync/activity/checks.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../sync/activity/types.js';
import type { Row, Sql } from './session.js';

const ROW_COLUMNS = ['run_id', 'at', 'flow', 'source_id', 'qbo_id', 'doc_number', 'it_key', 'entry'] as const;

/** The activity statements of schema `s` (quoted); `$1` is the realm. */
export class PgActivity {
  readonly #s: string;
  readonly #insert: string;
  readonly #prune: string;

  constructor(s: string) {
    this.#s = s;
    // Entries get their seq in the order given (WITH ORDINALITY … ORDER BY).
    this.#insert = `INSERT INTO ${s}.activity (realm, ${ROW_COLUMNS.join(', ')})
      SELECT $1, run_id, at, flow, source_id, qbo_id, doc_number, it_key, entry::json
      FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
        WITH ORDINALITY AS r(run_id, at, flow, source_id, qbo_id, doc_number, it_key, entry, n)
      ORDER BY n`;
    // After runs were pruned: entries made by hand (no run) or of a run not in the history (a
    // process killed mid-run) made before $2 or no later than $3, the start of the newest run
    // deleted, found by time (index activity_by_at): only entries older than every run kept.
    this.#prune = `DELETE FROM ${s}.activity a WHERE a.realm = $1 AND (a.at < $2 OR a.at <= $3)
      AND (a.run_id IS NULL OR NOT EXISTS (SELECT 1 FROM ${s}.runs r WHERE r.realm = $1 AND r.id = a.run_id))`;
  }

  /** Inserts rows made by `activityParams` (inside the caller's transaction). */
  async insert(sql: Sql, realm: string, rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return;
    const columns = ROW_COLUMNS.map((column) => rows.map((row) => row[column]));
    await sql.count(this.#insert, [realm, ...columns]);
  }

  /** Deletes hand-made entries and those of runs not in the history as old (inside the caller's transaction). */
  pruneOlder(sql: Sql, realm: string, before: number, cutoff: number | null): Promise<number> {
    return sql.count(this.#prune, [realm, before, cutoff ?? Number.MIN_SAFE_INTEGER]);
  }

  /** Entries matching `filter`, oldest first. */
  async list(sql: Sql, realm: string, filter: ActivityFilter): Promise<ActivityEntry[]> {
    checkActivityFilter(filter);
    const values: unknown[] = [realm, filter.afterSeq ?? 0];
    const where = ['realm = $1', 'seq > $2'];
    const add = (condition: (n: string) => string, value: unknown): void => {
      values.push(value);
      where.push(condition(`$${values.length}`));
    };
    if (filter.runId !== undefined) add((n) => `run_id = ${n}`, filter.runId);
    if (filter.flow !== undefined) add((n) => `flow = ${n}`, filter.flow);
    if (filter.since !== undefined) add((n) => `at >= ${n}`, filter.since);
    if (filter.record !== undefined) {
      add((n) => `(source_id = ${n} OR qbo_id = ${n} OR doc_number = ${n} OR it_key = ${n})`, filter.record);
    }
    values.push(filter.limit);
    const text = `SELECT seq, entry FROM ${this.#s}.activity WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${values.length}`;
    const rows = await sql.rows(text, values);
    return rows.map((row) => ({ ...(JSON.parse(row.entry as string) as ActivityRecord), seq: row.seq as number }));
  }
}
