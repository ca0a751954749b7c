/** Time source, injected so tests and mappers never read the wall clock directly. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Waits `ms` milliseconds, rejecting with AbortError when `signal` aborts; a test clock can make
   * waits instant. @default a timer (`sleep` of src/core/abort.ts)
   */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
