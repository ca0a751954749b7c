/**
 * The `StateStore` port: everything the Synchronizer remembers between runs. `MemoryStateStore`
 * and `SqliteStateStore` (subpath `qbo-intellitrack-sync/sqlite`) implement it and pass one shared
 * contract suite (`storeContract` in `qbo-intellitrack-sync/testing`), so another store can prove
 * itself with the same tests. All values are JSON-serialisable.
 */

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

/** What the Synchronizer persists. Every method is atomic on its own; `transaction` groups several. */
export interface StateStore {
  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined>;
  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined>;
  /** Inserts or replaces links (keyed by entity + qboId; itId is unique per entity too). */
  putLinks(links: readonly Link[]): Promise<void>;
  deleteLink(entity: SyncEntity, qboId: string): Promise<void>;
  /** Every link of an entity, in pages; never the whole table at once. */
  listLinks(entity: SyncEntity): AsyncIterable<Link[]>;
  countLinks(entity: SyncEntity): Promise<number>;

  getWatermark(key: string): Promise<string | undefined>;
  setWatermark(key: string, value: string): Promise<void>;
  listWatermarks(): Promise<Record<string, string>>;

  getJournal(key: string): Promise<JournalEntry | undefined>;
  putJournal(entry: JournalEntry): Promise<void>;
  listJournal(filter?: { state?: JournalState; entity?: SyncEntity }): Promise<JournalEntry[]>;

  putFailed(record: FailedRecord): Promise<void>;
  getFailed(id: string): Promise<FailedRecord | undefined>;
  removeFailed(id: string): Promise<void>;
  listFailed(filter?: { entity?: SyncEntity }): Promise<FailedRecord[]>;

  putRun(run: RunRecord): Promise<void>;
  /** Newest first. */
  listRuns(limit?: number): Promise<RunRecord[]>;

  /** Runs `fn` atomically: every store call inside it commits together or not at all. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
