import type { QboRequestKind } from './types.js';

/** One call the emulator answered. */
export interface QboLoggedRequest {
  kind: QboRequestKind;
  /**
   * True when the call can change data: a create, update, delete or void, or a batch with at least
   * one item that is not a query (a batch of queries only is a read).
   */
  write: boolean;
  method: string;
  /** Path without the query string (no tokens are ever logged). */
  path: string;
  realmId: string | undefined;
  status: number;
}

/**
 * Counts the calls the emulator received, by kind, so tests and benchmarks can assert how many QBO
 * calls a sync made (reads are metered by Intuit; the fewer the better).
 */
export class QboRequestLog {
  private readonly counts = new Map<QboRequestKind, number>();
  private readonly writeCounts = new Map<QboRequestKind, number>();
  private entries: QboLoggedRequest[] = [];

  /**
   * @param maxEntries - how many individual entries to keep (counts are always exact).
   */
  constructor(private readonly maxEntries = 10_000) {}

  /** Records one call. */
  record(entry: QboLoggedRequest): void {
    this.counts.set(entry.kind, (this.counts.get(entry.kind) ?? 0) + 1);
    if (entry.write) this.writeCounts.set(entry.kind, (this.writeCounts.get(entry.kind) ?? 0) + 1);
    this.entries.push(entry);
    // Trimming in halves keeps recording O(1) amortised.
    if (this.entries.length >= this.maxEntries * 2) this.entries = this.entries.slice(-this.maxEntries);
  }

  /** Calls of `kind` (all kinds when omitted), optionally only those of one company. */
  count(kind?: QboRequestKind, realmId?: string): number {
    if (realmId !== undefined) {
      return this.list().filter((e) => e.realmId === realmId && (kind === undefined || e.kind === kind)).length;
    }
    if (kind !== undefined) return this.counts.get(kind) ?? 0;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return total;
  }

  /** Calls that could change data (see `QboLoggedRequest.write`), of `kind` or of every kind. */
  countWrites(kind?: QboRequestKind): number {
    if (kind !== undefined) return this.writeCounts.get(kind) ?? 0;
    let total = 0;
    for (const n of this.writeCounts.values()) total += n;
    return total;
  }

  /** Counts of calls that could change data, by kind, e.g. `{ batch: 2, create: 10 }`. */
  writesByKind(): Partial<Record<QboRequestKind, number>> {
    return Object.fromEntries(this.writeCounts);
  }

  /** Counts by kind, e.g. `{ query: 3, create: 10 }`. */
  byKind(): Partial<Record<QboRequestKind, number>> {
    return Object.fromEntries(this.counts);
  }

  /** The last entries (at most `maxEntries`), oldest first. */
  list(): readonly QboLoggedRequest[] {
    return this.entries.slice(-this.maxEntries);
  }

  /** Forgets everything counted so far. */
  reset(): void {
    this.counts.clear();
    this.writeCounts.clear();
    this.entries = [];
  }
}
