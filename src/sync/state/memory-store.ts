import { MemoryActivityLog } from '../activity/memory-log.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../activity/types.js';
import { type Lease, LeaseBook } from './lease.js';
import { MemoryFlagIndex } from './memory-flag-index.js';
import { MemoryJournal } from './memory-journal.js';
import { MemoryMeteredCalls } from './memory-metering.js';
import { MemoryRunIndex } from './memory-run-index.js';
import { all, byKey, keysAfter, parse, pick, Table, type Undo } from './memory-table.js';
import {
  checkFailed,
  checkFlag,
  checkJournalPrune,
  checkLink,
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
  pageSizeOption,
  type RunPruneOptions,
  type RunRecord,
  type StateStore,
  StateStoreError,
  type SyncEntity,
  toJsonText,
} from './store.js';
import { TransactionGate, type TransactionHooks } from './transaction-gate.js';

/** Options of {@link MemoryStateStore}. */
export interface MemoryStateStoreOptions {
  /** Links per page yielded by `listLinks`. @default 1000 */
  pageSize?: number;
}

/**
 * A {@link StateStore} kept in memory, for tests, demos and short-lived hosts: nothing survives the
 * process. Records are stored as JSON text, so callers never share objects with the store and
 * values come back exactly as the SQLite store returns them.
 *
 * @example
 * ```ts
 * const store = new MemoryStateStore();
 * await store.transaction(async () => {
 *   await store.putLinks([link]);
 *   await store.setWatermark('qbo:item', '2026-01-01T00:00:00Z');
 * });
 * ```
 */
export class MemoryStateStore implements StateStore {
  readonly #gate = new TransactionGate();
  readonly #pageSize: number;
  #undo: Undo[] | undefined;
  readonly #marks: number[] = [];
  readonly #log = (): Undo[] | undefined => this.#undo;
  /** entity -> qboId -> Link JSON */
  readonly #links = new Map<SyncEntity, Table>();
  /** entity -> itId -> qboId */
  readonly #itIndex = new Map<SyncEntity, Table>();
  readonly #sorted = new Map<SyncEntity, { version: number; keys: string[] }>();
  readonly #flags = new MemoryFlagIndex();
  readonly #watermarks = new Table(this.#log);
  readonly #metered = new MemoryMeteredCalls(new Table(this.#log));
  readonly #journal = new MemoryJournal(this.#log);
  readonly #failed = new Table(this.#log);
  readonly #runIndex = new MemoryRunIndex();
  readonly #runs = new Table(this.#log, this.#runIndex.note);
  readonly #leases = new Table(this.#log);
  readonly #activity = new MemoryActivityLog(this.#log);
  readonly leases = new LeaseBook(
    {
      get: (name) => parse<Lease>(this.#leases.rows.get(name)),
      put: (lease) => this.#leases.set(lease.name, JSON.stringify(lease)),
    },
    { write: (op) => this.#op(op), read: (op) => this.#op(op) },
  );
  #closed = false;

  /** @throws {StateStoreError} when `pageSize` is not a positive integer. */
  constructor(options: MemoryStateStoreOptions = {}) {
    this.#pageSize = pageSizeOption('MemoryStateStore', options.pageSize);
  }

  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    return this.#op(() => parse<Link>(this.#tableOf(this.#links, entity).rows.get(qboId)));
  }

  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    return this.#op(() => this.#linksByItIds(entity, [itId])[0]);
  }

  getLinksByQboIds(entity: SyncEntity, qboIds: readonly string[]): Promise<Link[]> {
    return this.#op(() => pick<Link>(this.#tableOf(this.#links, entity), qboIds));
  }

  getLinksByItIds(entity: SyncEntity, itIds: readonly string[]): Promise<Link[]> {
    return this.#op(() => this.#linksByItIds(entity, itIds));
  }

  #linksByItIds(entity: SyncEntity, itIds: readonly string[]): Link[] {
    const qboIds = itIds.flatMap((id) => this.#tableOf(this.#itIndex, entity).rows.get(id) ?? []);
    return pick<Link>(this.#tableOf(this.#links, entity), qboIds);
  }

  async putLinks(links: readonly Link[]): Promise<void> {
    for (const link of links) checkLink(link);
    const texts = links.map((link) => toJsonText(`link ${link.entity}:${link.qboId}`, 'data', link));
    await this.#op(() =>
      this.#atomically(() => {
        for (const [i, link] of links.entries()) this.#putLink(link, texts[i] as string);
      }),
    );
  }

  #putLink(link: Link, text: string): void {
    const byIt = this.#tableOf(this.#itIndex, link.entity);
    const holder = byIt.rows.get(link.itId);
    if (holder !== undefined && holder !== link.qboId) {
      throw new StateStoreError({
        record: `link ${link.entity}:${link.qboId}`,
        field: 'itId',
        message: `IntelliTrack id ${link.itId} is already linked to QBO id ${holder}`,
      });
    }
    const table = this.#tableOf(this.#links, link.entity);
    const old = parse<Link>(table.rows.get(link.qboId));
    if (old && old.itId !== link.itId) byIt.delete(old.itId);
    byIt.set(link.itId, link.qboId);
    table.set(link.qboId, text);
  }

  deleteLink(entity: SyncEntity, qboId: string): Promise<void> {
    return this.#op(() => {
      const table = this.#tableOf(this.#links, entity);
      const old = parse<Link>(table.rows.get(qboId));
      if (!old) return;
      this.#tableOf(this.#itIndex, entity).delete(old.itId);
      table.delete(qboId);
    });
  }

  async *listLinks(entity: SyncEntity): AsyncIterable<Link[]> {
    let after = '';
    for (;;) {
      const page = await this.#op(() => this.#pageAfter(entity, after));
      if (page.length > 0) yield page;
      if (page.length < this.#pageSize) return;
      after = (page[page.length - 1] as Link).qboId;
    }
  }

  #pageAfter(entity: SyncEntity, after: string): Link[] {
    const table = this.#tableOf(this.#links, entity);
    let cache = this.#sorted.get(entity);
    if (cache?.version !== table.version) {
      cache = { version: table.version, keys: [...table.rows.keys()].sort() };
      this.#sorted.set(entity, cache);
    }
    return keysAfter(cache.keys, after, this.#pageSize).map((key) => parse<Link>(table.rows.get(key)) as Link);
  }

  async *listLinksWithout(entity: SyncEntity, flag: string): AsyncIterable<Link[]> {
    checkFlag(flag);
    let after = '';
    for (;;) {
      const page = await this.#op(() => {
        const rows = this.#tableOf(this.#links, entity).rows;
        const set = this.#flags.idsOf(entity, flag, () => [...rows.values()].map((json) => parse<Link>(json) as Link));
        return this.#flags.page(set, after, this.#pageSize).map((id) => parse<Link>(rows.get(id)) as Link);
      });
      if (page.length > 0) yield page;
      if (page.length < this.#pageSize) return;
      after = (page[page.length - 1] as Link).qboId;
    }
  }

  countLinks(entity: SyncEntity): Promise<number> {
    return this.#op(() => this.#tableOf(this.#links, entity).rows.size);
  }

  getWatermark(key: string): Promise<string | undefined> {
    return this.#op(() => this.#watermarks.rows.get(key));
  }

  async setWatermark(key: string, value: string): Promise<void> {
    checkWatermark(key, value);
    await this.#op(() => this.#watermarks.set(key, value));
  }

  listWatermarks(): Promise<Record<string, string>> {
    return this.#op(() => Object.fromEntries([...this.#watermarks.rows].sort(byKey(([key]) => key))));
  }

  async addMeteredCalls(realmId: string, month: string, calls: MeteredCallsDelta): Promise<MeteredUsageAdded> {
    checkMeteredCalls(realmId, month, calls);
    return this.#op(() => this.#metered.add(realmId, month, calls));
  }

  getMeteredCalls(realmId: string, month: string): Promise<MeteredUsage | undefined> {
    return this.#op(() => this.#metered.get(realmId, month));
  }

  async sumMeteredCalls(month: string): Promise<MeteredTotal> {
    checkMeteredMonth(month);
    return this.#op(() => this.#metered.sum(month));
  }

  getJournal(key: string): Promise<JournalEntry | undefined> {
    return this.#op(() => this.#journal.get(key));
  }

  getJournalEntries(keys: readonly string[]): Promise<JournalEntry[]> {
    return this.#op(() => this.#journal.getMany(keys));
  }

  putJournal(entry: JournalEntry): Promise<void> {
    return this.#op(() => this.#journal.put([entry]));
  }

  putJournalEntries(entries: readonly JournalEntry[]): Promise<void> {
    return this.#op(() => this.#journal.put(entries));
  }

  listJournal(filter: { state?: JournalState; entity?: SyncEntity } = {}): Promise<JournalEntry[]> {
    return this.#op(() => this.#journal.list(filter));
  }

  async putFailed(record: FailedRecord): Promise<void> {
    checkFailed(record);
    const text = JSON.stringify(record);
    await this.#op(() => this.#failed.set(record.id, text));
  }

  getFailed(id: string): Promise<FailedRecord | undefined> {
    return this.#op(() => parse<FailedRecord>(this.#failed.rows.get(id)));
  }

  removeFailed(id: string): Promise<void> {
    return this.#op(() => this.#failed.delete(id));
  }

  removeFailedRecords(ids: readonly string[]): Promise<void> {
    return this.#op(() => {
      for (const id of ids) this.#failed.delete(id);
    });
  }

  listFailed(filter: { entity?: SyncEntity } = {}): Promise<FailedRecord[]> {
    return this.#op(() =>
      all<FailedRecord>(this.#failed)
        .filter((f) => filter.entity === undefined || f.entity === filter.entity)
        .sort((a, b) => a.firstFailedAt - b.firstFailedAt || byKey<FailedRecord>((f) => f.id)(a, b)),
    );
  }

  async putRun(run: RunRecord): Promise<void> {
    checkRun(run);
    const text = JSON.stringify({ ...run, report: JSON.parse(toJsonText(`run ${run.id}`, 'report', run.report)) });
    await this.#op(() => this.#runs.set(run.id, text));
  }

  listRuns(limit?: number): Promise<RunRecord[]> {
    return this.#op(() => {
      const ids = this.#runIndex.newestFirst();
      return (limit === undefined ? ids : ids.slice(0, Math.max(0, limit))).map((id) => this.#run(id));
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#op(() => parse<RunRecord>(this.#runs.rows.get(id)));
  }

  async putActivity(records: readonly ActivityRecord[]): Promise<void> {
    const texts = this.#activity.prepare(records);
    await this.#op(() => this.#atomically(() => this.#activity.append(texts)));
  }

  listActivity(filter: ActivityFilter): Promise<ActivityEntry[]> {
    return this.#op(() => this.#activity.list(filter));
  }

  async pruneJournal(options: JournalPruneOptions): Promise<number> {
    checkJournalPrune(options);
    const { before } = options;
    return await this.#op(() => this.#atomically(() => this.#journal.pruneSettledBefore(before)));
  }

  async pruneRuns(options: RunPruneOptions): Promise<number> {
    checkRunPrune(options);
    const { keep, before } = options;
    return await this.#op(() =>
      this.#atomically(() => {
        const doomed = new Set(keep === undefined ? [] : this.#runIndex.newestFirst().slice(keep));
        if (before !== undefined) for (const id of this.#runIndex.startedBefore(before)) doomed.add(id);
        const deleted = [...doomed].map((id) => this.#run(id));
        for (const id of doomed) this.#runs.delete(id);
        this.#activity.pruneWithRuns(deleted, before, this.#runIndex.ids());
        return doomed.size;
      }),
    );
  }

  #run(id: string): RunRecord {
    return parse<RunRecord>(this.#runs.rows.get(id)) as RunRecord;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    return await this.#gate.transaction(this.#hooks, fn);
  }

  /** Waits for an open transaction, then refuses later calls with {@link StateStoreError}. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#gate.run(() => {
      this.#closed = true;
    });
  }

  readonly #hooks: TransactionHooks = {
    begin: (depth) => {
      if (depth === 0) this.#undo = [];
      this.#marks.push(this.#undo?.length ?? 0);
    },
    commit: (depth) => {
      this.#marks.pop();
      if (depth === 0) this.#undo = undefined;
    },
    rollback: (depth) => {
      this.#rollbackTo(this.#marks.pop() ?? 0);
      if (depth === 0) this.#undo = undefined;
    },
  };

  #rollbackTo(mark: number): void {
    const log = this.#undo ?? [];
    while (log.length > mark) (log.pop() as Undo)();
  }

  /** A write of several rows that must land together even outside `transaction`. */
  #atomically<T>(write: () => T): T {
    const outer = this.#undo;
    this.#undo = outer ?? [];
    const mark = this.#undo.length;
    try {
      return write();
    } catch (error) {
      this.#rollbackTo(mark);
      throw error;
    } finally {
      if (outer === undefined) this.#undo = undefined;
    }
  }

  async #op<T>(operation: () => T): Promise<T> {
    this.#assertOpen();
    return await this.#gate.run(operation);
  }

  #assertOpen(): void {
    if (this.#closed)
      throw new StateStoreError({ record: 'MemoryStateStore', field: '', message: 'the store is closed' });
  }

  #tableOf(tables: Map<SyncEntity, Table>, entity: SyncEntity): Table {
    let table = tables.get(entity);
    if (!table) {
      // The links tables keep the flag index in step with every change, undone ones included.
      table =
        tables === this.#links
          ? new Table(this.#log, (qboId, json) => this.#flags.note(entity, qboId, json))
          : new Table(this.#log);
      tables.set(entity, table);
    }
    return table;
  }
}
