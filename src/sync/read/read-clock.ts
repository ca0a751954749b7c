/**
 * Where a QBO read's watermark comes from: QBO's own clock, never the host's. A host clock ahead of
 * QBO's (or one that jumps) would otherwise set the watermark past changes QBO has yet to stamp,
 * and CDC would never return them.
 */

/** Changes stamped up to this long before the watermark are read again by the next run. */
export const OVERLAP_MS = 5_000;

/**
 * Collects, for one read, QBO's clock when it answered (the earliest `time` of the read's
 * responses) and the newest change time of the records it returned, and turns them into the
 * watermark to save: the earliest response time, else the newest change time, minus
 * {@link OVERLAP_MS}. Every change QBO stamps after a read's first answer is later than that.
 */
export class ReadClock {
  #answered: number | undefined;
  #newest: number | undefined;

  /** Notes QBO's `time` of one response (the `onServerTime` call option). */
  readonly onServerTime = (time: Date): void => {
    const at = time.getTime();
    if (!Number.isNaN(at) && (this.#answered === undefined || at < this.#answered)) this.#answered = at;
  };

  /** Notes the change time of a record read (`MetaData.LastUpdatedTime`, or a CDC change's). */
  seeChange(lastUpdatedTime: unknown): void {
    const at = typeof lastUpdatedTime === 'string' ? Date.parse(lastUpdatedTime) : Number.NaN;
    if (!Number.isNaN(at) && (this.#newest === undefined || at > this.#newest)) this.#newest = at;
  }

  /** Notes the change time of each record of `records`. */
  seeRecords(records: readonly unknown[]): void {
    for (const record of records) {
      this.seeChange((record as { MetaData?: { LastUpdatedTime?: unknown } } | null)?.MetaData?.LastUpdatedTime);
    }
  }

  /**
   * The watermark to save once the read's writes are done. Without any QBO time (a host API that
   * reports none, and no record read), `kept` — the stored watermark — stays; without that either,
   * `fallback()` (the host's clock) is the last resort.
   */
  watermark(kept: string | undefined, fallback: () => number): string {
    const at = this.#answered ?? this.#newest;
    if (at !== undefined) return new Date(at - OVERLAP_MS).toISOString();
    return kept ?? new Date(fallback() - OVERLAP_MS).toISOString();
  }
}
