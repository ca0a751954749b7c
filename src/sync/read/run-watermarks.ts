import type { StateStore } from '../state/store.js';

/**
 * The watermarks of one run: every stored watermark, read in one `listWatermarks` call when the run
 * starts, then kept in step with what the run saves. A run that writes holds the realm's lease, and
 * only runs save the flows' watermarks (QBO CDC instants, IntelliTrack feed cursors), so none moves
 * under it. The change readers take their starting points from here, and a flow stages only the
 * watermarks that moved: a quiet cycle neither reads them one by one nor writes back a cursor its
 * feed left where it was. Staged watermarks wait to be saved with the next ones the run saves
 * (after the writes they cover), so the flows of a quiet cycle save theirs together.
 *
 * The read gate takes the busy mark of `qboReads: 'adaptive'` from here too (only runs write it).
 * Webhook notices are written by other processes while a run reads: they are read from the store
 * when needed, not from here.
 */
export class RunWatermarks {
  readonly #values: Map<string, string>;
  readonly #staged = new Map<string, string>();

  private constructor(values: Record<string, string>) {
    this.#values = new Map(Object.entries(values));
  }

  /** Reads every watermark of the store. */
  static async load(store: Pick<StateStore, 'listWatermarks'>): Promise<RunWatermarks> {
    return new RunWatermarks(await store.listWatermarks());
  }

  /** The value of `key` when the run started, or as the run saved it since. */
  getWatermark(key: string): Promise<string | undefined> {
    return Promise.resolve(this.#values.get(key));
  }

  /** Every watermark, as {@link getWatermark} answers them. */
  all(): ReadonlyMap<string, string> {
    return this.#values;
  }

  /** Stages the entries of `next` whose value is not the one kept (those that moved) to be saved. */
  stage(next: Readonly<Record<string, string>>): void {
    for (const [key, value] of Object.entries(next)) {
      if (this.#values.get(key) === value) this.#staged.delete(key);
      else this.#staged.set(key, value);
    }
  }

  /** What is staged, in the order it was staged. */
  staged(): [string, string][] {
    return [...this.#staged];
  }

  /** Keeps values the run saved (after their transaction committed); they are no longer staged. */
  saved(entries: readonly (readonly [string, string])[]): void {
    for (const [key, value] of entries) {
      this.#values.set(key, value);
      if (this.#staged.get(key) === value) this.#staged.delete(key);
    }
  }
}
