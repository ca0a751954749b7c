import type BetterSqlite3 from 'better-sqlite3';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../sync/activity/types.js';
import { LeaseBook } from '../sync/state/lease.js';
import {
  checkFailed,
  checkFlag,
  checkJournalPrune,
  checkLink,
  checkMeteredCalls,
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
  pageSizeOption,
  type RunPruneOptions,
  type RunRecord,
  type StateStore,
  StateStoreError,
  type SyncEntity,
} from '../sync/state/store.js';
import { TransactionGate, type TransactionHooks } from '../sync/state/transaction-gate.js';
import { ActivityStatements, activityParams } from './activity.js';
import { cacheSizeOption } from './cache-size.js';
import { loadSqliteDriver } from './driver.js';
import { journalRows, listJournalRows, saveJournalRows } from './journal.js';
import { sqliteLeaseRows } from './leases.js';
import { MeteringStatements } from './metering.js';
import type { SqliteStateStoreOptions } from './options.js';
import { migrate } from './schema.js';
import {
  failedFromRow,
  failedParams,
  journalFromRow,
  linkFromRow,
  linkPageWithoutSql,
  linkParams,
  prepareStatements,
  runFromRow,
  runParams,
  type SqliteStatement,
  type Statements,
} from './statements.js';
import { enableWal } from './wal.js';

type Row = Record<string, unknown>;

/**
 * The durable {@link StateStore}: one SQLite file through better-sqlite3 12 (an optional dependency
 * of this package), in WAL mode, every method and every `transaction` one SQLite transaction.
 *
 * @example
 * ```ts
 * import { SqliteStateStore } from 'qbo-intellitrack-sync/sqlite';
 *
 * const store = await SqliteStateStore.open({ path: './var/qbo-it-sync.sqlite' });
 * try {
 *   const sync = new Synchronizer({ qbo, intellitrack, store, settings });
 *   await sync.syncAll();
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export class SqliteStateStore implements StateStore {
  readonly #db: BetterSqlite3.Database;
  readonly #sql: Statements;
  readonly #activity: ActivityStatements;
  readonly #metering: MeteringStatements;
  readonly #gate = new TransactionGate();
  /** `listLinksWithout` page statements by flag. */
  readonly #withoutPages = new Map<string, SqliteStatement>();
  readonly #pageSize: number;
  readonly #location: string;
  /** Runs a write as one SQLite transaction, or as a savepoint inside an open one (all or nothing). */
  readonly #tx: BetterSqlite3.Transaction<(write: () => unknown) => unknown>;
  /** Lease records are read and written under the write lock: another process's takeover is seen, or waited for. */
  readonly leases: LeaseBook;

  private constructor(db: BetterSqlite3.Database, sql: Statements, options: SqliteStateStoreOptions) {
    this.#db = db;
    this.#sql = sql;
    this.#activity = new ActivityStatements(db);
    this.#metering = new MeteringStatements(db);
    this.#pageSize = pageSizeOption('SqliteStateStore', options.pageSize);
    this.#location = options.path;
    this.#tx = db.transaction((write: () => unknown) => write());
    this.leases = new LeaseBook(sqliteLeaseRows(db), { write: (op) => this.#write(op), read: (op) => this.#op(op) });
  }

  /**
   * Opens (creating and migrating when needed) the database at `options.path`.
   * @throws {ConfigurationError} when better-sqlite3 is not installed.
   * @throws {StateStoreError} when the options are invalid, the file cannot be opened, or the
   *   database has a newer schema.
   */
  static async open(options: SqliteStateStoreOptions): Promise<SqliteStateStore> {
    pageSizeOption('SqliteStateStore', options.pageSize);
    cacheSizeOption(options.cacheSizeKb);
    const Database = await loadSqliteDriver();
    let db: BetterSqlite3.Database;
    try {
      db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new StateStoreError({ record: `SQLite state ${options.path}`, field: 'path', message: reason, cause });
    }
    try {
      await enableWal(db, options.busyTimeoutMs ?? 5000);
      db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      db.pragma(`cache_size = -${cacheSizeOption(options.cacheSizeKb)}`);
      migrate(db, options.path);
      return new SqliteStateStore(db, prepareStatements(db), options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    return this.#op(() => this.#link(this.#sql.linkByQboId.get(entity, qboId)));
  }

  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    return this.#op(() => this.#link(this.#sql.linkByItId.get(entity, itId)));
  }

  getLinksByQboIds(entity: SyncEntity, qboIds: readonly string[]): Promise<Link[]> {
    return this.#op(() => (this.#sql.linksByQboIds.all(entity, JSON.stringify(qboIds)) as Row[]).map(linkFromRow));
  }

  getLinksByItIds(entity: SyncEntity, itIds: readonly string[]): Promise<Link[]> {
    return this.#op(() => (this.#sql.linksByItIds.all(entity, JSON.stringify(itIds)) as Row[]).map(linkFromRow));
  }

  async putLinks(links: readonly Link[]): Promise<void> {
    for (const link of links) checkLink(link);
    const rows = links.map(linkParams);
    await this.#write(() => {
      for (const row of rows) this.#putLink(row);
    });
  }

  #putLink(row: Row): void {
    const holder = this.#sql.itIdHolder.get(row.entity, row.it_id) as string | undefined;
    if (holder !== undefined && holder !== row.qbo_id) {
      throw new StateStoreError({
        record: `link ${String(row.entity)}:${String(row.qbo_id)}`,
        field: 'itId',
        message: `IntelliTrack id ${String(row.it_id)} is already linked to QBO id ${holder}`,
      });
    }
    this.#sql.upsertLink.run(row);
  }

  async deleteLink(entity: SyncEntity, qboId: string): Promise<void> {
    await this.#write(() => this.#sql.deleteLink.run(entity, qboId));
  }

  async *listLinks(entity: SyncEntity): AsyncIterable<Link[]> {
    let after = '';
    for (;;) {
      // Keyset paging: each page is one indexed range read, so memory stays at one page.
      const rows = await this.#op(() => this.#sql.linkPage.all(entity, after, this.#pageSize) as Row[]);
      if (rows.length > 0) yield rows.map(linkFromRow);
      if (rows.length < this.#pageSize) return;
      after = (rows[rows.length - 1] as Row).qbo_id as string;
    }
  }

  async *listLinksWithout(entity: SyncEntity, flag: string): AsyncIterable<Link[]> {
    checkFlag(flag);
    let after = '';
    for (;;) {
      const rows = await this.#op(() => this.#pageWithout(flag).all(entity, after, this.#pageSize) as Row[]);
      if (rows.length > 0) yield rows.map(linkFromRow);
      if (rows.length < this.#pageSize) return;
      after = (rows[rows.length - 1] as Row).qbo_id as string;
    }
  }

  /** The prepared page statement of `flag`, made on its first use. */
  #pageWithout(flag: string): SqliteStatement {
    let statement = this.#withoutPages.get(flag);
    if (!statement) {
      statement = this.#db.prepare(linkPageWithoutSql(flag));
      this.#withoutPages.set(flag, statement);
    }
    return statement;
  }

  countLinks(entity: SyncEntity): Promise<number> {
    return this.#op(() => this.#sql.countLinks.get(entity) as number);
  }

  getWatermark(key: string): Promise<string | undefined> {
    return this.#op(() => this.#sql.watermark.get(key) as string | undefined);
  }

  async setWatermark(key: string, value: string): Promise<void> {
    checkWatermark(key, value);
    await this.#write(() => this.#sql.setWatermark.run(key, value));
  }

  listWatermarks(): Promise<Record<string, string>> {
    return this.#op(() => {
      const rows = this.#sql.watermarks.all() as { key: string; value: string }[];
      return Object.fromEntries(rows.map((row) => [row.key, row.value]));
    });
  }

  async addMeteredCalls(realmId: string, month: string, calls: MeteredCallsDelta): Promise<MeteredUsageAdded> {
    checkMeteredCalls(realmId, month, calls);
    return this.#write(() => this.#metering.add(realmId, month, calls));
  }

  getMeteredCalls(realmId: string, month: string): Promise<MeteredUsage | undefined> {
    return this.#op(() => this.#metering.get(realmId, month));
  }

  sumMeteredCalls(month: string): Promise<MeteredTotal> {
    return this.#op(() => this.#metering.sum(month));
  }

  getJournal(key: string): Promise<JournalEntry | undefined> {
    return this.#op(() => {
      const row = this.#sql.journal.get(key) as Row | undefined;
      return row && journalFromRow(row);
    });
  }

  getJournalEntries(keys: readonly string[]): Promise<JournalEntry[]> {
    return this.#op(() => (this.#sql.journalEntries.all(JSON.stringify(keys)) as Row[]).map(journalFromRow));
  }

  putJournal(entry: JournalEntry): Promise<void> {
    return this.#putJournal([entry]);
  }

  putJournalEntries(entries: readonly JournalEntry[]): Promise<void> {
    return this.#putJournal(entries);
  }

  async #putJournal(entries: readonly JournalEntry[]): Promise<void> {
    const rows = journalRows(entries);
    await this.#write(() => saveJournalRows(this.#sql, rows));
  }

  listJournal(filter: { state?: JournalState; entity?: SyncEntity } = {}): Promise<JournalEntry[]> {
    return this.#op(() => listJournalRows(this.#sql, filter));
  }

  async putFailed(record: FailedRecord): Promise<void> {
    checkFailed(record);
    const row = failedParams(record);
    await this.#write(() => this.#sql.putFailed.run(row));
  }

  getFailed(id: string): Promise<FailedRecord | undefined> {
    return this.#op(() => {
      const row = this.#sql.failed.get(id) as Row | undefined;
      return row && failedFromRow(row);
    });
  }

  async removeFailed(id: string): Promise<void> {
    await this.#write(() => this.#sql.removeFailed.run(id));
  }

  async removeFailedRecords(ids: readonly string[]): Promise<void> {
    await this.#write(() => {
      for (const id of ids) this.#sql.removeFailed.run(id);
    });
  }

  listFailed(filter: { entity?: SyncEntity } = {}): Promise<FailedRecord[]> {
    return this.#op(() => {
      const rows =
        filter.entity === undefined ? this.#sql.failedAll.all() : this.#sql.failedByEntity.all(filter.entity);
      return (rows as Row[]).map(failedFromRow);
    });
  }

  async putRun(run: RunRecord): Promise<void> {
    checkRun(run);
    const row = runParams(run);
    await this.#write(() => this.#sql.putRun.run(row));
  }

  listRuns(limit?: number): Promise<RunRecord[]> {
    // SQLite reads a negative LIMIT as "no limit".
    const max = limit === undefined ? -1 : Math.max(0, Math.floor(limit));
    return this.#op(() => (this.#sql.runs.all(max) as Row[]).map(runFromRow));
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#op(() => {
      const row = this.#sql.run.get(id) as Row | undefined;
      return row && runFromRow(row);
    });
  }

  async putActivity(records: readonly ActivityRecord[]): Promise<void> {
    const rows = activityParams(records);
    await this.#write(() => this.#activity.insert(rows));
  }

  listActivity(filter: ActivityFilter): Promise<ActivityEntry[]> {
    return this.#op(() => this.#activity.list(filter));
  }

  async pruneJournal(options: JournalPruneOptions): Promise<number> {
    checkJournalPrune(options);
    return await this.#write(() => this.#sql.pruneJournal.run(options.before).changes);
  }

  async pruneRuns(options: RunPruneOptions): Promise<number> {
    checkRunPrune(options);
    // Absent limits become ones that match no run.
    const params = { before: options.before ?? Number.MIN_SAFE_INTEGER, keep: options.keep ?? Number.MAX_SAFE_INTEGER };
    return await this.#write(() => {
      const newest = this.#sql.prunedRunsNewest.get(params) as number | null;
      return this.#activity.pruneWithRuns(params, newest, () => this.#sql.pruneRuns.run(params).changes);
    });
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    return await this.#gate.transaction(this.#hooks, fn);
  }

  /** Waits for an open transaction, then closes the database (checkpointing the WAL). Idempotent. */
  async close(): Promise<void> {
    if (!this.#db.open) return;
    await this.#gate.run(() => this.#db.close());
  }

  readonly #hooks: TransactionHooks = {
    begin: (depth) => {
      this.#db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT nested_${depth}`);
    },
    commit: (depth) => {
      this.#db.exec(depth === 0 ? 'COMMIT' : `RELEASE nested_${depth}`);
    },
    rollback: (depth) => {
      if (depth > 0) this.#db.exec(`ROLLBACK TO nested_${depth}; RELEASE nested_${depth}`);
      else if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    },
  };

  #link(row: unknown): Link | undefined {
    return row === undefined ? undefined : linkFromRow(row as Row);
  }

  /**
   * A write: inside an open transaction, a savepoint of it; else its own transaction begun with
   * `BEGIN IMMEDIATE`, which takes the write lock first (waiting up to `busyTimeoutMs` for another
   * process), so no read inside it can go stale and fail with "database is locked" unwaited.
   */
  #write<T>(write: () => T): Promise<T> {
    return this.#op(() => (this.#db.inTransaction ? this.#tx(write) : this.#tx.immediate(write)) as T);
  }

  async #op<T>(operation: () => T): Promise<T> {
    this.#assertOpen();
    return await this.#gate.run(() => {
      this.#assertOpen();
      return operation();
    });
  }

  #assertOpen(): void {
    if (!this.#db.open) {
      throw new StateStoreError({
        record: `SQLite state ${this.#location}`,
        field: '',
        message: 'the store is closed',
      });
    }
  }
}
