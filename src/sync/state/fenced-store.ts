import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../activity/types.js';
import type { Lease, LeaseStore } from './lease.js';
import { readJournalEntries, readLinks } from './many-reads.js';
import { removeFailedRecords, writeJournalEntries } from './many-writes.js';
import type {
  FailedRecord,
  JournalEntry,
  JournalPruneOptions,
  JournalState,
  Link,
  MeteredCallsDelta,
  MeteredTotal,
  MeteredUsage,
  MeteredUsageAdded,
  RunPruneOptions,
  RunRecord,
  StateStore,
  SyncEntity,
} from './store.js';

/**
 * The view of a store a run writes through while it holds `lease`: every write to links,
 * watermarks, the journal, the error queue and the activity log, and every `transaction`, first checks the fence
 * (`leases.assert`) inside the same store transaction, so once another run took the lease over, the
 * write is refused with `LeaseLostError` and nothing of it is stored. Reads, run history, pruning
 * and the lease methods pass through unchanged; `close` leaves the underlying store open.
 *
 * The check is made once per store transaction: a write nested in one of this view's transactions
 * is covered by the check its outermost transaction made, and goes to the store as a plain call of
 * that transaction (each store method is all or nothing by itself), not as a nested transaction:
 * no savepoint per write (two more round trips each on Postgres). No other run can take the lease over
 * while that transaction is open (taking it is a write to the same store, which waits for the
 * transaction: SQLite's write lock from `BEGIN IMMEDIATE`, Postgres's row lock on the lease, the
 * memory store's gate), so checking again would read the same lease.
 *
 * @example
 * ```ts
 * const view = new FencedStore(store, lease);
 * await view.putLinks([link]); // LeaseLostError once another run acquired the lease
 * ```
 */
export class FencedStore implements StateStore {
  readonly #inner: StateStore;
  readonly #lease: Lease;
  /**
   * Set in the async context of a checked transaction's body, `running` until the body ends. The
   * store runs a transaction's body only while it holds the store's lock, or nested in the
   * transaction that holds it, so a call made from a running body is nested in that transaction.
   */
  readonly #body = new AsyncLocalStorage<{ running: boolean }>();

  constructor(inner: StateStore, lease: Lease) {
    this.#inner = inner;
    this.#lease = lease;
  }

  /** The lease this view checks. */
  get lease(): Lease {
    return this.#lease;
  }

  /** The underlying store's leases. */
  get leases(): LeaseStore {
    return this.#inner.leases;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.#inner.transaction(async () => {
      if (this.#inBody()) return await fn();
      const body = { running: true };
      try {
        await this.#inner.leases.assert(this.#lease);
        return await this.#body.run(body, fn);
      } finally {
        body.running = false;
      }
    });
  }

  /** Whether this call is made from the body of one of this view's checked transactions, while it runs. */
  #inBody(): boolean {
    return this.#body.getStore()?.running === true;
  }

  /**
   * A write: from a running checked body, a call of that transaction; otherwise a checked
   * transaction of its own (also when started from a body that has ended since).
   */
  #write<T>(write: () => Promise<T>): Promise<T> {
    return this.#inBody() ? write() : this.transaction(write);
  }

  putLinks(links: readonly Link[]): Promise<void> {
    return this.#write(() => this.#inner.putLinks(links));
  }

  deleteLink(entity: SyncEntity, qboId: string): Promise<void> {
    return this.#write(() => this.#inner.deleteLink(entity, qboId));
  }

  setWatermark(key: string, value: string): Promise<void> {
    return this.#write(() => this.#inner.setWatermark(key, value));
  }

  putJournal(entry: JournalEntry): Promise<void> {
    return this.#write(() => this.#inner.putJournal(entry));
  }

  putJournalEntries(entries: readonly JournalEntry[]): Promise<void> {
    return this.#write(() => writeJournalEntries(this.#inner, entries));
  }

  /**
   * Not fenced, like {@link putRun}: the calls a run made were made and metered whether or not it
   * still holds the lease, so a run taken over still adds them (and still records its failed run).
   */
  addMeteredCalls(realmId: string, month: string, calls: MeteredCallsDelta): Promise<MeteredUsageAdded> {
    return this.#inner.addMeteredCalls(realmId, month, calls);
  }

  putFailed(record: FailedRecord): Promise<void> {
    return this.#write(() => this.#inner.putFailed(record));
  }

  removeFailed(id: string): Promise<void> {
    return this.#write(() => this.#inner.removeFailed(id));
  }

  removeFailedRecords(ids: readonly string[]): Promise<void> {
    return this.#write(() => removeFailedRecords(this.#inner, ids));
  }

  putActivity(records: readonly ActivityRecord[]): Promise<void> {
    return this.#write(() => this.#inner.putActivity(records));
  }

  listActivity(filter: ActivityFilter): Promise<ActivityEntry[]> {
    return this.#inner.listActivity(filter);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.#inner.getRun(id);
  }

  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    return this.#inner.getLinkByQboId(entity, qboId);
  }

  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    return this.#inner.getLinkByItId(entity, itId);
  }

  getLinksByQboIds(entity: SyncEntity, qboIds: readonly string[]): Promise<Link[]> {
    return readLinks(this.#inner, entity, 'qbo', qboIds);
  }

  getLinksByItIds(entity: SyncEntity, itIds: readonly string[]): Promise<Link[]> {
    return readLinks(this.#inner, entity, 'it', itIds);
  }

  listLinks(entity: SyncEntity): AsyncIterable<Link[]> {
    return this.#inner.listLinks(entity);
  }

  listLinksWithout(entity: SyncEntity, flag: string): AsyncIterable<Link[]> {
    return this.#inner.listLinksWithout(entity, flag);
  }

  countLinks(entity: SyncEntity): Promise<number> {
    return this.#inner.countLinks(entity);
  }

  getWatermark(key: string): Promise<string | undefined> {
    return this.#inner.getWatermark(key);
  }

  listWatermarks(): Promise<Record<string, string>> {
    return this.#inner.listWatermarks();
  }

  getMeteredCalls(realmId: string, month: string): Promise<MeteredUsage | undefined> {
    return this.#inner.getMeteredCalls(realmId, month);
  }

  sumMeteredCalls(month: string): Promise<MeteredTotal> {
    return this.#inner.sumMeteredCalls(month);
  }

  getJournal(key: string): Promise<JournalEntry | undefined> {
    return this.#inner.getJournal(key);
  }

  getJournalEntries(keys: readonly string[]): Promise<JournalEntry[]> {
    return readJournalEntries(this.#inner, keys);
  }

  listJournal(filter?: { state?: JournalState; entity?: SyncEntity }): Promise<JournalEntry[]> {
    return this.#inner.listJournal(filter);
  }

  getFailed(id: string): Promise<FailedRecord | undefined> {
    return this.#inner.getFailed(id);
  }

  listFailed(filter?: { entity?: SyncEntity }): Promise<FailedRecord[]> {
    return this.#inner.listFailed(filter);
  }

  putRun(run: RunRecord): Promise<void> {
    return this.#inner.putRun(run);
  }

  listRuns(limit?: number): Promise<RunRecord[]> {
    return this.#inner.listRuns(limit);
  }

  pruneJournal(options: JournalPruneOptions): Promise<number> {
    return this.#inner.pruneJournal(options);
  }

  pruneRuns(options: RunPruneOptions): Promise<number> {
    return this.#inner.pruneRuns(options);
  }

  /** Leaves the underlying store open: the view belongs to one run, the store to its host. */
  async close(): Promise<void> {}
}
