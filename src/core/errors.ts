/**
 * Every error this SDK throws extends {@link QboItSyncError}. HTTP failures are classified by
 * meaning (authentication, rate limit, validation, conflict, not found, server), transport failures
 * by kind (connection, timeout, abort). No error ever carries an access or refresh token: messages
 * and properties are built from redacted values only.
 */

/** Which remote service an error came from. */
export type ServiceName = 'qbo' | 'intellitrack' | 'oauth';

/** Options accepted by every error constructor. */
export interface ErrorOptions {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
}

const brand = Symbol.for('qbo-intellitrack-sync.error');

/** Base class of every error thrown by qbo-intellitrack-sync. */
export class QboItSyncError extends Error {
  override name = 'QboItSyncError';
  readonly [brand] = true;

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** True when `value` is an error thrown by this SDK, even from a duplicate install. */
export function isQboItSyncError(value: unknown): value is QboItSyncError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Details of one remote failure, as reported by the service. */
export interface RemoteErrorDetail {
  /** Service error code, e.g. QBO's `"6240"` or an RFC 9457 `type`. */
  code?: string;
  /** Human-readable message from the service. */
  message: string;
  /** Longer explanation from the service. */
  detail?: string;
  /** Field the service blames (QBO's `element`, a problem+json `pointer`). */
  element?: string;
}

/** Fields shared by all errors that come from an HTTP exchange. */
export interface ApiErrorInit extends ErrorOptions {
  service: ServiceName;
  /** HTTP status, absent for transport failures. */
  status?: number;
  method?: string;
  /** Request URL with secrets removed. */
  url?: string;
  /** Correlation id from the service (QBO's `intuit_tid`, IntelliTrack's `x-request-id`). */
  requestId?: string;
  /** Every error the service listed in its body. */
  errors?: readonly RemoteErrorDetail[];
}

/** An error produced by an HTTP exchange with QBO, IntelliTrack or the OAuth server. */
export class ApiError extends QboItSyncError {
  override name = 'ApiError';
  readonly service: ServiceName;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly requestId: string | undefined;
  readonly errors: readonly RemoteErrorDetail[];

  constructor(message: string, init: ApiErrorInit) {
    super(message, init);
    this.service = init.service;
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
  }

  /** The first error code reported by the service, if any. */
  get code(): string | undefined {
    return this.errors[0]?.code;
  }
}

/** 401 — the access token was rejected (after a refresh was attempted). */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** The refresh token is invalid or expired (`invalid_grant`): a person must authorize the app again. */
export class ReauthorizationRequiredError extends AuthenticationError {
  override name = 'ReauthorizationRequiredError';
}

/** 403 — authenticated but not allowed. */
export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}

/** 429 or a throttle fault. `retryAfterMs` is set when the service said how long to wait. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 400 — the service rejected the request's content. `code`/`element` name the cause. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  /** The field the service blames, when it names one. */
  get element(): string | undefined {
    return this.errors.find((e) => e.element)?.element;
  }
}

/** QBO 6240 / IntelliTrack 409 on a unique name: the name is already used by another record. */
export class DuplicateNameError extends ValidationError {
  override name = 'DuplicateNameError';
}

/** Stale version: QBO 5010 (SyncToken) or IntelliTrack 409/412 (version / If-Match). */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** 404, QBO 610 (object not found) or a reference to a missing/inactive object. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** 5xx, or QBO's transient inventory-lock business-validation error. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** The connection failed or was reset before a response arrived. */
export class ConnectionError extends ApiError {
  override name = 'ConnectionError';
}

/** No response arrived within the configured timeout. */
export class TimeoutError extends ApiError {
  override name = 'TimeoutError';
}

/** The caller aborted the operation through its `AbortSignal`. */
export class AbortError extends QboItSyncError {
  override name = 'AbortError';
}

/** One problem found by a zod schema, flattened for messages. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** A response did not match its schema. Names the entity, id, field paths and URL. */
export class ResponseValidationError extends QboItSyncError {
  override name = 'ResponseValidationError';
  readonly service: ServiceName;
  readonly entity: string;
  readonly id: string | undefined;
  readonly url: string | undefined;
  readonly issues: readonly SchemaIssue[];

  constructor(init: {
    service: ServiceName;
    entity: string;
    id?: string | undefined;
    url?: string | undefined;
    issues: readonly SchemaIssue[];
    cause?: unknown;
  }) {
    const where = init.id === undefined ? init.entity : `${init.entity} ${init.id}`;
    const first = init.issues
      .slice(0, 3)
      .map((i) => `${i.path || '(root)'}: ${i.message}`)
      .join('; ');
    super(`Invalid ${init.service} response for ${where}${init.url ? ` from ${init.url}` : ''}: ${first}`, init);
    this.service = init.service;
    this.entity = init.entity;
    this.id = init.id;
    this.url = init.url;
    this.issues = init.issues;
  }
}

/** A caller passed an argument the SDK cannot use (bad query, bad option). */
export class InvalidArgumentError extends QboItSyncError {
  override name = 'InvalidArgumentError';
}

/** Settings are missing or do not match either system. */
export class ConfigurationError extends QboItSyncError {
  override name = 'ConfigurationError';
}

/** A record could not be mapped between QBO and IntelliTrack. */
export class MappingError extends QboItSyncError {
  override name = 'MappingError';
  /** Entity type of the source record, e.g. `"Customer"`. */
  readonly entity: string;
  /** Id of the source record. */
  readonly sourceId: string;
  /** Dotted path of the offending field, e.g. `"BillAddr.PostalCode"`. */
  readonly path: string;

  constructor(init: { entity: string; sourceId: string; path: string; message: string; cause?: unknown }) {
    super(`${init.entity} ${init.sourceId}, field ${init.path}: ${init.message}`, init);
    this.entity = init.entity;
    this.sourceId = init.sourceId;
    this.path = init.path;
  }
}

/**
 * A sync run stopped on an error that is not the SDK's own (a host `StateStore` or port throwing its
 * own error): `cause` is the original. Like every error a run throws, it carries the run's report
 * (`reportOf(error)`); the state store is left consistent and the journal resumable.
 */
export class SyncError extends QboItSyncError {
  override name = 'SyncError';
}

/** QBO CDC cannot look back further than 30 days: a full sync is needed. */
export class FullSyncRequiredError extends QboItSyncError {
  override name = 'FullSyncRequiredError';
  readonly since: Date;
  constructor(since: Date, options: ErrorOptions = {}) {
    super(
      `Changes since ${since.toISOString()} are older than QBO's 30-day change data capture window; run a full sync instead.`,
      options,
    );
    this.since = since;
  }
}

/**
 * A write whose outcome is unknown: the answer was lost (connection reset, timeout) or unusable (a
 * 2xx off its schema, without `Id`/`SyncToken`, an empty batch item), so the service may or may not
 * have applied it. The sync engine keeps its idempotency key and, before it would ever send the
 * write under a new key, looks the record up and adopts it when found. `cause` is what was seen.
 */
export class WriteOutcomeUnknownError extends QboItSyncError {
  override name = 'WriteOutcomeUnknownError';
  readonly service: ServiceName;
  /** The entity written, e.g. `"InventoryAdjustment"` or `"items"`. */
  readonly entity: string;
  /** The write's journal key, e.g. `"adj:42:export"`. */
  readonly key: string;

  constructor(init: { service: ServiceName; entity: string; key: string; cause: unknown }) {
    const seen = init.cause instanceof Error ? init.cause.message : String(init.cause);
    super(
      `The outcome of ${init.service} ${init.entity} write ${init.key} is unknown (${seen}); it will be reconciled: looked up and adopted if it was written, sent again only if it was not.`,
      { cause: init.cause },
    );
    this.service = init.service;
    this.entity = init.entity;
    this.key = init.key;
  }
}

/**
 * Another run holds the lease of this company (realm) in the state store: a second process or
 * Synchronizer is syncing it. Nothing was written. The CLI exits with code 6.
 */
export class SyncInProgressError extends QboItSyncError {
  override name = 'SyncInProgressError';
  /** What is leased, e.g. `realm:9130`. */
  readonly lease: string;
  /** Who holds it (the owner another run gave). */
  readonly holder: string;
  /** When the holder's lease runs out unless renewed. */
  readonly expiresAt: Date;

  constructor(init: { lease: string; holder: string; expiresAt: number; waitedMs: number }) {
    const waited = init.waitedMs > 0 ? ` after waiting ${init.waitedMs} ms` : '';
    super(
      `Another sync holds ${init.lease} (owner ${init.holder}, lease until ${new Date(init.expiresAt).toISOString()})${waited}; nothing was written.`,
    );
    this.lease = init.lease;
    this.holder = init.holder;
    this.expiresAt = new Date(init.expiresAt);
  }
}

/**
 * This run's lease was taken over by another run (it expired while this one was paused, or the
 * store was edited): the state store refuses this run's writes (fencing) and the run stops. What
 * it left pending is resumed by the run that holds the lease. The CLI exits with code 6.
 */
export class LeaseLostError extends QboItSyncError {
  override name = 'LeaseLostError';
  /** What is leased, e.g. `realm:9130`. */
  readonly lease: string;
  /** The fencing token this run held. */
  readonly token: number;

  constructor(init: { lease: string; token: number; owner: string }) {
    super(
      `The lease ${init.lease} held by ${init.owner} with fencing token ${init.token} was taken over or released; this run's writes are refused.`,
    );
    this.lease = init.lease;
    this.token = init.token;
  }
}

/**
 * A field of a record synced both ways changed on both sides to different values, and its conflict
 * policy is `manual`: nothing is written until `Synchronizer.resolveConflict()` decides.
 */
export class FieldConflictError extends QboItSyncError {
  override name = 'FieldConflictError';
  /** Sync entity, e.g. `"customer"`. */
  readonly entity: string;
  /** Id of the record as queued (QBO id, or IntelliTrack id for records created there). */
  readonly sourceId: string;
  /** Each field in conflict with both sides' values. */
  readonly fields: readonly { field: string; qbo: unknown; intellitrack: unknown }[];

  constructor(init: {
    entity: string;
    sourceId: string;
    fields: readonly { field: string; qbo: unknown; intellitrack: unknown }[];
  }) {
    const list = init.fields
      .map((f) => `${f.field} (QBO ${JSON.stringify(f.qbo)}, IntelliTrack ${JSON.stringify(f.intellitrack)})`)
      .join('; ');
    super(`${init.entity} ${init.sourceId}: changed on both sides: ${list}; decide with resolveConflict()`);
    this.entity = init.entity;
    this.sourceId = init.sourceId;
    this.fields = init.fields;
  }
}
