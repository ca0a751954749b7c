/**
 * Retry timing shared by every HTTP client: `Retry-After` parsing and exponential backoff with
 * full jitter.
 */

/** How many times and how patiently a request is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. @default 4 */
  maxRetries?: number;
  /** Backoff base: the first retry waits up to this long. @default 500 */
  baseDelayMs?: number;
  /** Upper bound of one backoff wait. @default 30000 */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown instead. @default 120000 */
  maxRetryAfterMs?: number;
}

/** {@link RetryPolicy} with every default applied. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

/** Applies the defaults of {@link RetryPolicy}. */
export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  return {
    maxRetries: policy.maxRetries ?? 4,
    baseDelayMs: policy.baseDelayMs ?? 500,
    maxDelayMs: policy.maxDelayMs ?? 30_000,
    maxRetryAfterMs: policy.maxRetryAfterMs ?? 120_000,
  };
}

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP-date. Returns milliseconds to wait
 * (never negative), or `undefined` when the header is absent or unparseable.
 * @param value The header value.
 * @param nowMs Current time, from the injected clock.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with full jitter: a random wait in `[0, min(maxDelayMs, baseDelayMs·2^(retry-1))]`.
 * @param retry 1 for the first retry.
 * @param policy Resolved policy.
 * @param random Source of randomness in `[0, 1)`. @default Math.random
 */
export function backoffDelay(retry: number, policy: ResolvedRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
