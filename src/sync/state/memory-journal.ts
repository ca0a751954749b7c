/** The write journal of the memory store: its entries as JSON texts, and their index. */

import { MemoryJournalIndex } from './memory-journal-index.js';
import { all, byKey, parse, pick, Table, type Undo } from './memory-table.js';
import { checkJournal, type JournalEntry, type JournalState, type SyncEntity, toJsonText } from './store.js';

/** Journal entries kept in a table of the memory store (its transactions undo them). */
export class MemoryJournal {
  readonly #index = new MemoryJournalIndex();
  readonly #table: Table;

  constructor(log: () => Undo[] | undefined) {
    this.#table = new Table(log, this.#index.note);
  }

  get(key: string): JournalEntry | undefined {
    return parse<JournalEntry>(this.#table.rows.get(key));
  }

  /** The entries of `keys`; a key with no entry is left out. */
  getMany(keys: readonly string[]): JournalEntry[] {
    return pick<JournalEntry>(this.#table, keys);
  }

  /**
   * Checks every entry, then saves them in order (a key given twice keeps its last entry).
   * @throws {StateStoreError} naming the first entry and field that cannot be stored; nothing is saved.
   */
  put(entries: readonly JournalEntry[]): void {
    const texts = entries.map((entry) => [entry.key, journalText(entry)] as const);
    for (const [key, text] of texts) this.#table.set(key, text);
  }

  /** Oldest first; one state's entries come from the index (the pending ones are few, the settled many). */
  list(filter: { state?: JournalState; entity?: SyncEntity }): JournalEntry[] {
    const entries =
      filter.state === undefined
        ? all<JournalEntry>(this.#table)
        : this.#index.keysIn(filter.state).map((key) => this.get(key) as JournalEntry);
    return entries
      .filter((e) => filter.entity === undefined || e.entity === filter.entity)
      .sort((a, b) => a.createdAt - b.createdAt || byKey<JournalEntry>((e) => e.key)(a, b));
  }

  /** Deletes the settled entries last updated before `before`; returns how many. */
  pruneSettledBefore(before: number): number {
    const keys = this.#index.settledBefore(before);
    for (const key of keys) this.#table.delete(key);
    return keys.length;
  }
}

/** A journal entry as the memory store keeps it: checked, its payload and result as stored JSON. */
function journalText(entry: JournalEntry): string {
  checkJournal(entry);
  return JSON.stringify({
    ...entry,
    payload: JSON.parse(toJsonText(`journal ${entry.key}`, 'payload', entry.payload)),
    result: JSON.parse(toJsonText(`journal ${entry.key}`, 'result', entry.result)),
  });
}
