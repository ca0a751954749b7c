import { activityParams } from '../sqlite/activity.js';
import { totalFromRow, usageFromRow } from '../sqlite/metering.js';
import {
  failedFromRow,
  failedParams,
  journalFromRow,
  journalParams,
  linkFromRow,
  runFromRow,
  runParams,
} from '../sqlite/statements.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../sync/activity/types.js';
import type { LeaseStore } from '../sync/state/lease.js';
import {
  checkFailed,
  checkFlag,
  checkJournal,
  checkJournalPrune,
  checkMeteredCalls,
  checkMeteredMonth,
  checkRun,
  checkRunPrune,
  checkWatermark,
  type FailedRecord,
  type JournalEntry,
  type JournalPruneOptions,
  type JournalState,
  type Link,
  type MeteredCallsDelta,
  type MeteredTotal,
  type MeteredUsage,
  type MeteredUsageAdded,
  type RunPruneOptions,
  type RunRecord,
  type StateStore,
  type SyncEntity,
} from '../sync/state/store.js';
import { PgActivity } from './activity.js';
import { type PostgresConnectionOptions, PostgresDatabase } from './database.js';
import { PgLeases } from './leases.js';
import { putLinks } from './links.js';
import type { PgSession, Row } from './session.js';
import { columnValues, FAILED_COLUMNS, JOURNAL_COLUMNS, type PgStatements, RUN_COLUMNS } from './statements.js';

/** Options of {@link PostgresStateStore.open}. */
export interface PostgresStateStoreOptions extends PostgresConnectionOptions {
  /** The company (QBO realm id) whose state this store reads and writes. */
  realm: string;
  /**
   * Links per page yielded by `listLinks`.
   * @default 1000
   */
  pageSize?: number;
}

/**
 * What a {@link PostgresStateStore} is built from (by {@link PostgresDatabase.store}).
 * @internal
 */
export interface PgStoreParts {
  session: PgSession;
  sql: PgStatements;
  s: string;
  realm: string;
  pageSize: number;
  /** Called once by `close()` after the session closed (e.g. ends a pool the store owns). */
  onClose: () => Promise<void>;
}

/**
 * The {@link StateStore} of one company in PostgreSQL through node-postgres (`pg` 8, an optional
 * peer dependency). One schema holds the state of many realms, every row keyed by realm; every
 * multi-row write and every `transaction` is one Postgres transaction, and a lease's fence locks
 * the lease row inside the transaction of the writes it guards.
 *
 * @example
 * ```ts
 * import { PostgresStateStore } from 'qbo-intellitrack-sync/postgres';
 *
 * const store = await PostgresStateStore.open({ connectionString: 'postgres://sync@db/qbo', realm: '9130' });
 * try {
 *   const sync = new Synchronizer({ qbo, intellitrack, store, settings });
 *   await sync.syncAll();
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export class PostgresStateStore implements StateStore {
  /** The company this store belongs to. */
  readonly realm: string;
  /** Leases of this realm, fenced by a row lock inside the caller's transaction. */
  readonly leases: LeaseStore;
  readonly #p: PgStoreParts;
  readonly #activity: PgActivity;

  /**
   * Use {@link PostgresStateStore.open} or {@link PostgresDatabase.store}.
   * @internal
   */
  constructor(parts: PgStoreParts) {
    this.#p = parts;
    this.realm = parts.realm;
    this.#activity = new PgActivity(parts.s);
    this.leases = new PgLeases(parts.session, parts.s, parts.realm);
  }

  /**
   * Connects (a pool of its own, or the one given), migrates the schema and opens the store of
   * `options.realm`. `close()` ends the pool only when the store created it.
   * @throws {ConfigurationError} when pg is not installed or neither `pool` nor `connectionString` is given.
   * @throws {StateStoreError} when an option is invalid, the database cannot be reached, or it has a newer schema.
   */
  static async open(options: PostgresStateStoreOptions): Promise<PostgresStateStore> {
    const database = await PostgresDatabase.open(options);
    try {
      return database.store(options.realm, { ...options, closeDatabase: true });
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    return this.#one(this.#p.sql.linkByQboId, [entity, qboId], linkFromRow);
  }

  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    return this.#one(this.#p.sql.linkByItId, [entity, itId], linkFromRow);
  }

  async getLinksByQboIds(entity: SyncEntity, qboIds: readonly string[]): Promise<Link[]> {
    return (await this.#rows(this.#p.sql.linksByQboIds, [entity, qboIds])).map(linkFromRow);
  }

  async getLinksByItIds(entity: SyncEntity, itIds: readonly string[]): Promise<Link[]> {
    return (await this.#rows(this.#p.sql.linksByItIds, [entity, itIds])).map(linkFromRow);
  }

  putLinks(links: readonly Link[]): Promise<void> {
    return putLinks(this.#p, links);
  }

  async deleteLink(entity: SyncEntity, qboId: string): Promise<void> {
    await this.#exec(this.#p.sql.deleteLink, [entity, qboId]);
  }

  listLinks(entity: SyncEntity): AsyncIterable<Link[]> {
    return this.#pages(this.#p.sql.linkPage, entity);
  }

  listLinksWithout(entity: SyncEntity, flag: string): AsyncIterable<Link[]> {
    checkFlag(flag);
    return this.#pages(this.#p.sql.linkPageWithout(flag), entity);
  }

  /** Keyset paging on the primary key: each page is one index range read after the last QBO id. */
  async *#pages(text: string, entity: SyncEntity): AsyncIterable<Link[]> {
    const { pageSize } = this.#p;
    let after = '';
    for (;;) {
      const rows = await this.#rows(text, [entity, after, pageSize]);
      if (rows.length > 0) yield rows.map(linkFromRow);
      if (rows.length < pageSize) return;
      after = (rows[rows.length - 1] as Row).qbo_id as string;
    }
  }

  async countLinks(entity: SyncEntity): Promise<number> {
    return (await this.#one(this.#p.sql.countLinks, [entity], (row) => row.n as number)) ?? 0;
  }

  getWatermark(key: string): Promise<string | undefined> {
    return this.#one(this.#p.sql.watermark, [key], (row) => row.value as string);
  }

  async setWatermark(key: string, value: string): Promise<void> {
    checkWatermark(key, value);
    await this.#exec(this.#p.sql.setWatermark, [key, value]);
  }

  async listWatermarks(): Promise<Record<string, string>> {
    const rows = await this.#rows(this.#p.sql.watermarks, []);
    return Object.fromEntries(rows.map((row) => [row.key as string, row.value as string]));
  }

  getJournal(key: string): Promise<JournalEntry | undefined> {
    return this.#one(this.#p.sql.journal, [key], journalFromRow);
  }

  async getJournalEntries(keys: readonly string[]): Promise<JournalEntry[]> {
    return (await this.#rows(this.#p.sql.journalEntries, [keys])).map(journalFromRow);
  }

  async putJournal(entry: JournalEntry): Promise<void> {
    checkJournal(entry);
    await this.#exec(this.#p.sql.putJournal, columnValues(JOURNAL_COLUMNS, journalParams(entry)));
  }

  async putJournalEntries(entries: readonly JournalEntry[]): Promise<void> {
    for (const entry of entries) checkJournal(entry);
    // One row per key, as saving them in order leaves it (one statement cannot update a row twice).
    const last = [...new Map(entries.map((entry) => [entry.key, entry])).values()];
    if (last.length === 0) return;
    const rows = last.map((entry) => columnValues(JOURNAL_COLUMNS, journalParams(entry)));
    await this.#exec(
      this.#p.sql.putJournalEntries,
      JOURNAL_COLUMNS.split(', ').map((_, i) => rows.map((row) => row[i])),
    );
  }

  async listJournal(filter: { state?: JournalState; entity?: SyncEntity } = {}): Promise<JournalEntry[]> {
    const values: unknown[] = [];
    let where = '';
    for (const column of ['state', 'entity'] as const) {
      if (filter[column] === undefined) continue;
      values.push(filter[column]);
      where += ` AND ${column} = $${values.length + 1}`;
    }
    return (await this.#rows(this.#p.sql.journalWhere(where), values)).map(journalFromRow);
  }

  async putFailed(record: FailedRecord): Promise<void> {
    checkFailed(record);
    await this.#exec(this.#p.sql.putFailed, columnValues(FAILED_COLUMNS, failedParams(record)));
  }

  getFailed(id: string): Promise<FailedRecord | undefined> {
    return this.#one(this.#p.sql.failed, [id], failedFromRow);
  }

  async removeFailed(id: string): Promise<void> {
    await this.#exec(this.#p.sql.removeFailed, [id]);
  }

  async removeFailedRecords(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await this.#exec(this.#p.sql.removeFailedRecords, [ids]);
  }

  async listFailed(filter: { entity?: SyncEntity } = {}): Promise<FailedRecord[]> {
    const { sql } = this.#p;
    const rows =
      filter.entity === undefined
        ? await this.#rows(sql.failedAll, [])
        : await this.#rows(sql.failedByEntity, [filter.entity]);
    return rows.map(failedFromRow);
  }

  async putRun(run: RunRecord): Promise<void> {
    checkRun(run);
    await this.#exec(this.#p.sql.putRun, columnValues(RUN_COLUMNS, runParams(run)));
  }

  async listRuns(limit?: number): Promise<RunRecord[]> {
    // LIMIT NULL is no limit.
    const max = limit === undefined ? null : Math.max(0, Math.floor(limit));
    return (await this.#rows(this.#p.sql.runs, [max])).map(runFromRow);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#one(this.#p.sql.run, [id], runFromRow);
  }

  async putActivity(records: readonly ActivityRecord[]): Promise<void> {
    const rows = activityParams(records);
    await this.#p.session.write((sql) => this.#activity.insert(sql, this.realm, rows));
  }

  listActivity(filter: ActivityFilter): Promise<ActivityEntry[]> {
    return this.#p.session.read((sql) => this.#activity.list(sql, this.realm, filter));
  }

  async pruneJournal(options: JournalPruneOptions): Promise<number> {
    checkJournalPrune(options);
    return await this.#exec(this.#p.sql.pruneJournal, [options.before]);
  }

  async pruneRuns(options: RunPruneOptions): Promise<number> {
    checkRunPrune(options);
    // Absent limits become ones that match no run.
    const before = options.before ?? Number.MIN_SAFE_INTEGER;
    const values = [this.realm, before, options.keep ?? Number.MAX_SAFE_INTEGER];
    const { sql } = this.#p;
    return await this.#p.session.write(async (db) => {
      const newest = ((await db.rows(sql.prunedRunsNewest, values))[0]?.newest ?? null) as number | null;
      // Only the rows deleted are read: the runs' entries by run, then the runs, then older entries by time.
      await db.count(sql.pruneRunActivity, values);
      const count = await db.count(sql.pruneRuns, values);
      if (newest !== null || options.before !== undefined)
        await this.#activity.pruneOlder(db, this.realm, before, newest);
      return count;
    });
  }

  /**
   * Takes the schema's metering lock (a transaction-scoped advisory lock, held to the commit), then
   * adds and sums: every process adding to the schema's calls waits for the one before it, so the
   * sum it reads holds every earlier add and none later.
   */
  async addMeteredCalls(realmId: string, month: string, calls: MeteredCallsDelta): Promise<MeteredUsageAdded> {
    checkMeteredCalls(realmId, month, calls);
    const values = [realmId, month, calls.corePlus, calls.core, calls.at];
    const { metering } = this.#p.sql;
    return await this.#p.session.write(async (sql) => {
      await sql.rows(metering.lock.text, metering.lock.values);
      const [row] = await sql.rows(metering.add, [this.realm, ...values]);
      const [sum] = await sql.rows(metering.sum, [month]);
      return { ...usageFromRow(row as Row), appTotal: totalFromRow(sum as Row) };
    });
  }

  getMeteredCalls(realmId: string, month: string): Promise<MeteredUsage | undefined> {
    return this.#one(this.#p.sql.metering.get, [realmId, month], usageFromRow);
  }

  /** Every company's calls of `month` in this schema, whatever their store realm: the app's. */
  async sumMeteredCalls(month: string): Promise<MeteredTotal> {
    checkMeteredMonth(month);
    const [row] = await this.#p.session.read((sql) => sql.rows(this.#p.sql.metering.sum, [month]));
    return totalFromRow(row as Row);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.#p.session.transaction(fn);
  }

  /** Waits for an open transaction, then closes the store (and the pool, when it owns one). Idempotent. */
  async close(): Promise<void> {
    await this.#p.session.close();
    await this.#p.onClose();
  }

  #rows(text: string, values: readonly unknown[]): Promise<Row[]> {
    return this.#p.session.read((sql) => sql.rows(text, [this.realm, ...values]));
  }

  async #one<T>(text: string, values: readonly unknown[], map: (row: Row) => T): Promise<T | undefined> {
    const row = (await this.#rows(text, values))[0];
    return row === undefined ? undefined : map(row);
  }

  /** One write statement: all or nothing on its own, a savepoint inside a transaction. */
  #exec(text: string, values: readonly unknown[]): Promise<number> {
    return this.#p.session.statement(text, [this.realm, ...values]);
  }
}
