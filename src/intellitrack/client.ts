import { randomUUID } from 'node:crypto';
import { HttpTransport } from '../core/http.js';
import { pathSegment as seg } from '../core/wire-safety.js';
import type {
  ChangeFeedPage,
  IntelliTrackApi,
  IntelliTrackResources,
  ItBulkOperation,
  ItBulkResult,
  ItCallOptions,
  ItRecordOf,
  ItResource,
  ItUpdateOptions,
  ItWriteOptions,
  ListParams,
} from './api.js';
import { type BulkContext, sendBulk } from './bulk.js';
import { describeItCall } from './call-description.js';
import type { IntelliTrackClientOptions, OrderKind, Updatable } from './client-options.js';
import { intelliTrackErrorFactory } from './errors.js';
import { IntelliTrackRequester } from './requester.js';
import { resourceSchemas } from './resources.js';
import {
  type Adjustment,
  AdjustmentExportSchema,
  AdjustmentSchema,
  changeFeedSchema,
  type Division,
  DivisionSchema,
  type InventoryLoad,
  InventoryLoadSchema,
  type InventoryRecord,
  InventoryRecordSchema,
  type Location,
  LocationSchema,
  type OrderWork,
  OrderWorkSchema,
  type Page,
  type PickingOrder,
  PickingOrderSchema,
  type ReceivingOrder,
  ReceivingOrderSchema,
  type Site,
  SiteSchema,
  type Uom,
  UomSchema,
} from './schemas/index.js';
import { checkBody } from './validate.js';

export type { IntelliTrackClientOptions, OrderKind, Updatable } from './client-options.js';

/**
 * The IntelliTrack REST contract (docs/intellitrack-api.md) over HTTP: every response validated with
 * the contract's zod schemas, errors by meaning (problem+json), retries with the same
 * `Idempotency-Key`, `If-Match` on updates, cursor paging as async iteration.
 * @example
 * const it = new IntelliTrackClient({ baseUrl: 'https://it.example.com/v1', apiKey });
 * for await (const page of it.pages('items', { divisionId })) console.log(page.data.length);
 * const feed = await it.changes('items', { divisionId, cursor: null });
 */
export class IntelliTrackClient implements IntelliTrackApi {
  readonly #req: IntelliTrackRequester;
  readonly #pageSize: number;
  readonly #bulk: BulkContext;

  constructor(options: IntelliTrackClientOptions) {
    this.#pageSize = options.pageSize ?? 500;
    const baseUrl = options.baseUrl.replace(/\/+$/, '');
    const errorFactory = intelliTrackErrorFactory([options.apiKey]);
    const http = new HttpTransport({
      service: 'intellitrack',
      baseUrl,
      headers: { authorization: `Bearer ${options.apiKey}` },
      errorFactory,
      timeoutMs: options.timeoutMs ?? 30_000,
      describe: describeItCall,
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    this.#req = new IntelliTrackRequester(http, options.newIdempotencyKey ?? randomUUID);
    this.#bulk = { req: this.#req, baseUrl, errorFactory };
  }

  /** @throws NotFoundError for an unknown division */
  async getDivision(divisionId: string, options: ItCallOptions = {}): Promise<Division> {
    return this.#req.get(
      `/divisions/${seg(divisionId, 'Division id')}`,
      {},
      DivisionSchema,
      { entity: 'Division', id: divisionId },
      options,
    );
  }

  /** Every site of a division. */
  async listSites(divisionId: string, options: ItCallOptions = {}): Promise<Site[]> {
    return this.#req.all(`/divisions/${seg(divisionId, 'Division id')}/sites`, SiteSchema, 'Site', options);
  }

  /** Every location of a site. */
  async listLocations(siteId: string, options: ItCallOptions = {}): Promise<Location[]> {
    return this.#req.all(`/sites/${seg(siteId, 'Site id')}/locations`, LocationSchema, 'Location', options);
  }

  /** Every unit of measure of a division. */
  async listUoms(divisionId: string, options: ItCallOptions = {}): Promise<Uom[]> {
    return this.#req.all(`/divisions/${seg(divisionId, 'Division id')}/uoms`, UomSchema, 'Uom', options);
  }

  /** Pages of a resource in id order, following `nextCursor` until the last page. */
  async *pages<R extends ItResource>(
    resource: R,
    params: ListParams,
    options: ItCallOptions = {},
  ): AsyncGenerator<Page<ItRecordOf<R>>> {
    const { entity, record } = resourceSchemas(resource);
    const query = { ...params, limit: params.limit ?? this.#pageSize };
    yield* this.#req.pages(`/${resource}`, query, record, entity, options) as AsyncGenerator<Page<ItRecordOf<R>>>;
  }

  /** Every record of a resource, one at a time (pages fetched as needed). */
  async *records<R extends ItResource>(
    resource: R,
    params: ListParams,
    options: ItCallOptions = {},
  ): AsyncGenerator<ItRecordOf<R>> {
    for await (const page of this.pages(resource, params, options)) yield* page.data;
  }

  /**
   * One page of the change feed after `cursor`; without a cursor from the beginning, or from
   * `updatedSince` (inclusive) when given.
   */
  async changes<R extends ItResource>(
    resource: R,
    params: { divisionId: string; cursor: string | null; limit?: number; updatedSince?: string },
    options: ItCallOptions = {},
  ): Promise<ChangeFeedPage<ItRecordOf<R>>> {
    const { entity, record } = resourceSchemas(resource);
    const query = {
      divisionId: params.divisionId,
      limit: params.limit ?? this.#pageSize,
      cursor: params.cursor ?? undefined,
      updatedSince: params.cursor === null ? params.updatedSince : undefined,
    };
    const page = await this.#req.get(`/${resource}/changes`, query, changeFeedSchema(record), { entity }, options);
    return page as ChangeFeedPage<ItRecordOf<R>>;
  }

  /** @throws NotFoundError when the record does not exist */
  async get<R extends ItResource>(resource: R, id: string, options: ItCallOptions = {}): Promise<ItRecordOf<R>> {
    const { entity, record } = resourceSchemas(resource);
    return this.#req.get(`/${resource}/${seg(id, `${entity} id`)}`, {}, record, { entity, id }, options) as Promise<
      ItRecordOf<R>
    >;
  }

  /**
   * Creates a record (`POST /{resource}`).
   * @throws InvalidArgumentError for a body that breaks the contract (before sending),
   *   DuplicateNameError for a number or name already used, ValidationError for a 422
   */
  async create<R extends Exclude<ItResource, 'inventory'>>(
    resource: R,
    body: IntelliTrackResources[R]['create'],
    options: ItWriteOptions = {},
  ): Promise<ItRecordOf<R>> {
    const { entity, create, record } = resourceSchemas(resource);
    checkBody(create, body, `${entity} to create`);
    return this.#req.write({ method: 'POST', path: `/${resource}`, body, schema: record, entity }, options) as Promise<
      ItRecordOf<R>
    >;
  }

  /**
   * Changes fields of a record (`PATCH`, with `If-Match` when `ifVersion` is set).
   * @throws ConflictError when `ifVersion` is stale, DuplicateNameError, StateConflictError (closed order)
   */
  async update<R extends Updatable>(
    resource: R,
    id: string,
    patch: IntelliTrackResources[R]['update'],
    options: ItUpdateOptions = {},
  ): Promise<ItRecordOf<R>> {
    const { entity, update, record } = resourceSchemas(resource);
    if (update) checkBody(update, patch, `${entity} ${id} update`);
    const path = `/${resource}/${seg(id, `${entity} id`)}`;
    return this.#req.write({ method: 'PATCH', path, body: patch, schema: record, entity, id }, options) as Promise<
      ItRecordOf<R>
    >;
  }

  /** @throws NotFoundError, ConflictError (stale `ifVersion`), StateConflictError (in use, work done) */
  async delete(
    resource: 'receiving-orders' | 'picking-orders' | 'vendors' | 'customers' | 'items',
    id: string,
    options: ItUpdateOptions = {},
  ): Promise<void> {
    const { entity } = resourceSchemas(resource);
    await this.#req.write(
      { method: 'DELETE', path: `/${resource}/${seg(id, `${entity} id`)}`, body: undefined, entity, id },
      options,
    );
  }

  /** Sets (or adds to) the quantity of an item at a location (`POST /inventory`). */
  async loadInventory(body: InventoryLoad, options: ItWriteOptions = {}): Promise<InventoryRecord> {
    checkBody(InventoryLoadSchema, body, 'inventory load');
    const spec = { method: 'POST' as const, path: '/inventory', body, schema: InventoryRecordSchema };
    return this.#req.write({ ...spec, entity: 'InventoryRecord' }, options);
  }

  /** @throws StateConflictError for a closed order, ValidationError for more than the open quantity */
  async receive(orderId: string, work: OrderWork, options: ItWriteOptions = {}): Promise<ReceivingOrder> {
    checkBody(OrderWorkSchema, work, `receipt on receiving order ${orderId}`);
    const path = `/receiving-orders/${seg(orderId, 'ReceivingOrder id')}/receipts`;
    const spec = { method: 'POST' as const, path, body: work, schema: ReceivingOrderSchema };
    return this.#req.write({ ...spec, entity: 'ReceivingOrder', id: orderId }, options);
  }

  /** @throws StateConflictError for a closed order or insufficient stock */
  async pick(orderId: string, work: OrderWork, options: ItWriteOptions = {}): Promise<PickingOrder> {
    checkBody(OrderWorkSchema, work, `pick on picking order ${orderId}`);
    const path = `/picking-orders/${seg(orderId, 'PickingOrder id')}/picks`;
    const spec = { method: 'POST' as const, path, body: work, schema: PickingOrderSchema };
    return this.#req.write({ ...spec, entity: 'PickingOrder', id: orderId }, options);
  }

  /** Closes an order by hand; closing a closed order returns it unchanged. */
  async closeOrder(
    kind: OrderKind,
    orderId: string,
    options: ItWriteOptions = {},
  ): Promise<ReceivingOrder | PickingOrder> {
    return this.#orderAction(kind, orderId, 'close', options);
  }

  /** Reopens a closed order; reopening an open order returns it unchanged. */
  async reopenOrder(
    kind: OrderKind,
    orderId: string,
    options: ItWriteOptions = {},
  ): Promise<ReceivingOrder | PickingOrder> {
    return this.#orderAction(kind, orderId, 'reopen', options);
  }

  /**
   * Marks an adjustment exported with its QBO id; the same reference again returns it unchanged.
   * @throws StateConflictError when it was exported with another reference
   */
  async markAdjustmentExported(
    adjustmentId: string,
    body: { externalRef: string; exportedAt?: string },
    options: ItWriteOptions = {},
  ): Promise<Adjustment> {
    checkBody(AdjustmentExportSchema, body, `export of adjustment ${adjustmentId}`);
    const path = `/adjustments/${seg(adjustmentId, 'Adjustment id')}/export`;
    const spec = { method: 'POST' as const, path, body, schema: AdjustmentSchema };
    return this.#req.write({ ...spec, entity: 'Adjustment', id: adjustmentId }, options);
  }

  /**
   * Several writes in `POST /bulk` requests of at most 100, sent one after the other; one result per
   * operation, in input order: its record, or the error its single call would have thrown (a failed
   * operation does not stop the others). A body that breaks its schema is not sent: its result is an
   * InvalidBulkOperationError naming the operation and field. Details: docs/intellitrack-api.md.
   * @throws what fails a request as a whole (AuthenticationError; ServerError, ConnectionError or
   *   TimeoutError after retries; AbortError), ResponseValidationError for an answer off the contract
   * @example
   * const [made] = await it.bulk([{ kind: 'create', resource: 'vendors', body, idempotencyKey: 'v-1' }]);
   */
  async bulk(operations: readonly ItBulkOperation[], options: ItCallOptions = {}): Promise<ItBulkResult[]> {
    return sendBulk(this.#bulk, operations, options);
  }

  async #orderAction(
    kind: OrderKind,
    orderId: string,
    action: 'close' | 'reopen',
    options: ItWriteOptions,
  ): Promise<ReceivingOrder | PickingOrder> {
    const { entity, record } = resourceSchemas(kind);
    const path = `/${kind}/${seg(orderId, `${entity} id`)}/${action}`;
    const order = await this.#req.write(
      { method: 'POST', path, body: undefined, schema: record, entity, id: orderId },
      options,
    );
    return order as ReceivingOrder | PickingOrder;
  }
}
