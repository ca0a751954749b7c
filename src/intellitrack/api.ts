import type { ApiError } from '../core/errors.js';
import type {
  Adjustment,
  AdjustmentCreate,
  AdjustmentExport,
  Customer,
  Division,
  InventoryLoad,
  InventoryRecord,
  Item,
  ItemCreate,
  ItemUpdate,
  Location,
  OrderWork,
  Page,
  PartyCreate,
  PartyUpdate,
  PickingOrder,
  PickingOrderCreate,
  PickingOrderUpdate,
  ReceivingOrder,
  ReceivingOrderCreate,
  ReceivingOrderUpdate,
  Site,
  Uom,
  Vendor,
} from './schemas/index.js';

/**
 * The narrow IntelliTrack surface the Synchronizer depends on. {@link IntelliTrackClient} implements
 * it over this SDK's REST contract (docs/intellitrack-api.md); a host with another path into
 * IntelliTrack (its database, a vendor gateway) implements only this interface.
 */

/** Resources with records, change feeds and writes. */
export interface IntelliTrackResources {
  items: { record: Item; create: ItemCreate; update: ItemUpdate };
  vendors: { record: Vendor; create: PartyCreate; update: PartyUpdate };
  customers: { record: Customer; create: PartyCreate; update: PartyUpdate };
  'receiving-orders': { record: ReceivingOrder; create: ReceivingOrderCreate; update: ReceivingOrderUpdate };
  'picking-orders': { record: PickingOrder; create: PickingOrderCreate; update: PickingOrderUpdate };
  adjustments: { record: Adjustment; create: AdjustmentCreate; update: never };
  inventory: { record: InventoryRecord; create: InventoryLoad; update: never };
}

/** A resource name, e.g. `"items"`. */
export type ItResource = keyof IntelliTrackResources;
/** The record type of resource `R`. */
export type ItRecordOf<R extends ItResource> = IntelliTrackResources[R]['record'];

/** Options accepted by every call. */
export interface ItCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Options of a write. */
export interface ItWriteOptions extends ItCallOptions {
  /** Sent as `Idempotency-Key`, reused on every retry. Generated when absent. */
  idempotencyKey?: string;
}

/** Options of an update: `ifVersion` is sent as `If-Match` (a stale version gets ConflictError). */
export interface ItUpdateOptions extends ItWriteOptions {
  ifVersion?: number;
}

/** A record deleted since the cursor: deletes are explicit events, never inferred from absence. */
export interface Tombstone {
  id: string;
  externalRef: string | null;
  deletedAt: string;
}

/** One page of a resource's change feed. Keep `nextCursor`; `hasMore` false means caught up. */
export interface ChangeFeedPage<T> {
  records: T[];
  deleted: Tombstone[];
  nextCursor: string;
  hasMore: boolean;
}

/** Filters of a list call. */
export interface ListParams {
  divisionId: string;
  /** Page size, at most 1000. */
  limit?: number;
  /** Only records linked to this QBO id. */
  externalRef?: string;
  /** `adjustments` only: by export status. */
  exportStatus?: 'pending' | 'exported';
  /** `inventory` only: one item's records. */
  itemId?: string;
}

/** Resources that accept an update (PATCH). */
export type ItUpdatable = 'items' | 'vendors' | 'customers' | 'receiving-orders' | 'picking-orders';
/** Resources whose records can be deleted. */
export type ItDeletable = 'receiving-orders' | 'picking-orders' | 'vendors' | 'customers' | 'items';

/**
 * One write of a bulk request. Each operation carries its own `idempotencyKey`, with the meaning it
 * has on a single request: the same key and body, sent alone or in any bulk request, has one effect.
 */
export type ItBulkOperation =
  | {
      [R in Exclude<ItResource, 'inventory'>]: {
        kind: 'create';
        resource: R;
        body: IntelliTrackResources[R]['create'];
        idempotencyKey: string;
      };
    }[Exclude<ItResource, 'inventory'>]
  | {
      [R in ItUpdatable]: {
        kind: 'update';
        resource: R;
        id: string;
        body: IntelliTrackResources[R]['update'];
        ifVersion?: number;
        idempotencyKey: string;
      };
    }[ItUpdatable]
  | { kind: 'delete'; resource: ItDeletable; id: string; ifVersion?: number; idempotencyKey: string }
  | { kind: 'loadInventory'; body: InventoryLoad; idempotencyKey: string }
  /** `POST /adjustments/{id}/export`, as {@link IntelliTrackApi.markAdjustmentExported} sends it. */
  | {
      kind: 'exportAdjustment';
      id: string;
      body: { externalRef: string; exportedAt?: string };
      idempotencyKey: string;
    };

/**
 * The outcome of one bulk operation, at the operation's index: the record written (none for a
 * delete), or the typed error the same single request would have thrown.
 */
export type ItBulkResult =
  | { ok: true; status: number; record: ItRecordOf<ItResource> | undefined; replayed: boolean }
  | { ok: false; status: number; error: ApiError };

/** The IntelliTrack operations the sync engine needs. */
export interface IntelliTrackApi {
  getDivision(divisionId: string, options?: ItCallOptions): Promise<Division>;
  listSites(divisionId: string, options?: ItCallOptions): Promise<Site[]>;
  listLocations(siteId: string, options?: ItCallOptions): Promise<Location[]>;
  listUoms(divisionId: string, options?: ItCallOptions): Promise<Uom[]>;

  /** Every record of a resource, page by page (cursor pagination). */
  pages<R extends ItResource>(
    resource: R,
    params: ListParams,
    options?: ItCallOptions,
  ): AsyncIterable<Page<ItRecordOf<R>>>;
  /**
   * Records changed and deleted after `cursor` (null = from the beginning, or from `updatedSince`
   * inclusive when given), oldest first. Call again with `nextCursor` while `hasMore`.
   */
  changes<R extends ItResource>(
    resource: R,
    params: { divisionId: string; cursor: string | null; limit?: number; updatedSince?: string },
    options?: ItCallOptions,
  ): Promise<ChangeFeedPage<ItRecordOf<R>>>;
  get<R extends ItResource>(resource: R, id: string, options?: ItCallOptions): Promise<ItRecordOf<R>>;
  create<R extends Exclude<ItResource, 'inventory'>>(
    resource: R,
    body: IntelliTrackResources[R]['create'],
    options?: ItWriteOptions,
  ): Promise<ItRecordOf<R>>;
  update<R extends 'items' | 'vendors' | 'customers' | 'receiving-orders' | 'picking-orders'>(
    resource: R,
    id: string,
    patch: IntelliTrackResources[R]['update'],
    options?: ItUpdateOptions,
  ): Promise<ItRecordOf<R>>;
  /** Deletes a record (orders: only when no work was done on them yet). */
  delete(
    resource: 'receiving-orders' | 'picking-orders' | 'vendors' | 'customers' | 'items',
    id: string,
    options?: ItUpdateOptions,
  ): Promise<void>;

  /** Sets (or adds to) the quantity of an item at a location: the initial import from QBO. */
  loadInventory(body: InventoryLoad, options?: ItWriteOptions): Promise<InventoryRecord>;
  /** Records received quantities on an open receiving order; raises inventory. */
  receive(orderId: string, work: OrderWork, options?: ItWriteOptions): Promise<ReceivingOrder>;
  /** Records picked quantities on an open picking order; lowers inventory. */
  pick(orderId: string, work: OrderWork, options?: ItWriteOptions): Promise<PickingOrder>;
  /** Closes an open order by hand (with less than ordered: a partial receipt/pick). */
  closeOrder(
    kind: 'receiving-orders' | 'picking-orders',
    orderId: string,
    options?: ItWriteOptions,
  ): Promise<ReceivingOrder | PickingOrder>;
  /** Marks an adjustment exported with the QBO id it became. Idempotent: same ref, same result. */
  markAdjustmentExported(adjustmentId: string, body: AdjustmentExport, options?: ItWriteOptions): Promise<Adjustment>;
  /**
   * Several writes in one request (optional: without it the Synchronizer sends one request per
   * write). Results come back in input order; one operation failing does not stop the others.
   * A failure of the request itself (auth, network after retries) is thrown.
   */
  bulk?(operations: readonly ItBulkOperation[], options?: ItCallOptions): Promise<ItBulkResult[]>;
}
