import type { Clock } from '../../src/core/clock.js';
import { AbortError } from '../../src/core/errors.js';

interface Held {
  ms: number;
  due: number;
  resolve: () => void;
}

/**
 * A Clock whose time moves only when the test calls `advance`: every `sleep` is held until the clock
 * reaches its end, so a test can look at who is waiting (and for how long) before letting time pass.
 */
export class HeldClock implements Clock {
  at: number;
  /** Every sleep ever asked for, in milliseconds. */
  readonly sleeps: number[] = [];
  readonly #held: Held[] = [];

  constructor(start = Date.parse('2026-03-02T17:00:00Z')) {
    this.at = start;
  }

  now(): number {
    return this.at;
  }

  /** Milliseconds of the sleeps still waiting, in the order they were asked for. */
  get pending(): number[] {
    return this.#held.map((h) => h.ms);
  }

  /** Moves time on by `ms` and ends every sleep that is due by then. */
  advance(ms: number): void {
    this.at += ms;
    for (const held of [...this.#held]) {
      if (held.due > this.at) continue;
      this.#held.splice(this.#held.indexOf(held), 1);
      held.resolve();
    }
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.aborted) return Promise.reject(new AbortError('aborted'));
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const held: Held = { ms, due: this.at + ms, resolve };
      this.#held.push(held);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.#held.indexOf(held);
          if (i >= 0) this.#held.splice(i, 1);
          reject(new AbortError('aborted'));
        },
        { once: true },
      );
    });
  }
}
