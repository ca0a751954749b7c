import { type LinkSide, readLinks } from './many-reads.js';
import type { Link, StateStore, SyncEntity } from './store.js';

/** How a settle finds links: the store, or a {@link LinkBuffer} over it. */
export type LinkLookup = Pick<StateStore, 'getLinkByQboId' | 'getLinkByItId'>;

/** A link's id on one side (`q` QBO, `i` IntelliTrack), as the buffer keys it. */
function sideId(entity: SyncEntity, side: 'q' | 'i', id: string): string {
  return `${entity}\u0000${side}\u0000${id}`;
}

/**
 * The link writes of one store transaction that settles several writes (a group of IntelliTrack
 * writes, the members of a QBO batch), saved together in one `putLinks` call at its end instead of
 * one call each.
 *
 * Reads through it answer as if every write had been made at once, in order: a read of a link that a
 * pending write replaces, by either of its ids or those of the link it replaced, saves the pending
 * writes first. Other reads are answered once from the store and kept until a write touches them, so
 * the activity entry and the settle of one write read its link once.
 *
 * Use it inside one transaction and {@link flush} before it commits.
 *
 * @example
 * const links = new LinkBuffer(store);
 * await store.transaction(async () => {
 *   const old = await links.getLinkByQboId('item', '7');
 *   links.put({ ...next }, old);
 *   await links.flush();
 * });
 */
export class LinkBuffer implements LinkLookup {
  readonly #store: StateStore;
  #pending: Link[] = [];
  /** Ids (`q` QBO, `i` IntelliTrack) of the links pending writes replace or make. */
  readonly #touched = new Set<string>();
  /** Store answers by id, valid until a write touches the id. */
  readonly #read = new Map<string, Link | undefined>();

  constructor(store: StateStore) {
    this.#store = store;
  }

  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    return this.#get(sideId(entity, 'q', qboId), () => this.#store.getLinkByQboId(entity, qboId));
  }

  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    return this.#get(sideId(entity, 'i', itId), () => this.#store.getLinkByItId(entity, itId));
  }

  async #get(id: string, read: () => Promise<Link | undefined>): Promise<Link | undefined> {
    if (this.#touched.has(id)) await this.flush();
    if (this.#read.has(id)) return this.#read.get(id);
    const link = await read();
    this.#read.set(id, link);
    return link;
  }

  /**
   * Reads the links of `ids` on `side` in one store call (see {@link readLinks}) and keeps the answers
   * as any other, for the reads of a group's writes to come. Ids already answered, or touched by a
   * pending write, are left to be read when asked.
   */
  async prefetch(entity: SyncEntity, side: LinkSide, ids: Iterable<string>): Promise<void> {
    const keyOf = (id: string) => sideId(entity, side === 'qbo' ? 'q' : 'i', id);
    const wanted = [...new Set(ids)].filter((id) => !this.#read.has(keyOf(id)) && !this.#touched.has(keyOf(id)));
    if (wanted.length === 0) return;
    const found = await readLinks(this.#store, entity, side, wanted);
    for (const id of wanted) this.#keep(keyOf(id), undefined);
    // A link found by one id answers a read by its other id too (each is unique per entity).
    for (const link of found) {
      this.#keep(sideId(entity, 'q', link.qboId), link);
      this.#keep(sideId(entity, 'i', link.itId), link);
    }
  }

  #keep(id: string, link: Link | undefined): void {
    if (!this.#touched.has(id)) this.#read.set(id, link);
  }

  /** Queues `link` (keyed by entity + QBO id, as `putLinks`); `replaced` is the stored link it replaces, if any. */
  put(link: Link, replaced: Link | undefined): void {
    this.#pending.push(link);
    for (const touched of [link, replaced]) {
      if (touched === undefined) continue;
      for (const id of [sideId(touched.entity, 'q', touched.qboId), sideId(touched.entity, 'i', touched.itId)]) {
        this.#touched.add(id);
        this.#read.delete(id);
      }
    }
  }

  /** Deletes a link now, after the pending writes (in their order). */
  async delete(entity: SyncEntity, qboId: string): Promise<void> {
    await this.flush();
    await this.#store.deleteLink(entity, qboId);
    // Its IntelliTrack id is not known here: no answer kept is trusted after a delete.
    this.#read.clear();
  }

  /**
   * Saves the pending writes in one `putLinks` call, all or nothing.
   * @throws {StateStoreError} naming the first link that cannot be stored.
   */
  async flush(): Promise<void> {
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    this.#touched.clear();
    await this.#store.putLinks(pending);
  }
}
