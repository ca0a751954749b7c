import type { JournalEntry, StateStore } from './store.js';

/**
 * The journal entries of `keys`, in one store call when the store has `getJournalEntries`, else one
 * `getJournal` call per distinct key; a key with no entry is left out.
 */
export async function readJournalEntries(store: StateStore, keys: Iterable<string>): Promise<JournalEntry[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  if (store.getJournalEntries) return store.getJournalEntries(wanted);
  const entries: JournalEntry[] = [];
  for (const key of wanted) {
    const entry = await store.getJournal(key);
    if (entry) entries.push(entry);
  }
  return entries;
}
