import type { Clock } from '../../core/clock.js';
import { IntelliTrackProblem } from './problem.js';

/** Rate limits of the emulator; all off unless set. */
export interface IntelliTrackLimits {
  /** Requests accepted per rolling minute; more get 429. */
  requestsPerMinute?: number;
  /** Requests processed at once; more get 429. */
  maxInFlight?: number;
}

/** Enforces {@link IntelliTrackLimits} on a rolling one-minute window of the injected clock. */
export class RateLimiter {
  readonly #limits: IntelliTrackLimits;
  readonly #clock: Clock;
  #times: number[] = [];
  #head = 0;
  #inFlight = 0;

  constructor(limits: IntelliTrackLimits, clock: Clock) {
    this.#limits = limits;
    this.#clock = clock;
  }

  /**
   * Admits one request; call the returned function when it is answered.
   * @throws IntelliTrackProblem 429 with `Retry-After` when a limit is reached
   */
  admit(): () => void {
    const { requestsPerMinute, maxInFlight } = this.#limits;
    if (maxInFlight !== undefined && this.#inFlight >= maxInFlight)
      throw tooMany(1, `more than ${maxInFlight} requests in flight`);
    if (requestsPerMinute !== undefined) {
      const now = this.#clock.now();
      while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= now - 60_000) this.#head++;
      if (this.#head > 4096) {
        this.#times = this.#times.slice(this.#head);
        this.#head = 0;
      }
      if (this.#times.length - this.#head >= requestsPerMinute) {
        const oldest = this.#times[this.#head] as number;
        throw tooMany(
          Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)),
          `more than ${requestsPerMinute} requests per minute`,
        );
      }
      this.#times.push(now);
    }
    this.#inFlight++;
    let done = false;
    return () => {
      if (!done) this.#inFlight--;
      done = true;
    };
  }
}

/** A 429 problem with `Retry-After`. */
export function tooMany(retryAfterSeconds: number, why: string): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status: 429,
    slug: 'rate-limited',
    title: 'Too Many Requests',
    detail: `Rate limit exceeded (${why}); retry after ${retryAfterSeconds} s.`,
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}
