import type { ApiError } from '../core/errors.js';
import type {
  Account,
  Bill,
  CompanyInfo,
  Customer,
  Estimate,
  InventoryAdjustment,
  Invoice,
  Item,
  Preferences,
  PurchaseOrder,
  Vendor,
} from './schemas/index.js';

/**
 * The narrow QuickBooks Online surface the Synchronizer depends on. {@link QboClient} implements it;
 * a host can substitute its own (a recording proxy, a test double).
 */

/** Entities this SDK reads and writes, by QBO's entity name. */
export interface QboEntities {
  Account: Account;
  Bill: Bill;
  CompanyInfo: CompanyInfo;
  Customer: Customer;
  Estimate: Estimate;
  InventoryAdjustment: InventoryAdjustment;
  Invoice: Invoice;
  Item: Item;
  Preferences: Preferences;
  PurchaseOrder: PurchaseOrder;
  Vendor: Vendor;
}

/** A QBO entity name, e.g. `"Item"`. */
export type QboEntityName = keyof QboEntities;

/** The record type of entity `N`. */
export type EntityOf<N extends QboEntityName> = QboEntities[N];

const ENTITY_NAMES: Readonly<Record<QboEntityName, true>> = {
  Account: true,
  Bill: true,
  CompanyInfo: true,
  Customer: true,
  Estimate: true,
  InventoryAdjustment: true,
  Invoice: true,
  Item: true,
  Preferences: true,
  PurchaseOrder: true,
  Vendor: true,
};

/**
 * Whether `name` is an entity this SDK knows (a {@link QboEntityName}), e.g. to keep the entities
 * of webhook events that `Synchronizer.syncEntities` accepts.
 */
export function isQboEntityName(name: string): name is QboEntityName {
  return Object.hasOwn(ENTITY_NAMES, name);
}

/** Name-list entities: queries return active records only unless `Active` is in the WHERE clause. */
export const NAME_LIST_ENTITIES = ['Account', 'Customer', 'Item', 'Vendor'] as const satisfies readonly QboEntityName[];

/** Options accepted by every call. */
export interface CallOptions {
  /** Aborts the call, including retry and rate-limit waits. */
  signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  /**
   * Called with QBO's own clock, the `time` of each query, CDC and batch response, as it arrives.
   * The Synchronizer takes its change watermarks from it, so a host clock that is ahead of QBO's,
   * or jumps, loses no change. An implementation that cannot tell may never call it.
   */
  onServerTime?: (time: Date) => void;
}

/** Options of {@link QboApi.pages}. */
export interface PagesOptions extends CallOptions {
  /**
   * 1-based position of the first record to read (`STARTPOSITION`), e.g. 1001 when the first page
   * was read another way (in a batch). @default 1
   */
  startPosition?: number;
  /**
   * How many records the query matches, when known (a `SELECT COUNT(*)`): paging stops after the page
   * that reaches this position instead of asking for the empty page after it. A short page still ends
   * the paging first; records added after the count may be returned on the last page but are not
   * asked for. Nothing is requested when `startPosition` is already past it.
   */
  total?: number;
}

/** Options of a write (POST). */
export interface WriteOptions extends CallOptions {
  /**
   * The idempotency key, sent as QBO's `requestid` (≤ 50 characters; a batch derives one of ≤ 36 per
   * request from it). The same key is reused on every retry; QBO answers a repeated key with the
   * first response and no second effect. Generated when absent.
   */
  idempotencyKey?: string;
}

/** Comparison operators QBO's query language accepts. There is no OR. */
export type QueryOperator = '=' | 'IN' | '<' | '>' | '<=' | '>=' | 'LIKE';

/** A literal in a query condition. */
export type QueryValue = string | number | boolean | Date;

/** One `field op value` condition; conditions of a query are joined with AND. */
export interface QueryCondition {
  field: string;
  operator: QueryOperator;
  value: QueryValue | readonly QueryValue[];
}

/** A query as data. Built with the query builder (`select('Item')…`) or by hand. */
export interface QuerySpec<N extends QboEntityName = QboEntityName> {
  entity: N;
  where?: readonly QueryCondition[];
  /** Adds `Active IN (true,false)` on name-list entities so inactive records are returned too. */
  includeInactive?: boolean;
  orderBy?: readonly { field: string; direction?: 'ASC' | 'DESC' }[];
}

/** One page of query results with its 1-based start position. */
export interface QueryPage<T> {
  records: T[];
  startPosition: number;
}

/** One operation of a batch request. */
export type BatchOperation =
  | {
      /** Caller's id for this operation, echoed in its result. Defaults to its index. */
      bId?: string;
      operation: 'create' | 'update' | 'delete';
      entity: QboEntityName;
      /** The entity body; an update is sparse unless `full` is true; update/delete need Id + SyncToken. */
      body: Record<string, unknown>;
      full?: boolean;
    }
  | { bId?: string; operation: 'void'; entity: 'Invoice' | 'Bill' | 'Estimate'; body: Record<string, unknown> }
  | {
      bId?: string;
      operation: 'query';
      /** A query as data, or query text sent as is. */
      query: QuerySpec | string;
      /** With a `QuerySpec`: run `SELECT COUNT(*)`; the result's `totalCount` answers it. */
      count?: boolean;
      /** With a `QuerySpec`: `STARTPOSITION` of the page returned (1-based). */
      startPosition?: number;
      /** With a `QuerySpec`: `MAXRESULTS`, 1–1000 (QBO's default page size of 100 applies otherwise). */
      maxResults?: number;
    };

/** The outcome of one batch operation, in input order. A failed item never fails the others. */
export type BatchResult =
  | {
      ok: true;
      bId: string;
      entity: QboEntityName | undefined;
      record: Record<string, unknown> | undefined;
      /** The records a `query` operation returned (none: an empty array). */
      records?: Record<string, unknown>[];
      /** The answer of a `SELECT COUNT(*)` query operation (QBO's `QueryResponse.totalCount`). */
      totalCount?: number;
    }
  | { ok: false; bId: string; error: ApiError };

/** One changed record reported by change data capture. */
export type Change<N extends QboEntityName = QboEntityName> =
  | { entity: N; status: 'Updated'; id: string; record: EntityOf<N>; lastUpdatedTime: string }
  | { entity: N; status: 'Deleted'; id: string; lastUpdatedTime: string };

/** Options of a CDC read. */
export interface ChangesOptions extends CallOptions {
  /**
   * Called once per HTTP request the read makes: one `cdc` call usually, more when a window over
   * QBO's 1,000-change cap is split, and `query` calls completing a second with more changes than
   * that. Retries of one request are not counted again.
   */
  onRequest?: (kind: 'cdc' | 'query') => void;
}

/** Parameters of a CDC read. */
export interface ChangesParams {
  entities: readonly QboEntityName[];
  /** Changes after this instant. Older than 30 days raises FullSyncRequiredError. */
  since: Date;
}

/** The QuickBooks Online operations the sync engine needs. */
export interface QboApi {
  /** The company (realm) this API talks to. */
  readonly realmId: string;
  /** Reads one record by id. @throws NotFoundError */
  read<N extends QboEntityName>(entity: N, id: string, options?: CallOptions): Promise<EntityOf<N>>;
  /** Creates a record and returns it as QBO stored it (with Id and SyncToken). */
  create<N extends QboEntityName>(
    entity: N,
    body: Record<string, unknown>,
    options?: WriteOptions,
  ): Promise<EntityOf<N>>;
  /** Sparse update: `body` needs Id and SyncToken. @throws ConflictError on a stale SyncToken (5010). */
  update<N extends QboEntityName>(
    entity: N,
    body: Record<string, unknown>,
    options?: WriteOptions,
  ): Promise<EntityOf<N>>;
  /** Deletes a transaction (`?operation=delete`); name-list entities are deactivated instead. */
  delete(entity: QboEntityName, body: { Id: string; SyncToken: string }, options?: WriteOptions): Promise<void>;
  /**
   * Every matching record, one page (≤ 1000) at a time. Never loads the whole result set.
   * `startPosition` and `total` (see {@link PagesOptions}) let a caller start after records it
   * already has and stop at a known count. An implementation that ignores them pages from 1 until a
   * short page; the Synchronizer copes with that (it skips records by each page's `startPosition`
   * and stops at the count itself), at the price of the requests saved.
   */
  pages<N extends QboEntityName>(query: QuerySpec<N>, options?: PagesOptions): AsyncIterable<QueryPage<EntityOf<N>>>;
  /** `SELECT COUNT(*)` of the query. */
  count(query: QuerySpec, options?: CallOptions): Promise<number>;
  /** Runs operations in requests of ≤ 30; one result per operation, in input order. */
  batch(operations: readonly BatchOperation[], options?: WriteOptions): Promise<BatchResult[]>;
  /** Changes since `since` (CDC), deletions included, oldest first per entity. */
  changes(params: ChangesParams, options?: ChangesOptions): Promise<Change[]>;
}

/** The entity whose lower-case URL path segment is `segment` (e.g. `purchaseorder`), if any. */
export function qboEntityOfPath(segment: string): QboEntityName | undefined {
  return (Object.keys(ENTITY_NAMES) as QboEntityName[]).find((name) => name.toLowerCase() === segment);
}
