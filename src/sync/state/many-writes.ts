import type { JournalEntry, StateStore } from './store.js';

/**
 * Saves `entries` in one `putJournalEntries` call when the store has it, else one `putJournal` per
 * entry, in order, in one transaction. Nothing is called for none.
 */
export async function writeJournalEntries(store: StateStore, entries: readonly JournalEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (store.putJournalEntries) return store.putJournalEntries(entries);
  if (entries.length === 1) return store.putJournal(entries[0] as JournalEntry);
  await store.transaction(async () => {
    for (const entry of entries) await store.putJournal(entry);
  });
}

/**
 * Removes the error-queue records of `ids`, each distinct id once: in one `removeFailedRecords` call
 * when the store has it, else one `removeFailed` per id, in one transaction.
 */
export async function removeFailedRecords(store: StateStore, ids: Iterable<string>): Promise<void> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return;
  if (store.removeFailedRecords) return store.removeFailedRecords(distinct);
  if (distinct.length === 1) return store.removeFailed(distinct[0] as string);
  await store.transaction(async () => {
    for (const id of distinct) await store.removeFailed(id);
  });
}
