/** The activity log of `MemoryStateStore`: an undoable table of entries keyed by sequence. */

import { deleteWhere, type Table } from '../state/memory-table.js';
import type { RunRecord } from '../state/store.js';
import { toJsonText } from '../state/store.js';
import { activityMatches, checkActivity, checkActivityFilter } from './checks.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from './types.js';

/** Activity entries kept in a {@link Table}, in `seq` order. */
export class MemoryActivityLog {
  readonly #table: Table;
  #seq = 0;

  constructor(table: Table) {
    this.#table = table;
  }

  /** Checks and serialises entries before the store's lock is taken. */
  prepare(records: readonly ActivityRecord[]): string[] {
    for (const record of records) checkActivity(record);
    return records.map((r) => toJsonText(`activity ${r.entity}:${r.sourceId}`, 'changes', r));
  }

  /** Appends prepared entries (inside the store's lock and undo log). */
  append(texts: readonly string[]): void {
    for (const text of texts) {
      this.#seq += 1;
      const entry = { ...(JSON.parse(text) as ActivityRecord), seq: this.#seq };
      this.#table.set(String(this.#seq).padStart(16, '0'), JSON.stringify(entry));
    }
  }

  /** Entries matching `filter`, oldest first. */
  list(filter: ActivityFilter): ActivityEntry[] {
    checkActivityFilter(filter);
    const after = filter.afterSeq ?? 0;
    const out: ActivityEntry[] = [];
    for (const key of [...this.#table.rows.keys()].sort()) {
      const entry = JSON.parse(this.#table.rows.get(key) as string) as ActivityEntry;
      if (entry.seq > after && activityMatches(entry, filter)) out.push(entry);
      if (out.length >= filter.limit) break;
    }
    return out;
  }

  /**
   * Deletes the entries of runs no longer kept, and hand-made ones made before `before` or no later
   * than the start of the newest run deleted.
   */
  pruneWithRuns(kept: readonly RunRecord[], deleted: readonly RunRecord[], before: number | undefined): void {
    const ids = new Set(kept.map((r) => r.id));
    const cutoff = Math.max(Number.MIN_SAFE_INTEGER, ...deleted.map((r) => r.startedAt));
    const old = (at: number): boolean => at <= cutoff || (before !== undefined && at < before);
    deleteWhere<ActivityEntry>(this.#table, (e) => (e.runId === null ? old(e.at) : !ids.has(e.runId)));
  }
}
