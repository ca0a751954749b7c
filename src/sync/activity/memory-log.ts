/** The activity log of `MemoryStateStore`: an undoable table of entries keyed by sequence. */

import { Table, type Undo } from '../state/memory-table.js';
import type { RunRecord } from '../state/store.js';
import { toJsonText } from '../state/store.js';
import { activityMatches, checkActivity, checkActivityFilter } from './checks.js';
import type { ActivityEntry, ActivityFilter, ActivityRecord } from './types.js';

/**
 * Activity entries kept in a {@link Table}, in `seq` order, with the keys of each run's entries
 * (hand-made ones under `null`), so a prune reads the runs, not every entry.
 */
export class MemoryActivityLog {
  readonly #table: Table;
  readonly #byRun = new Map<string | null, Set<string>>();
  readonly #runOf = new Map<string, string | null>();
  #seq = 0;

  /** @param log the store's undo log of the open transaction. */
  constructor(log: () => Undo[] | undefined) {
    this.#table = new Table(log, (key, json) => this.#note(key, json));
  }

  /** Follows the table: entries are only added and deleted, never changed. */
  #note(key: string, json: string | undefined): void {
    if (json === undefined) {
      const runId = this.#runOf.get(key);
      this.#runOf.delete(key);
      const keys = runId === undefined ? undefined : this.#byRun.get(runId);
      keys?.delete(key);
      if (keys?.size === 0) this.#byRun.delete(runId as string | null);
      return;
    }
    const { runId } = JSON.parse(json) as ActivityEntry;
    this.#runOf.set(key, runId);
    let keys = this.#byRun.get(runId);
    if (!keys) {
      keys = new Set();
      this.#byRun.set(runId, keys);
    }
    keys.add(key);
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
   * Deletes the entries of the `deleted` runs, and those made by hand or of a run not in `history`
   * (a process killed mid-run) made before `before` or no later than the start of the newest run
   * deleted. Reads the runs' key sets, and only the entries without a kept run.
   */
  pruneWithRuns(deleted: readonly RunRecord[], before: number | undefined, history: ReadonlySet<string>): void {
    const cutoff = Math.max(Number.MIN_SAFE_INTEGER, ...deleted.map((r) => r.startedAt));
    const gone = new Set(deleted.map((r) => r.id));
    const doomed = [...gone].flatMap((id) => [...(this.#byRun.get(id) ?? [])]);
    if (deleted.length > 0 || before !== undefined) {
      const old = (at: number): boolean => at <= cutoff || (before !== undefined && at < before);
      for (const [runId, keys] of this.#byRun) {
        if (runId !== null && (history.has(runId) || gone.has(runId))) continue;
        for (const key of keys)
          if (old((JSON.parse(this.#table.rows.get(key) as string) as ActivityEntry).at)) doomed.push(key);
      }
    }
    for (const key of doomed) this.#table.delete(key);
  }
}
