/** Building blocks of `MemoryStateStore`: an undoable table of JSON texts. */

/** Restores one change. */
export type Undo = () => void;

/** Told of every change of a table's row, undone ones included (`undefined`: the row is gone). */
export type RowWatcher = (key: string, value: string | undefined) => void;

/** A string-keyed map of JSON texts that records how to undo each change while a transaction is open. */
export class Table {
  readonly rows = new Map<string, string>();
  /** Bumped on every change, so sorted key caches know when they are stale. */
  version = 0;
  readonly #log: () => Undo[] | undefined;
  readonly #watch: RowWatcher | undefined;

  /** @param watch keeps an index of the rows in step, through undone changes too. */
  constructor(log: () => Undo[] | undefined, watch?: RowWatcher) {
    this.#log = log;
    this.#watch = watch;
  }

  set(key: string, value: string): void {
    this.#remember(key);
    this.rows.set(key, value);
    this.#watch?.(key, value);
  }

  delete(key: string): void {
    if (!this.rows.has(key)) return;
    this.#remember(key);
    this.rows.delete(key);
    this.#watch?.(key, undefined);
  }

  #remember(key: string): void {
    this.version += 1;
    const previous = this.rows.get(key);
    this.#log()?.push(() => {
      this.version += 1;
      if (previous === undefined) this.rows.delete(key);
      else this.rows.set(key, previous);
      this.#watch?.(key, previous);
    });
  }
}

/** The value of a stored JSON text, if any. */
export function parse<T>(json: string | undefined): T | undefined {
  return json === undefined ? undefined : (JSON.parse(json) as T);
}

/** Every row of `table`, parsed. */
export function all<T>(table: Table): T[] {
  return [...table.rows.values()].map((json) => JSON.parse(json) as T);
}

/** The rows of `table` under `keys`, parsed: each key once, keys without a row left out. */
export function pick<T>(table: Table, keys: Iterable<string>): T[] {
  return [...new Set(keys)].flatMap((key) => parse<T>(table.rows.get(key)) ?? []);
}

/** A comparator ordering values by a string key (code unit order). */
export function byKey<T>(key: (value: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

/** Up to `limit` of `sorted` (keys in code-unit order) that come after `after`. */
export function keysAfter(sorted: readonly string[], after: string, limit: number): string[] {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) <= after) low = mid + 1;
    else high = mid;
  }
  return sorted.slice(low, low + limit);
}
