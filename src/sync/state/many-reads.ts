import type { JournalEntry, Link, StateStore, SyncEntity } from './store.js';

/** Which id of a link a read goes by: QBO's or IntelliTrack's. */
export type LinkSide = 'qbo' | 'it';

/**
 * The records of `ids`, each distinct id once: in one call of `many` when the store has it (its
 * optional page read), else one call of `one` per id. Ids with no record are left out.
 */
async function readMany<T>(
  ids: Iterable<string>,
  many: ((ids: string[]) => Promise<T[]>) | undefined,
  one: (id: string) => Promise<T | undefined>,
): Promise<T[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  if (many) return many(wanted);
  const found: T[] = [];
  for (const id of wanted) {
    const record = await one(id);
    if (record !== undefined) found.push(record);
  }
  return found;
}

/** The links of `entity` with the given ids on `side` (`getLinksByQboIds` / `getLinksByItIds`, else one read per id). */
export function readLinks(
  store: StateStore,
  entity: SyncEntity,
  side: LinkSide,
  ids: Iterable<string>,
): Promise<Link[]> {
  const many = side === 'qbo' ? store.getLinksByQboIds : store.getLinksByItIds;
  return readMany(ids, many && ((wanted) => many.call(store, entity, wanted)), (id) =>
    side === 'qbo' ? store.getLinkByQboId(entity, id) : store.getLinkByItId(entity, id),
  );
}

/** The journal entries of `keys` (`getJournalEntries`, else one `getJournal` per key). */
export function readJournalEntries(store: StateStore, keys: Iterable<string>): Promise<JournalEntry[]> {
  const many = store.getJournalEntries;
  return readMany(keys, many && ((wanted) => many.call(store, wanted)), (key) => store.getJournal(key));
}
