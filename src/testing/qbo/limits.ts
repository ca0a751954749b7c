/**
 * Intuit's per-company throttles: requests per minute, requests in flight, and batch requests per
 * minute. Over a limit the emulator answers 429 ThrottleExceeded (3001).
 */

/** Throttle settings of the emulator; each applies per company (realm). */
export interface QboLimits {
  /** Requests per rolling minute. @default 500 */
  requestsPerMinute: number;
  /** Requests being answered at once. @default 10 */
  concurrent: number;
  /** Batch requests per rolling minute. @default 40 */
  batchPerMinute: number;
  /** Seconds sent in `Retry-After` with a 429; omitted when undefined (QBO does not always send it). */
  retryAfterSeconds: number | undefined;
}

/** Intuit's documented limits. */
export const QBO_DEFAULT_LIMITS: QboLimits = {
  requestsPerMinute: 500,
  concurrent: 10,
  batchPerMinute: 40,
  retryAfterSeconds: undefined,
};

/** Timestamps of a rolling window, trimmed as time moves on. */
class Window {
  private times: number[] = [];
  private head = 0;

  size(now: number, spanMs: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - spanMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

/** Limits of one company. */
export class RealmLimiter {
  private readonly requests = new Window();
  private readonly batches = new Window();
  private inFlight = 0;

  constructor(private readonly limits: QboLimits) {}

  /** Takes a slot for one request; false when a limit is reached (the caller answers 429). */
  tryAcquire(now: number, isBatch: boolean): boolean {
    if (this.inFlight >= this.limits.concurrent) return false;
    if (this.requests.size(now, 60_000) >= this.limits.requestsPerMinute) return false;
    if (isBatch && this.batches.size(now, 60_000) >= this.limits.batchPerMinute) return false;
    this.requests.add(now);
    if (isBatch) this.batches.add(now);
    this.inFlight += 1;
    return true;
  }

  /** Gives back the in-flight slot taken by {@link tryAcquire}. */
  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }
}
