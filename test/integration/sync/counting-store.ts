import type { ActivityRecord } from '../../../src/sync/activity/types.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import type { JournalEntry, Link, SyncEntity } from '../../../src/sync/state/store.js';

/**
 * A memory store that counts the calls a run makes that cost statements in SQLite or Postgres:
 * outermost transactions (each one commit), link and journal reads (of one, and of a page of ids or
 * keys), journal saves and error-queue removals (of one, and of many), `putLinks` and `putActivity`;
 * and the keys of the watermarks read one by one and saved.
 */
export class CountingStore extends MemoryStateStore {
  calls = {
    commits: 0,
    putLinks: 0,
    linksPut: 0,
    putActivity: 0,
    linkReads: 0,
    linkPageReads: 0,
    journalReads: 0,
    journalPageReads: 0,
    journalWrites: 0,
    journalPageWrites: 0,
    failedRemovals: 0,
    failedPageRemovals: 0,
  };
  /** Keys of the watermarks read one by one and saved, in call order, and the commit each save was part of. */
  watermarks = { read: [] as string[], saved: [] as string[], savedIn: [] as number[] };
  #open = 0;

  override transaction<T>(fn: () => Promise<T>): Promise<T> {
    return super.transaction(async () => {
      if (this.#open === 0) this.calls.commits += 1;
      this.#open += 1;
      try {
        return await fn();
      } finally {
        this.#open -= 1;
      }
    });
  }

  override putLinks(links: readonly Link[]): Promise<void> {
    this.calls.putLinks += 1;
    this.calls.linksPut += links.length;
    return super.putLinks(links);
  }

  override putActivity(records: readonly ActivityRecord[]): Promise<void> {
    this.calls.putActivity += 1;
    return super.putActivity(records);
  }

  override getJournal(key: string): Promise<JournalEntry | undefined> {
    this.calls.journalReads += 1;
    return super.getJournal(key);
  }

  override getJournalEntries(keys: readonly string[]): Promise<JournalEntry[]> {
    this.calls.journalPageReads += 1;
    return super.getJournalEntries(keys);
  }

  override putJournal(entry: JournalEntry): Promise<void> {
    this.calls.journalWrites += 1;
    return super.putJournal(entry);
  }

  override putJournalEntries(entries: readonly JournalEntry[]): Promise<void> {
    this.calls.journalPageWrites += 1;
    return super.putJournalEntries(entries);
  }

  override removeFailed(id: string): Promise<void> {
    this.calls.failedRemovals += 1;
    return super.removeFailed(id);
  }

  override removeFailedRecords(ids: readonly string[]): Promise<void> {
    this.calls.failedPageRemovals += 1;
    return super.removeFailedRecords(ids);
  }

  override getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    this.calls.linkReads += 1;
    return super.getLinkByQboId(entity, qboId);
  }

  override getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    this.calls.linkReads += 1;
    return super.getLinkByItId(entity, itId);
  }

  override getLinksByQboIds(entity: SyncEntity, qboIds: readonly string[]): Promise<Link[]> {
    this.calls.linkPageReads += 1;
    return super.getLinksByQboIds(entity, qboIds);
  }

  override getLinksByItIds(entity: SyncEntity, itIds: readonly string[]): Promise<Link[]> {
    this.calls.linkPageReads += 1;
    return super.getLinksByItIds(entity, itIds);
  }

  override getWatermark(key: string): Promise<string | undefined> {
    this.watermarks.read.push(key);
    return super.getWatermark(key);
  }

  override setWatermark(key: string, value: string): Promise<void> {
    this.watermarks.saved.push(key);
    this.watermarks.savedIn.push(this.calls.commits);
    return super.setWatermark(key, value);
  }
}
