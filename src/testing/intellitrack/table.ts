/** A stored record: every table row has an id. */
export interface Row {
  readonly id: string;
}

/**
 * Records of one resource in id order. Ids are zero-padded counters, so insertion order is id order
 * and a page after a cursor id is a binary search away, even with 100k records.
 */
export class Table<T extends Row> {
  readonly #rows = new Map<string, T>();
  #ids: string[] = [];
  #sorted = true;

  /** Number of records. */
  get size(): number {
    return this.#rows.size;
  }

  /** The record with `id`, if any. */
  get(id: string): T | undefined {
    return this.#rows.get(id);
  }

  /** Inserts or replaces a record. */
  set(record: T): void {
    if (!this.#rows.has(record.id)) {
      const last = this.#ids[this.#ids.length - 1];
      if (last !== undefined && last > record.id) this.#sorted = false;
      this.#ids.push(record.id);
    }
    this.#rows.set(record.id, record);
  }

  /** Removes the record with `id`; false when there was none. */
  delete(id: string): boolean {
    if (!this.#rows.delete(id)) return false;
    const at = this.#indexAfter(id) - 1;
    if (this.#ids[at] === id) this.#ids.splice(at, 1);
    else this.#ids = this.#ids.filter((x) => x !== id);
    return true;
  }

  /** Every record in id order. */
  *values(): IterableIterator<T> {
    for (const id of this.#sortedIds()) {
      const row = this.#rows.get(id);
      if (row) yield row;
    }
  }

  /** The first record matching `test`, if any. */
  find(test: (row: T) => boolean): T | undefined {
    for (const row of this.#rows.values()) if (test(row)) return row;
    return undefined;
  }

  /**
   * Up to `limit` records with an id greater than `afterId` that pass `test`, in id order, and whether
   * more such records follow.
   */
  page(afterId: string | null, limit: number, test?: (row: T) => boolean): { rows: T[]; more: boolean } {
    const ids = this.#sortedIds();
    const rows: T[] = [];
    for (let i = afterId === null ? 0 : this.#indexAfter(afterId); i < ids.length; i++) {
      const row = this.#rows.get(ids[i] as string);
      if (!row || (test && !test(row))) continue;
      if (rows.length === limit) return { rows, more: true };
      rows.push(row);
    }
    return { rows, more: false };
  }

  #sortedIds(): string[] {
    if (!this.#sorted) {
      this.#ids.sort();
      this.#sorted = true;
    }
    return this.#ids;
  }

  /** Index of the first id greater than `id`. */
  #indexAfter(id: string): number {
    const ids = this.#sortedIds();
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] as string) <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
