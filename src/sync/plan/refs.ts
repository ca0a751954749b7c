import type { MapLookup } from '../../mappers/types.js';
import type { ReferenceType } from '../../qbo/schemas/common.js';
import type { StateStore, SyncEntity } from '../state/store.js';
import type { PlannedLinks } from './placeholders.js';

type RefKind = 'item' | 'vendor' | 'customer';

/**
 * Reference links for mappers, loaded from the store before a page is mapped (mappers are pure and
 * synchronous; the store is not). Remembers what it loaded for the rest of the run. A record not
 * linked yet but linked by a step planned earlier in the same dry run or plan resolves to that
 * planned link (its missing id a placeholder that applying the plan replaces).
 */
export class RefCache {
  readonly #store: StateStore;
  readonly #toIt = new Map<string, string | null>();
  readonly #toQbo = new Map<string, ReferenceType | null>();
  readonly #planned: PlannedLinks | undefined;

  constructor(store: StateStore, planned?: PlannedLinks) {
    this.#store = store;
    this.#planned = planned;
  }

  /** Loads the links of QBO ids `qboIds` of kind `kind`. */
  async loadQbo(kind: RefKind, qboIds: Iterable<string | undefined>): Promise<void> {
    for (const id of new Set(qboIds)) {
      if (id === undefined || this.#toIt.has(`${kind}:${id}`)) continue;
      const link = await this.#store.getLinkByQboId(kind as SyncEntity, id);
      this.#toIt.set(`${kind}:${id}`, link?.itId ?? this.#planned?.byQboId(kind, id)?.itId ?? null);
    }
  }

  /** Loads the links of IntelliTrack ids `itIds` of kind `kind`. */
  async loadIt(kind: RefKind, itIds: Iterable<string | undefined>): Promise<void> {
    for (const id of new Set(itIds)) {
      if (id === undefined || this.#toQbo.has(`${kind}:${id}`)) continue;
      const link = await this.#store.getLinkByItId(kind as SyncEntity, id);
      const qboId = link?.qboId ?? this.#planned?.byItId(kind, id)?.qboId;
      this.#toQbo.set(`${kind}:${id}`, qboId === undefined ? null : { value: qboId });
    }
  }

  /** Forgets what is known about one record (after a write changed its link). */
  forget(kind: RefKind, qboId: string | undefined, itId: string | undefined): void {
    if (qboId !== undefined) this.#toIt.delete(`${kind}:${qboId}`);
    if (itId !== undefined) this.#toQbo.delete(`${kind}:${itId}`);
  }

  /** The lookup mappers use. */
  lookup(): MapLookup {
    const toIt = (kind: RefKind, id: string): string | undefined => this.#toIt.get(`${kind}:${id}`) ?? undefined;
    const toQbo = (kind: RefKind, id: string): ReferenceType | undefined =>
      this.#toQbo.get(`${kind}:${id}`) ?? undefined;
    return {
      itItemId: (id) => toIt('item', id),
      qboItemRef: (id) => toQbo('item', id),
      itVendorId: (id) => toIt('vendor', id),
      qboVendorRef: (id) => toQbo('vendor', id),
      itCustomerId: (id) => toIt('customer', id),
      qboCustomerRef: (id) => toQbo('customer', id),
    };
  }
}
