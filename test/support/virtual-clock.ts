import type { Clock } from '../../src/core/clock.js';
import { AbortError } from '../../src/core/errors.js';

/**
 * A Clock whose time moves only when someone sleeps: `sleep(ms)` jumps ahead by `ms` at once. A
 * sleep that would pass `until` waits (until aborted) instead, and resolves `reached`: a schedule
 * runs its first `until` milliseconds as fast as the runs go, then stops moving.
 */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export class VirtualClock implements Clock {
  at: number;
  until: number;
  readonly sleeps: number[] = [];
  readonly #waiting: { ms: number; resolve: () => void }[] = [];
  #reached: { promise: Promise<void>; resolve: () => void } = deferred();

  constructor(start: number, until: number) {
    this.at = start;
    this.until = until;
  }

  now(): number {
    return this.at;
  }

  /** Resolves once a sleep would pass `until`. */
  get reached(): Promise<void> {
    return this.#reached.promise;
  }

  /** Moves `until`, arms `reached` again and lets a waiting sleep that now fits go on. */
  extend(until: number): void {
    this.until = until;
    this.#reached = deferred();
    for (const waiting of this.#waiting.splice(0)) this.#wake(waiting);
  }

  #wake(waiting: { ms: number; resolve: () => void }): void {
    if (this.at + waiting.ms > this.until) {
      this.#waiting.push(waiting);
      this.#reached.resolve();
      return;
    }
    this.at += waiting.ms;
    setImmediate(waiting.resolve);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(new AbortError('aborted'));
    return new Promise((resolve, reject) => {
      const waiting = { ms, resolve };
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.#waiting.indexOf(waiting);
          if (i >= 0) this.#waiting.splice(i, 1);
          reject(new AbortError('aborted'));
        },
        { once: true },
      );
      this.#wake(waiting);
    });
  }
}
