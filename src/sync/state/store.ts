/**
 * The `StateStore` port: everything the Synchronizer remembers between runs. `MemoryStateStore`
 * and `SqliteStateStore` (subpath `qbo-intellitrack-sync/sqlite`) implement it and pass one shared
 * contract suite (`storeContract` in `qbo-intellitrack-sync/testing`), so another store can prove
 * itself with the same tests. All values are JSON-serialisable.
 *
 * Below the port: {@link StateStoreError}, the record checks every store runs before writing
 * (record-checks.ts, exported from here), and `TransactionGate` (`transaction-gate.ts`), the lock a
 * store uses to implement `transaction`.
 */

import type { ActivityEntry, ActivityFilter, ActivityRecord } from '../activity/types.js';
import type { LeaseStore } from './lease.js';
import type { MeteredCallsDelta, MeteredTotal, MeteredUsage, MeteredUsageAdded } from './metered-usage.js';

export { checkFlag, toJsonText } from './field-checks.js';
export type { MeteredCallsDelta, MeteredTotal, MeteredUsage, MeteredUsageAdded } from './metered-usage.js';
export { addedUsage, checkMeteredCalls, checkMeteredMonth, meteredTotal } from './metered-usage.js';
export {
  checkFailed,
  checkJournal,
  checkJournalPrune,
  checkLink,
  checkRun,
  checkRunPrune,
  checkWatermark,
  pageSizeOption,
  SYNC_ENTITIES,
} from './record-checks.js';
export { StateStoreError } from './store-error.js';

/** Kinds of linked records. */
export type SyncEntity =
  | 'item'
  | 'vendor'
  | 'customer'
  | 'receivingOrder'
  | 'pickingOrder'
  | 'inventory'
  | 'adjustment';

/** Which system a record was created in first. */
export type RecordOrigin = 'qbo' | 'intellitrack';

/** A QBO record and the IntelliTrack record it is kept in sync with. */
export interface Link {
  entity: SyncEntity;
  qboId: string;
  itId: string;
  origin: RecordOrigin;
  /** QBO SyncToken after our last read or write (no read-after-write needed). */
  qboSyncToken: string | null;
  /** IntelliTrack version after our last read or write. */
  itVersion: number | null;
  /** Content hash of the QBO side, as mapped, at the last sync. */
  qboHash: string | null;
  /** Content hash of the IntelliTrack side at the last sync. */
  itHash: string | null;
  /** Flow-specific facts (e.g. `{ postedBack: true }`, `{ inventoryImported: true }`). */
  data: Record<string, unknown>;
  /** Epoch milliseconds. */
  updatedAt: number;
}

/** Write journal states. */
export type JournalState = 'pending' | 'done' | 'failed';

/**
 * One intended write, journalled with its deterministic idempotency key *before* it is sent and
 * settled after. On resume, a `pending` entry is re-sent with the same key (QBO `requestid`,
 * IntelliTrack `Idempotency-Key`), so the service replays the first effect instead of repeating it.
 */
export interface JournalEntry {
  /** Deterministic idempotency key, e.g. `adj:<adjustmentId>:export`. Primary key. */
  key: string;
  entity: SyncEntity;
  /** What the write does, e.g. `qbo.create.InventoryAdjustment`. */
  operation: string;
  state: JournalState;
  /** What is sent; enough to re-send it after a crash. */
  payload: unknown;
  /** The response, once done. */
  result: unknown;
  /** Last error message when failed. */
  error: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
}

/** A record that failed and waits in the error queue for `retryFailed()`. */
export interface FailedRecord {
  /** `${entity}:${side}:${sourceId}` — one entry per record. */
  id: string;
  entity: SyncEntity;
  side: RecordOrigin;
  sourceId: string;
  operation: string;
  /** Error class name, e.g. `MappingError`. */
  errorName: string;
  message: string;
  code: string | null;
  attempts: number;
  firstFailedAt: number;
  lastFailedAt: number;
}

/** One completed (or failed) run with its report. */
export interface RunRecord {
  id: string;
  operation: string;
  startedAt: number;
  finishedAt: number;
  status: 'completed' | 'failed' | 'aborted';
  report: unknown;
}

/** Which journal entries `StateStore.pruneJournal` deletes. */
export interface JournalPruneOptions {
  /** Epoch milliseconds: settled entries last updated before this instant are deleted. */
  before: number;
}

/** Which runs `StateStore.pruneRuns` deletes; a run matching either limit is deleted. */
export interface RunPruneOptions {
  /** How many of the newest runs to keep. */
  keep?: number;
  /** Epoch milliseconds: runs that started before this instant are deleted. */
  before?: number;
}

/** What the Synchronizer persists. Every method is atomic on its own; `transaction` groups several. */
export interface StateStore {
  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined>;
  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined>;
  /**
   * The links of `entity` whose QBO ids are among `qboIds` (any number of them), in any order; an id
   * with no link is left out. Optional: the Synchronizer reads a page of records' links with it in
   * one call, and with `getLinkByQboId` once per id when a store does not have it.
   */
  getLinksByQboIds?(entity: SyncEntity, qboIds: readonly string[]): Promise<Link[]>;
  /** The links of `entity` whose IntelliTrack ids are among `itIds`; optional, as `getLinksByQboIds`. */
  getLinksByItIds?(entity: SyncEntity, itIds: readonly string[]): Promise<Link[]>;
  /** Inserts or replaces links (keyed by entity + qboId; itId is unique per entity too). */
  putLinks(links: readonly Link[]): Promise<void>;
  deleteLink(entity: SyncEntity, qboId: string): Promise<void>;
  /** Every link of an entity, in pages; never the whole table at once. */
  listLinks(entity: SyncEntity): AsyncIterable<Link[]>;
  /**
   * The links of an entity whose `data[flag]` is not `true` (e.g. items whose one-time inventory
   * import is still to do), in pages in QBO id order with keyset paging like `listLinks`. Kept cheap
   * when few links qualify: a quiet run must not read every link. `flag` is a plain name
   * (`/^[A-Za-z_][A-Za-z0-9_]*$/`); another is refused with `StateStoreError`.
   */
  listLinksWithout(entity: SyncEntity, flag: string): AsyncIterable<Link[]>;
  countLinks(entity: SyncEntity): Promise<number>;

  getWatermark(key: string): Promise<string | undefined>;
  setWatermark(key: string, value: string): Promise<void>;
  listWatermarks(): Promise<Record<string, string>>;

  getJournal(key: string): Promise<JournalEntry | undefined>;
  /**
   * The journal entries of `keys` (any number of them), in any order; a key with no entry is left
   * out. Optional: the Synchronizer looks up the entries of a group of writes with it in one call
   * before it journals them, and with `getJournal` once per key when a store does not have it.
   */
  getJournalEntries?(keys: readonly string[]): Promise<JournalEntry[]>;
  putJournal(entry: JournalEntry): Promise<void>;
  /**
   * Saves `entries` as `putJournal` would, one after the other (a key given twice keeps its last
   * entry). Optional: the Synchronizer journals a group of writes, and marks them settled, in one
   * call with it, and with `putJournal` once per entry when a store does not have it.
   */
  putJournalEntries?(entries: readonly JournalEntry[]): Promise<void>;
  listJournal(filter?: { state?: JournalState; entity?: SyncEntity }): Promise<JournalEntry[]>;

  putFailed(record: FailedRecord): Promise<void>;
  getFailed(id: string): Promise<FailedRecord | undefined>;
  removeFailed(id: string): Promise<void>;
  /**
   * Removes the error-queue records of `ids` (any number; an id with no record is ignored). Optional:
   * the Synchronizer clears the records of a group of settled writes in one call with it, and with
   * `removeFailed` once per id when a store does not have it.
   */
  removeFailedRecords?(ids: readonly string[]): Promise<void>;
  listFailed(filter?: { entity?: SyncEntity }): Promise<FailedRecord[]>;

  putRun(run: RunRecord): Promise<void>;
  /** Newest first. */
  listRuns(limit?: number): Promise<RunRecord[]>;
  /** One run of the history, if it is still kept. */
  getRun(id: string): Promise<RunRecord | undefined>;

  /**
   * Appends record-level activity entries (all or none), each given the next `seq`. Written in the
   * same store transaction as the settle it describes.
   * @throws {StateStoreError} naming the entry and the first bad field.
   */
  putActivity(records: readonly ActivityRecord[]): Promise<void>;
  /**
   * Activity entries matching `filter`, oldest first (by `seq`), at most `filter.limit`.
   * @throws {StateStoreError} when a filter field cannot be used.
   */
  listActivity(filter: ActivityFilter): Promise<ActivityEntry[]>;

  /**
   * Deletes settled journal entries (`done` and `failed`) whose `updatedAt` is before
   * `options.before` (strictly); `pending` entries are never deleted, however old. Which entries
   * are safe to delete is the caller's decision (see `Synchronizer.prune`).
   * @returns how many entries were deleted.
   * @throws {StateStoreError} when `before` is not epoch milliseconds.
   */
  pruneJournal(options: JournalPruneOptions): Promise<number>;
  /**
   * Deletes runs from the history: every run beyond the newest `keep` (in `listRuns` order) and
   * every run that started before `before` (strictly). Without either, nothing is deleted. The
   * activity entries of deleted runs go with them, and so do entries made by hand (`runId` null)
   * older than the oldest run kept.
   * @returns how many runs were deleted.
   * @throws {StateStoreError} when `keep` is not a non-negative integer or `before` not epoch milliseconds.
   */
  pruneRuns(options: RunPruneOptions): Promise<number>;

  /**
   * Adds QBO calls to the metered usage of company `realmId` in calendar month `month` (`YYYY-MM`,
   * UTC) and returns the new totals (a first call for the month starts from zero), with every
   * company's total of the month read in the same step (`appTotal`). Those steps are serialised
   * across every process on the store, so two adds never see the same total before them.
   * @throws {StateStoreError} naming the bad field (empty realm, month not `YYYY-MM`, a negative or
   *   fractional count, `at` not epoch milliseconds).
   */
  addMeteredCalls(realmId: string, month: string, calls: MeteredCallsDelta): Promise<MeteredUsageAdded>;
  /** The metered usage of `realmId` in `month` (`YYYY-MM`), or undefined when nothing was counted. */
  getMeteredCalls(realmId: string, month: string): Promise<MeteredUsage | undefined>;
  /**
   * Every company's metered usage in `month` (`YYYY-MM`), summed: what Intuit counts against an
   * app's allowance when every company the app serves syncs through this store (the Postgres store:
   * every realm of its schema).
   * @throws {StateStoreError} when `month` is not `YYYY-MM`.
   */
  sumMeteredCalls(month: string): Promise<MeteredTotal>;

  /**
   * Per-realm leases with fencing tokens, so two runs never write for one company at once (see
   * `lease.ts`; `LeaseBook` implements them over a store's lease records).
   */
  readonly leases: LeaseStore;

  /**
   * Runs `fn` atomically: every store call inside it commits together or not at all. Transactions do
   * not overlap: one started from outside `fn` runs its body after this one ends; one started inside
   * `fn` nests in it (`TransactionGate` gives both). `FencedStore` relies on this to check its lease
   * once per transaction.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
