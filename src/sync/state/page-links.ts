import type { LinkLookup } from './link-buffer.js';
import { type LinkSide, readLinks } from './many-reads.js';
import type { Link, StateStore, SyncEntity } from './store.js';

/**
 * The links of one page (or slice) of records of one entity, read together before the page is
 * planned, answering the page's per-record lookups. An id it was not asked for is looked up in the
 * store. It is a snapshot: use it while the page is planned, before the page's writes are applied.
 *
 * @example
 * const links = await PageLinks.read(store, 'item', 'qbo', page.map((r) => r.Id));
 * for (const record of page) plan(record, await links.getLinkByQboId('item', record.Id));
 */
export class PageLinks implements LinkLookup {
  readonly #store: StateStore;
  readonly #entity: SyncEntity;
  /** Links by QBO id and by IntelliTrack id; an id the read asked for and found no link for maps to undefined. */
  readonly #byQbo = new Map<string, Link | undefined>();
  readonly #byIt = new Map<string, Link | undefined>();

  private constructor(store: StateStore, entity: SyncEntity) {
    this.#store = store;
    this.#entity = entity;
  }

  /** Reads the links of `ids` on `side` (see {@link readLinks}). */
  static async read(store: StateStore, entity: SyncEntity, side: LinkSide, ids: Iterable<string>): Promise<PageLinks> {
    const page = new PageLinks(store, entity);
    const asked = [...ids];
    const known = side === 'qbo' ? page.#byQbo : page.#byIt;
    for (const id of asked) known.set(id, undefined);
    for (const link of await readLinks(store, entity, side, asked)) {
      page.#byQbo.set(link.qboId, link);
      page.#byIt.set(link.itId, link);
    }
    return page;
  }

  getLinkByQboId(entity: SyncEntity, qboId: string): Promise<Link | undefined> {
    if (entity === this.#entity && this.#byQbo.has(qboId)) return Promise.resolve(this.#byQbo.get(qboId));
    return this.#store.getLinkByQboId(entity, qboId);
  }

  getLinkByItId(entity: SyncEntity, itId: string): Promise<Link | undefined> {
    if (entity === this.#entity && this.#byIt.has(itId)) return Promise.resolve(this.#byIt.get(itId));
    return this.#store.getLinkByItId(entity, itId);
  }
}
