import type { JournalEntry, JournalState } from './store.js';

/** What the index keeps of one entry. */
type Entry = Pick<JournalEntry, 'state' | 'updatedAt'>;

/**
 * For `MemoryStateStore`'s journal: the keys of each state, and the settled entries ordered by last
 * update (a min-heap), so listing the pending entries and pruning read only the entries they return,
 * not the whole journal. Told of every change by the journal table, undone ones included. The heap
 * may hold outdated pairs (an entry updated again, or deleted); they are dropped when popped.
 */
export class MemoryJournalIndex {
  readonly #entries = new Map<string, Entry>();
  readonly #byState = new Map<JournalState, Set<string>>();
  /** Parallel arrays of a binary min-heap of (updatedAt, key) of settled entries. */
  readonly #times: number[] = [];
  readonly #keys: string[] = [];

  /** Notes the stored text of entry `key` (`undefined`: deleted). */
  readonly note = (key: string, json: string | undefined): void => {
    const old = this.#entries.get(key);
    if (old) this.#byState.get(old.state)?.delete(key);
    if (json === undefined) {
      this.#entries.delete(key);
      return;
    }
    const { state, updatedAt } = JSON.parse(json) as JournalEntry;
    this.#entries.set(key, { state, updatedAt });
    let keys = this.#byState.get(state);
    if (!keys) {
      keys = new Set();
      this.#byState.set(state, keys);
    }
    keys.add(key);
    if (state !== 'pending' && (old?.state === 'pending' || old?.updatedAt !== updatedAt)) this.#push(updatedAt, key);
  };

  /** The keys of the entries in `state`. */
  keysIn(state: JournalState): string[] {
    return [...(this.#byState.get(state) ?? [])];
  }

  /** The keys of the settled entries last updated before `before`, taken off the heap. */
  settledBefore(before: number): string[] {
    const keys = new Set<string>();
    while (this.#times.length > 0 && (this.#times[0] as number) < before) {
      const [at, key] = this.#pop();
      const entry = this.#entries.get(key);
      if (entry && entry.state !== 'pending' && entry.updatedAt === at) keys.add(key);
    }
    return [...keys];
  }

  #push(at: number, key: string): void {
    let i = this.#times.length;
    this.#times.push(at);
    this.#keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.#times[parent] as number) <= at) break;
      this.#move(parent, i);
      i = parent;
    }
    this.#times[i] = at;
    this.#keys[i] = key;
  }

  #pop(): [number, string] {
    const top: [number, string] = [this.#times[0] as number, this.#keys[0] as string];
    const at = this.#times.pop() as number;
    const key = this.#keys.pop() as string;
    const n = this.#times.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (this.#times[child + 1] as number) < (this.#times[child] as number)) child += 1;
      if ((this.#times[child] as number) >= at) break;
      this.#move(child, i);
      i = child;
    }
    this.#times[i] = at;
    this.#keys[i] = key;
    return top;
  }

  /** Copies heap slot `from` into slot `to`. */
  #move(from: number, to: number): void {
    this.#times[to] = this.#times[from] as number;
    this.#keys[to] = this.#keys[from] as string;
  }
}
