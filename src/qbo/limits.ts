/**
 * Intuit's per-company (realm) limits, enforced in-process: at most 10 requests in flight, 500
 * requests per minute and 40 batch requests per minute. By default one limiter exists per realm and
 * is shared by every {@link QboClient} of that realm in the process, because Intuit counts per realm,
 * not per client object; realms never share one, so one company's throttling never slows another.
 * A host with several processes (or its own budget) passes its own {@link RateLimiter} as the
 * client's `limiter` option.
 */
import { sleep, throwIfAborted, toAbortError } from '../core/abort.js';
import { type Clock, systemClock } from '../core/clock.js';

/** Limits of one realm. */
export interface RateLimits {
  /** Requests in flight at once. @default 10 */
  maxConcurrent?: number;
  /** Requests (batch included) started per window. @default 500 */
  requestsPerMinute?: number;
  /** Batch requests started per window. @default 40 */
  batchRequestsPerMinute?: number;
  /** Length of the rate window in milliseconds. @default 60000 */
  windowMs?: number;
  /**
   * Milliseconds a request stays counted past the window. A request is stamped when it leaves;
   * Intuit counts it when it arrives, so a request that arrives later than the next one would
   * otherwise be counted in the same window and answered 429. @default 500
   */
  safetyMarginMs?: number;
}

/** Dependencies of a limiter, injectable for tests. */
export interface RateLimiterDeps {
  /** @default systemClock */
  clock?: Clock;
  /** Abortable wait. @default the clock's `sleep`, else sleep from src/core/abort.ts */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * What a {@link QboClient} asks before each request: a slot, released by the returned function when
 * the request is answered. {@link RealmRateLimiter} implements it; a host may share a budget across
 * processes (a Redis token bucket, …) by implementing it.
 */
export interface RateLimiter {
  /**
   * Waits until a request of `category` may start, then returns the function that frees its slot.
   * @param category `"batch"` for a batch request, else a request kind such as `"query"` or `"write"`.
   * @throws AbortError when `signal` aborts while waiting
   */
  acquire(category: string | undefined, signal?: AbortSignal): Promise<() => void>;
  /**
   * Holds every request of the realm for `ms` from now (longer holds win), e.g. after QBO answered a
   * throttle 429: the requests that would start meanwhile wait instead of being throttled too.
   * Optional: a limiter without it only delays the throttled request itself.
   */
  pause?(ms: number): void;
}

/**
 * A concurrency semaphore plus two sliding windows (all requests, batch requests), for one realm.
 * @example
 * const release = await limiter.acquire('batch', signal);
 * try { await send(); } finally { release(); }
 */
export class RealmRateLimiter implements RateLimiter {
  /** The limits in force, with their defaults. */
  readonly limits: Readonly<Required<RateLimits>>;
  readonly #clock: Clock;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When each request of the window was last known to be at Intuit: sent, then answered. */
  readonly #all: Stamp[] = [];
  readonly #batch: Stamp[] = [];
  readonly #waiters: (() => void)[] = [];
  #active = 0;
  /** No request starts before this time (a throttle back-off). */
  #pausedUntil = Number.NEGATIVE_INFINITY;

  /** @param limits this realm's budget (Intuit's limits by default) */
  constructor(limits: RateLimits = {}, deps: RateLimiterDeps = {}) {
    this.limits = Object.freeze({
      maxConcurrent: limits.maxConcurrent ?? 10,
      requestsPerMinute: limits.requestsPerMinute ?? 500,
      batchRequestsPerMinute: limits.batchRequestsPerMinute ?? 40,
      windowMs: limits.windowMs ?? 60_000,
      safetyMarginMs: limits.safetyMarginMs ?? 500,
    });
    this.#clock = deps.clock ?? systemClock;
    const clockSleep = this.#clock.sleep?.bind(this.#clock);
    this.#sleep = deps.sleep ?? clockSleep ?? sleep;
  }

  /** Requests currently holding a slot. */
  get inFlight(): number {
    return this.#active;
  }

  /** Holds every request for `ms` from now; a longer hold already in force stays. */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
  }

  /**
   * Waits for a free slot and room in the rate windows, then returns the function that frees the slot.
   * @param category `"batch"` also counts against the batch window.
   * @throws AbortError when `signal` aborts while waiting
   */
  async acquire(category: string | undefined, signal?: AbortSignal): Promise<() => void> {
    throwIfAborted(signal);
    await this.#slot(signal);
    let stamp: Stamp;
    try {
      stamp = await this.#window(category === 'batch', signal);
    } catch (error) {
      this.#release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Intuit counted the request when it arrived, at the latest when it answered: the window runs from then.
      stamp.at = this.#clock.now();
      this.#release();
    };
  }

  #slot(signal: AbortSignal | undefined): Promise<void> {
    if (this.#active < this.limits.maxConcurrent) {
      this.#active += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(wake);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(toAbortError(signal as AbortSignal));
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.#waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  #release(): void {
    const next = this.#waiters.shift();
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next) next();
    else this.#active -= 1;
  }

  async #window(isBatch: boolean, signal: AbortSignal | undefined): Promise<Stamp> {
    const { requestsPerMinute, batchRequestsPerMinute } = this.limits;
    const windowMs = this.limits.windowMs + this.limits.safetyMarginMs;
    for (;;) {
      const now = this.#clock.now();
      const waitAll = waitFor(this.#all, requestsPerMinute, now - windowMs);
      const waitBatch = isBatch ? waitFor(this.#batch, batchRequestsPerMinute, now - windowMs) : 0;
      const waitPause = this.#pausedUntil - now;
      if (waitAll <= 0 && waitBatch <= 0 && waitPause <= 0) {
        const stamp = { at: now };
        this.#all.push(stamp);
        if (isBatch) this.#batch.push(stamp);
        return stamp;
      }
      await this.#sleep(Math.max(1, waitAll, waitBatch, waitPause), signal);
    }
  }
}

/** A request in a rate window, at the time Intuit may have counted it. */
interface Stamp {
  at: number;
}

/**
 * Drops the stamps out of the window (at or before `before`) and returns how long until one more
 * request fits under `limit` (0: now). Stamps move forward when answered, so they are not sorted.
 */
function waitFor(stamps: Stamp[], limit: number, before: number): number {
  let kept = 0;
  for (const stamp of stamps) if (stamp.at > before) stamps[kept++] = stamp;
  stamps.length = kept;
  if (kept < limit) return 0;
  const ordered = stamps.map((s) => s.at).sort((a, b) => a - b);
  // The oldest requests must leave the window until only limit - 1 remain.
  return (ordered[kept - limit] ?? before) - before;
}

const registry = new Map<string, RealmRateLimiter>();

/**
 * The process-wide limiter of `realmId`, created on first use with `limits`. Later calls for the
 * same realm return the same limiter and ignore their `limits`, so every client of a realm shares
 * one budget.
 */
export function limiterForRealm(realmId: string, limits?: RateLimits, deps?: RateLimiterDeps): RealmRateLimiter {
  let limiter = registry.get(realmId);
  if (!limiter) {
    limiter = new RealmRateLimiter(limits, deps);
    registry.set(realmId, limiter);
  }
  return limiter;
}

/** Forgets the limiter of `realmId` (or of every realm), e.g. between tests. */
export function resetRealmLimiters(realmId?: string): void {
  if (realmId === undefined) registry.clear();
  else registry.delete(realmId);
}
