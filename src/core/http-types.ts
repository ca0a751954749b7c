/** Types and helpers of the HTTP transport (`src/core/http.ts`). */
import type { BearerAuth } from './bearer-auth.js';
import type { Clock } from './clock.js';
import {
  type ApiError,
  type ApiErrorInit,
  ConnectionError,
  RateLimitError,
  type RemoteErrorDetail,
  ServerError,
  type ServiceName,
  TimeoutError,
} from './errors.js';
import type { Logger } from './logger.js';
import type { RetryPolicy } from './retry.js';
import type { CallDescription } from './telemetry/call-telemetry.js';
import type { TelemetryOptions } from './telemetry/telemetry.js';

/** HTTP methods the transport sends. Everything but GET is treated as a write. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One logical request; the transport may send it several times (retries, one 401 refresh). */
export interface HttpRequest {
  method: HttpMethod;
  /** Path appended to the base URL, e.g. `/v3/company/1/item/5`. */
  path: string;
  /** Query parameters; `undefined` values are left out. Encoded with `encodeURIComponent`. */
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Extra headers of this request. */
  headers?: Record<string, string>;
  /**
   * Key that makes a write safe to repeat; placed where {@link HttpTransportOptions.idempotencyKey}
   * says and identical on every attempt. A write without one is never retried.
   */
  idempotencyKey?: string;
  /** Aborts the request, its retry waits and its gate waits. */
  signal?: AbortSignal;
  /** Per-attempt timeout, overriding the transport's. */
  timeoutMs?: number;
  /** Retries of this request, overriding the policy's `maxRetries`. */
  maxRetries?: number;
  /** Free label passed to the gate, e.g. `"batch"` for QBO's separate batch limit. */
  category?: string;
}

/** A successful (2xx) response. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else the raw text (`undefined` when empty). */
  data: unknown;
  /** Request URL with secrets removed. */
  url: string;
  /** Correlation id read from the response header the service uses (QBO: `intuit_tid`, IntelliTrack: `x-request-id`). */
  requestId: string | undefined;
  /** Number of attempts it took (1 = no retry). */
  attempts: number;
}

/** What a service's error factory receives for a non-2xx response. */
export interface HttpErrorContext {
  service: ServiceName;
  method: HttpMethod;
  /** Request URL with secrets removed. */
  url: string;
  status: number;
  headers: Headers;
  /** The raw body. */
  text: string;
  /** Parsed JSON body, or `undefined` when the body is not JSON. */
  data: unknown;
  requestId: string | undefined;
  /** Parsed `Retry-After`, in milliseconds. */
  retryAfterMs: number | undefined;
}

/** Settings of an `HttpTransport`. */
export interface HttpTransportOptions {
  /** Which service this transport talks to; stamped on every error. */
  service: ServiceName;
  /** Base URL without a trailing slash, e.g. `https://quickbooks.api.intuit.com`. */
  baseUrl: string;
  /** Maps a non-2xx response to an error of `src/core/errors.ts`. Must not put secrets in it. */
  errorFactory: (context: HttpErrorContext) => ApiError;
  /** Decides whether an error may be retried. @default isTransientError */
  isRetryable?: (error: ApiError) => boolean;
  /**
   * The service's own wait before retrying `error`, e.g. QBO's 60 seconds after a throttle 429;
   * `undefined` falls back to `Retry-After`, then to backoff. A wait over `retry.maxRetryAfterMs`
   * is not waited for: the error is thrown.
   */
  retryDelay?: (error: ApiError) => number | undefined;
  /** Told of each retry wait before it starts, e.g. to hold a company's other requests for as long. */
  onRetryWait?: (error: ApiError, delayMs: number) => void;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Headers sent on every request. */
  headers?: Record<string, string>;
  /** Per-attempt timeout. @default 60000 */
  timeoutMs?: number;
  /** @default { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30000, maxRetryAfterMs: 120000 } */
  retry?: RetryPolicy;
  /** Bearer authorisation with single-flight refresh on 401. */
  auth?: BearerAuth;
  /** Where the idempotency key goes, e.g. `{ in: 'query', name: 'requestid' }`. @default { in: 'header', name: 'Idempotency-Key' } */
  idempotencyKey?: { in: 'query' | 'header'; name: string };
  /** Response header holding the service's correlation id, e.g. `intuit_tid`. @default 'x-request-id' */
  requestIdHeader?: string;
  /** Called before every attempt (rate limiter); resolves to a release function called after it. */
  gate?: (request: HttpRequest, signal: AbortSignal | undefined) => Promise<() => void>;
  /** @default silentLogger */
  logger?: Logger;
  /** Time source; its `sleep`, when it has one, also times the retry waits. @default systemClock */
  clock?: Clock;
  /** Randomness for backoff jitter, in `[0, 1)`. @default Math.random */
  random?: () => number;
  /** More query parameter names to redact from URLs in errors and logs. */
  secretParams?: readonly string[];
  /** Tracer and meter of the call spans and metrics. @default the global providers (no-ops without an SDK) */
  telemetry?: TelemetryOptions;
  /** Names a request's operation, entity and batch size for its span. @default `read` for GET, else `write` */
  describe?: (request: HttpRequest) => CallDescription;
}

/** Default retry classifier: rate limits, server errors, connection failures and timeouts. */
export function isTransientError(error: ApiError): boolean {
  return (
    error instanceof RateLimitError ||
    error instanceof ServerError ||
    error instanceof ConnectionError ||
    error instanceof TimeoutError
  );
}

/**
 * Builds the {@link ApiErrorInit} of an error from a response context: service, status, method,
 * redacted URL and request id (left out when absent), plus the service's error details.
 * @example new ValidationError('Bad request', errorInitFrom(ctx, details))
 */
export function errorInitFrom(context: HttpErrorContext, errors?: readonly RemoteErrorDetail[]): ApiErrorInit {
  return {
    service: context.service,
    status: context.status,
    method: context.method,
    url: context.url,
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
    ...(errors === undefined ? {} : { errors }),
  };
}
