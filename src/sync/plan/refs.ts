import type { MapLookup } from '../../mappers/types.js';
import type { ReferenceType } from '../../qbo/schemas/common.js';
import { readLinks } from '../state/many-reads.js';
import type { StateStore } from '../state/store.js';
import type { PlannedLinks } from './placeholders.js';

type RefKind = 'item' | 'vendor' | 'customer';

/** Known links of one kind by id: the other side's id, or null when the record is not linked. */
type KindMap = Map<string, string | null>;

function kindMaps(): Record<RefKind, KindMap> {
  return { item: new Map(), vendor: new Map(), customer: new Map() };
}

/** The distinct ids of `ids` not in `known` yet. */
function unknownIds(known: KindMap, ids: Iterable<string | undefined>): string[] {
  const wanted = new Set<string>();
  for (const id of ids) if (id !== undefined && !known.has(id)) wanted.add(id);
  return [...wanted];
}

/** Most links of one kind loaded by QBO id that a run keeps from one page to the next. */
export const QBO_REFS_KEPT_MAX = 10_000;

/**
 * Reference links for mappers, loaded from the store before a page is mapped (mappers are pure and
 * synchronous; the store is not). Remembers what it loaded for the rest of the run. A record not
 * linked yet but linked by a step planned earlier in the same dry run or plan resolves to that
 * planned link (its missing id a placeholder that applying the plan replaces).
 * A first sync loads a link for every record its orders reference, so the maps are keyed by the
 * plain id per kind and hold only the other side's id (the QBO reference is built when looked up),
 * and the runner trims what was loaded by QBO id between pages ({@link RefCache.trimQboSide}).
 */
export class RefCache {
  readonly #store: StateStore;
  readonly #toIt = kindMaps();
  readonly #toQbo = kindMaps();
  readonly #planned: PlannedLinks | undefined;

  constructor(store: StateStore, planned?: PlannedLinks) {
    this.#store = store;
    this.#planned = planned;
  }

  /** Loads the links of QBO ids `qboIds` of kind `kind` (those not known yet, in one store read). */
  async loadQbo(kind: RefKind, qboIds: Iterable<string | undefined>): Promise<void> {
    const known = this.#toIt[kind];
    const wanted = unknownIds(known, qboIds);
    const found = new Map<string, string>();
    for (const link of await readLinks(this.#store, kind, 'qbo', wanted)) found.set(link.qboId, link.itId);
    for (const id of wanted) known.set(id, found.get(id) ?? this.#planned?.byQboId(kind, id)?.itId ?? null);
  }

  /** Loads the links of IntelliTrack ids `itIds` of kind `kind`. */
  async loadIt(kind: RefKind, itIds: Iterable<string | undefined>): Promise<void> {
    const known = this.#toQbo[kind];
    const wanted = unknownIds(known, itIds);
    const found = new Map<string, string>();
    for (const link of await readLinks(this.#store, kind, 'it', wanted)) found.set(link.itId, link.qboId);
    for (const id of wanted) known.set(id, found.get(id) ?? this.#planned?.byItId(kind, id)?.qboId ?? null);
  }

  /**
   * Empties the map of links loaded by QBO id of each kind that holds more than `max`, so that a
   * first sync of many orders does not keep a link of every record they reference. The runner calls
   * it between pages: whatever maps a QBO record loads that record's references (loadQbo) in the
   * same planning step, so no page relies on a link loaded by QBO id for an earlier one. The links
   * loaded by IntelliTrack id are kept: a cycle loads those of its open orders once, for every page
   * after.
   */
  trimQboSide(max: number = QBO_REFS_KEPT_MAX): void {
    for (const known of Object.values(this.#toIt)) if (known.size > max) known.clear();
  }

  /** Forgets what is known about one record (after a write changed its link). */
  forget(kind: RefKind, qboId: string | undefined, itId: string | undefined): void {
    if (qboId !== undefined) this.#toIt[kind].delete(qboId);
    if (itId !== undefined) this.#toQbo[kind].delete(itId);
  }

  /** The lookup mappers use. */
  lookup(): MapLookup {
    const toIt = (kind: RefKind, id: string): string | undefined => this.#toIt[kind].get(id) ?? undefined;
    const toQbo = (kind: RefKind, id: string): ReferenceType | undefined => {
      const qboId = this.#toQbo[kind].get(id);
      return qboId === undefined || qboId === null ? undefined : { value: qboId };
    };
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
