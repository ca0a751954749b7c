import type { RunRecord } from './store.js';

/**
 * For `MemoryStateStore`'s run history: when each run started, so runs are ordered and pruned
 * without reading their reports. Told of every change by the runs table, undone ones included.
 */
export class MemoryRunIndex {
  readonly #starts = new Map<string, number>();

  /** Notes the stored text of run `id` (`undefined`: deleted). */
  readonly note = (id: string, json: string | undefined): void => {
    if (json === undefined) this.#starts.delete(id);
    else this.#starts.set(id, (JSON.parse(json) as RunRecord).startedAt);
  };

  /** Run ids, newest first (ties by id, descending). */
  newestFirst(): string[] {
    const starts = this.#starts;
    return [...starts.keys()].sort(
      (a, b) => (starts.get(b) as number) - (starts.get(a) as number) || (a < b ? 1 : a > b ? -1 : 0),
    );
  }

  /** The ids of the runs that started before `before` (epoch milliseconds). */
  startedBefore(before: number): string[] {
    return [...this.#starts].filter(([, at]) => at < before).map(([id]) => id);
  }

  /** The ids of every run. */
  ids(): Set<string> {
    return new Set(this.#starts.keys());
  }
}
