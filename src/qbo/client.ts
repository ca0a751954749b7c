/**
 * The QuickBooks Online client: typed, validated, rate-limited, retrying, idempotent. Implements the
 * {@link QboApi} port the Synchronizer depends on, plus `query()`, `companyInfo()`, `preferences()`
 * and `void()`.
 */
import { randomUUID } from 'node:crypto';
import { BearerAuth } from '../core/bearer-auth.js';
import { type Clock, systemClock } from '../core/clock.js';
import { ConfigurationError, InvalidArgumentError } from '../core/errors.js';
import { type HttpRequest, type HttpResponse, HttpTransport } from '../core/http.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { RetryPolicy } from '../core/retry.js';
import type { TelemetryOptions } from '../core/telemetry/telemetry.js';
import { pathSegment } from '../core/wire-safety.js';
import {
  type BatchOperation,
  type BatchResult,
  type CallOptions,
  type Change,
  type ChangesOptions,
  type ChangesParams,
  type EntityOf,
  NAME_LIST_ENTITIES,
  type PagesOptions,
  type QboApi,
  type QboEntityName,
  type QueryPage,
  type QuerySpec,
  type WriteOptions,
} from './api.js';
import type { TokenProvider } from './auth.js';
import { runBatch } from './batch.js';
import { describeQboCall } from './call-description.js';
import { readChanges } from './cdc.js';
import { isQboRetryable, qboErrorFactory, ThrottleExceededError, throttleBackoff } from './errors.js';
import { limiterForRealm, type RateLimiter, type RateLimits } from './limits.js';
import {
  addMeteredCounts,
  emptyMeteredCounts,
  type MeteredCall,
  type MeteredCategory,
  type MeteredCounts,
  meteredOfBatch,
} from './metering.js';
import { pageQuery } from './paging.js';
import { entityPath, realmSegment } from './paths.js';
import { toQueryString } from './query.js';
import { entityFromBody, parseEnvelope, throwIfFault } from './response.js';
import { type CompanyInfo, type Preferences, QueryResponseEnvelopeSchema } from './schemas/index.js';
import { noteServerTime } from './server-time.js';

/** QBO API hosts by environment. */
export const QBO_BASE_URLS = Object.freeze({
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
  production: 'https://quickbooks.api.intuit.com',
});

/** Longest `requestid` QBO accepts on a single-entity write. */
export const MAX_REQUEST_ID_LENGTH = 50;

/** Settings of a {@link QboClient}. */
export interface QboClientOptions {
  /** The company id (realm) every call addresses. */
  realmId: string;
  environment: 'sandbox' | 'production';
  /** Overrides the environment's host, e.g. an emulator on `http://127.0.0.1:port`. */
  baseUrl?: string;
  /** Source of access tokens; refreshed once (single-flight) when QBO answers 401. */
  auth: TokenProvider;
  /** `minorversion` sent on every call. @default 75 */
  minorVersion?: number;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Pino-compatible logger. @default silentLogger */
  logger?: Logger;
  /** @default systemClock */
  clock?: Clock;
  /**
   * Realm limits of the default limiter; the first client of a realm in the process sets them.
   * Ignored with `limiter`. @default 10 in flight, 500/min, 40 batch/min
   */
  limits?: RateLimits;
  /**
   * The rate limiter every request of this client waits on.
   * @default the process's limiter of `realmId` (one per realm, shared by its clients; see `limits`)
   */
  limiter?: RateLimiter;
  /** @default { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30000, maxRetryAfterMs: 120000 } */
  retry?: RetryPolicy;
  /** Per-attempt timeout in milliseconds. @default 60000 */
  timeoutMs?: number;
  /** Tracer and meter of the call spans and metrics (docs/observability.md). @default the global providers */
  telemetry?: TelemetryOptions;
  /**
   * Told of every metered call as Intuit counts it: a 2xx read, query or CDC call (CorePlus), a 2xx
   * write (Core), and each successful operation of a batch request by its own category.
   */
  onMetered?: (call: MeteredCall) => void;
}

/**
 * A QuickBooks Online v3 client for one realm.
 * @example
 * const qbo = new QboClient({ realmId: '9130', environment: 'sandbox', auth: new StaticTokenProvider(token) });
 * for await (const item of qbo.records(select('Item').where('Type', '=', 'Inventory').toSpec())) console.log(item.Name);
 */
export class QboClient implements QboApi {
  readonly realmId: string;
  readonly #http: HttpTransport;
  readonly #limiter: RateLimiter;
  readonly #minor: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metered = emptyMeteredCounts();
  readonly #onMetered: ((call: MeteredCall) => void) | undefined;

  /** @throws ConfigurationError on an empty realm id or an unknown environment */
  constructor(options: QboClientOptions) {
    this.realmId = realmSegment(options.realmId);
    const known = Object.hasOwn(QBO_BASE_URLS, options.environment) ? QBO_BASE_URLS[options.environment] : undefined;
    const host = options.baseUrl ?? known;
    if (!host) throw new ConfigurationError(`Unknown QBO environment ${JSON.stringify(options.environment)}`);
    this.#minor = options.minorVersion ?? 75;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#limiter = options.limiter ?? sharedLimiter(options);
    this.#onMetered = options.onMetered;
    this.#http = new HttpTransport({
      service: 'qbo',
      baseUrl: host.replace(/\/+$/, ''),
      errorFactory: qboErrorFactory,
      isRetryable: isQboRetryable,
      retryDelay: throttleBackoff,
      onRetryWait: (error, delayMs) => {
        if (error instanceof ThrottleExceededError) this.#limiter.pause?.(delayMs);
      },
      auth: new BearerAuth(options.auth),
      idempotencyKey: { in: 'query', name: 'requestid' },
      requestIdHeader: 'intuit_tid',
      gate: (req, signal) => this.#limiter.acquire(req.category, signal),
      describe: (req) => describeQboCall(this.realmId, req),
      clock: this.#clock,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    });
  }

  /** Reads one record by id. @throws NotFoundError (610 / 404) */
  async read<N extends QboEntityName>(entity: N, id: string, options: CallOptions = {}): Promise<EntityOf<N>> {
    const res = await this.#get(`${entityPath(entity)}/${pathSegment(id, `${entity} id`)}`, {}, options);
    return entityFromBody(entity, res);
  }

  /** Creates a record. @throws DuplicateNameError (6240), ValidationError */
  async create<N extends QboEntityName>(
    entity: N,
    body: Record<string, unknown>,
    options: WriteOptions = {},
  ): Promise<EntityOf<N>> {
    return entityFromBody(entity, await this.#post(entityPath(entity), body, options));
  }

  /** Sparse update (`sparse: true`); `body` needs Id and SyncToken. @throws ConflictError on 5010 */
  async update<N extends QboEntityName>(
    entity: N,
    body: Record<string, unknown>,
    options: WriteOptions = {},
  ): Promise<EntityOf<N>> {
    requireIdentity(entity, body);
    return entityFromBody(entity, await this.#post(entityPath(entity), { ...body, sparse: true }, options));
  }

  /** Deletes a transaction; a name-list record (Account, Customer, Item, Vendor) is made inactive instead. */
  async delete(
    entity: QboEntityName,
    body: { Id: string; SyncToken: string },
    options: WriteOptions = {},
  ): Promise<void> {
    requireIdentity(entity, body);
    if ((NAME_LIST_ENTITIES as readonly string[]).includes(entity)) {
      await this.update(entity, { Id: body.Id, SyncToken: body.SyncToken, Active: false }, options);
      return;
    }
    await this.#post(entityPath(entity), { Id: body.Id, SyncToken: body.SyncToken }, options, {
      operation: 'delete',
    });
  }

  /** Voids a transaction (`?operation=void`), keeping it with zero amounts. */
  async void<N extends QboEntityName>(
    entity: N,
    body: { Id: string; SyncToken: string },
    options: WriteOptions = {},
  ): Promise<EntityOf<N>> {
    requireIdentity(entity, body);
    const res = await this.#post(entityPath(entity), { Id: body.Id, SyncToken: body.SyncToken }, options, {
      operation: 'void',
    });
    return entityFromBody(entity, res);
  }

  /**
   * Pages of ≤ 1000 records, fetched one at a time, from `options.startPosition` (default 1); with a
   * known `options.total` the paging stops at it without a trailing empty request (see `paging.ts`).
   * @throws InvalidArgumentError (on iteration) when `startPosition` or `total` is not a valid position/count
   */
  pages<N extends QboEntityName>(
    query: QuerySpec<N>,
    options: PagesOptions = {},
  ): AsyncIterable<QueryPage<EntityOf<N>>> {
    return pageQuery(
      query,
      (text, signal) => this.#runQuery(text, { ...options, ...(signal ? { signal } : {}) }),
      options,
    );
  }

  /** Every matching record, one at a time (pages of 1000 underneath; the options of `pages`). */
  async *records<N extends QboEntityName>(
    query: QuerySpec<N>,
    options: PagesOptions = {},
  ): AsyncGenerator<EntityOf<N>> {
    for await (const page of this.pages(query, options)) yield* page.records;
  }

  /** `SELECT COUNT(*)` of the query. */
  async count(query: QuerySpec, options: CallOptions = {}): Promise<number> {
    const { response } = await this.#runQuery(toQueryString(query, { count: true }), options);
    return response.totalCount ?? 0;
  }

  /** Metered calls this client made so far, as Intuit counts them (see docs/metering.md). */
  get metered(): Readonly<MeteredCounts> {
    return { ...this.#metered };
  }

  /**
   * Runs operations in requests of ≤ 30 (see `batch.ts` for how request ids are derived). Each
   * successful operation is one metered call of its own category.
   */
  async batch(operations: readonly BatchOperation[], options: WriteOptions = {}): Promise<BatchResult[]> {
    const results = await this.#batch(operations, options);
    const counts = meteredOfBatch(operations, results);
    this.#meter('corePlus', counts.corePlus);
    this.#meter('core', counts.core);
    return results;
  }

  #batch(operations: readonly BatchOperation[], options: WriteOptions): Promise<BatchResult[]> {
    return runBatch(
      operations,
      (body, requestId, signal) => this.#sendBatch(body, requestId, signal ?? options.signal, options),
      {
        ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
        ...signalOf(options),
      },
    );
  }

  /**
   * Changes since `since` (CDC), deletions included. An instant with 1000+ changes of one entity is
   * completed by a paged query (see docs/qbo-client.md). @throws FullSyncRequiredError past 30 days
   */
  changes(params: ChangesParams, options: ChangesOptions = {}): Promise<Change[]> {
    const { onRequest, ...call } = options;
    return readChanges(
      params,
      async (entities, since, signal) => {
        const query = { entities: entities.join(','), changedSince: since.toISOString() };
        onRequest?.('cdc');
        const res = await this.#get('/cdc', query, { ...call, ...(signal ? { signal } : {}) });
        return { data: res.data, url: res.url };
      },
      {
        clock: this.#clock,
        logger: this.#logger,
        query: (text, signal) => {
          onRequest?.('query');
          return this.#runQuery(text, { ...call, ...(signal ? { signal } : {}) });
        },
        ...signalOf(options),
      },
    );
  }

  /** The company's CompanyInfo record. */
  async companyInfo(options: CallOptions = {}): Promise<CompanyInfo> {
    return entityFromBody('CompanyInfo', await this.#get(`/companyinfo/${this.realmId}`, {}, options));
  }

  /** The company's Preferences (e.g. whether inventory tracking is on). */
  async preferences(options: CallOptions = {}): Promise<Preferences> {
    return entityFromBody('Preferences', await this.#get('/preferences', {}, options));
  }

  async #sendBatch(body: unknown, requestId: string, signal: AbortSignal | undefined, options: CallOptions) {
    const res = await this.#http.send({
      ...this.#base('POST', '/batch', {}, { ...options, ...(signal ? { signal } : {}) }),
      json: body,
      idempotencyKey: requestId,
      category: 'batch',
    });
    throwIfFault(res, 'POST');
    noteServerTime(res.data, options);
    return res;
  }

  async #runQuery(text: string, options: CallOptions) {
    const res = await this.#get('/query', { query: text }, options);
    const envelope = parseEnvelope(QueryResponseEnvelopeSchema, res.data, 'QueryResponse', res.url);
    return { response: envelope.QueryResponse, url: res.url };
  }

  #meter(category: MeteredCategory, count: number): void {
    if (count <= 0) return;
    addMeteredCounts(this.#metered, category === 'core' ? { core: count, corePlus: 0 } : { core: 0, corePlus: count });
    this.#onMetered?.({ realmId: this.realmId, category, count });
  }

  async #get(suffix: string, query: Record<string, string>, options: CallOptions): Promise<HttpResponse> {
    const res = await this.#http.send(this.#base('GET', suffix, query, options));
    throwIfFault(res, 'GET');
    this.#meter('corePlus', 1);
    noteServerTime(res.data, options);
    return res;
  }

  async #post(suffix: string, body: unknown, options: WriteOptions, query: Record<string, string> = {}) {
    const res = await this.#http.send({
      ...this.#base('POST', suffix, query, options),
      json: body,
      idempotencyKey: requestIdOf(options),
    });
    throwIfFault(res, 'POST');
    this.#meter('core', 1);
    return res;
  }

  #base(method: 'GET' | 'POST', suffix: string, query: Record<string, string>, options: CallOptions): HttpRequest {
    return {
      method,
      path: `/v3/company/${this.realmId}${suffix}`,
      query: { ...query, minorversion: this.#minor },
      ...signalOf(options),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    };
  }
}

function signalOf(options: CallOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

function requestIdOf(options: WriteOptions): string {
  const id = options.idempotencyKey ?? randomUUID();
  if (id.length === 0 || id.length > MAX_REQUEST_ID_LENGTH) {
    throw new InvalidArgumentError(`idempotencyKey must be 1–${MAX_REQUEST_ID_LENGTH} characters, got ${id.length}`);
  }
  return id;
}

function requireIdentity(entity: string, body: Record<string, unknown>): void {
  for (const field of ['Id', 'SyncToken'] as const) {
    const value = body[field];
    if (typeof value !== 'string' || value === '') {
      throw new InvalidArgumentError(
        `${entity} ${String(body.Id ?? '(no Id)')}: field ${field} is required as a non-empty string`,
      );
    }
  }
}

/** The process's limiter of the client's realm; warns when `limits` differ from the ones it has. */
function sharedLimiter(options: QboClientOptions): RateLimiter {
  const limiter = limiterForRealm(options.realmId, options.limits, options.clock ? { clock: options.clock } : {});
  if (options.limits && !sameLimits(limiter.limits, options.limits)) {
    options.logger?.warn({ service: 'qbo', realmId: options.realmId }, 'realm limits already set; these are ignored');
  }
  return limiter;
}

function sameLimits(current: Readonly<Required<RateLimits>>, wanted: RateLimits): boolean {
  return (Object.keys(wanted) as (keyof RateLimits)[]).every(
    (k) => wanted[k] === undefined || wanted[k] === current[k],
  );
}
