import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { RetryPolicy } from '../core/retry.js';
import type { TelemetryOptions } from '../core/telemetry/telemetry.js';

/** Settings of an {@link IntelliTrackClient}. */
export interface IntelliTrackClientOptions {
  /** Base URL of the API including its version, e.g. `https://it.example.com/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never logged nor put in an error. */
  apiKey: string;
  /** @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** @default silentLogger */
  logger?: Logger;
  /** @default systemClock */
  clock?: Clock;
  /** Per-attempt timeout in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** @default { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 30000, maxRetryAfterMs: 120000 } */
  retry?: RetryPolicy;
  /** Page size of list calls when the caller gives none (1–1000). @default 500 */
  pageSize?: number;
  /** Makes the `Idempotency-Key` of a write that was given none. @default crypto.randomUUID */
  newIdempotencyKey?: () => string;
  /** Tracer and meter of the call spans and metrics (docs/observability.md). @default the global providers */
  telemetry?: TelemetryOptions;
}

/** Order resources of the IntelliTrack API. */
export type OrderKind = 'receiving-orders' | 'picking-orders';
/** Resources that accept PATCH. */
export type Updatable = 'items' | 'vendors' | 'customers' | 'receiving-orders' | 'picking-orders';
