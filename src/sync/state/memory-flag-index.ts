import { keysAfter } from './memory-table.js';
import type { Link, SyncEntity } from './store.js';

/** The QBO ids of one entity's links lacking a flag, with their order cached between changes. */
interface FlagSet {
  ids: Set<string>;
  sorted: string[] | undefined;
}

/**
 * For `MemoryStateStore.listLinksWithout`: per entity and flag, the QBO ids of the links whose
 * `data[flag]` is not `true`. A set is built from the links on first use and then kept up to date
 * by every change of the links table (undone ones included), so a pass over few such links costs
 * only them.
 */
export class MemoryFlagIndex {
  readonly #sets = new Map<string, FlagSet>();

  /** The set of `entity` and `flag`, built from `links` (every stored link of the entity) when new. */
  idsOf(entity: SyncEntity, flag: string, links: () => Iterable<Link>): FlagSet {
    const key = `${entity}\n${flag}`;
    let set = this.#sets.get(key);
    if (!set) {
      set = { ids: new Set(), sorted: undefined };
      for (const link of links()) if (link.data[flag] !== true) set.ids.add(link.qboId);
      this.#sets.set(key, set);
    }
    return set;
  }

  /** Up to `limit` ids of `set` after `after`, in code-unit order. */
  page(set: FlagSet, after: string, limit: number): string[] {
    set.sorted ??= [...set.ids].sort();
    return keysAfter(set.sorted, after, limit);
  }

  /** Notes a stored link's text, parsed only when a set needs it (`undefined`: `entity:qboId` was deleted). */
  note(entity: SyncEntity, qboId: string, json: string | undefined): void {
    let link: Link | undefined;
    for (const [key, set] of this.#sets) {
      if (!key.startsWith(`${entity}\n`)) continue;
      const flag = key.slice(entity.length + 1);
      if (json !== undefined) link ??= JSON.parse(json) as Link;
      const lacking = link !== undefined && link.data[flag] !== true;
      if (lacking === set.ids.has(qboId)) continue;
      if (lacking) set.ids.add(qboId);
      else set.ids.delete(qboId);
      set.sorted = undefined;
    }
  }
}
