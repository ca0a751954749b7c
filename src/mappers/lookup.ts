import type { ReferenceType } from '../qbo/schemas/common.js';
import type { MapLookup } from './types.js';

/** One link between a QBO record and an IntelliTrack record. */
export interface LinkPair {
  qboId: string;
  itId: string;
  /** QBO display name, sent as the reference's `name`. */
  name?: string | undefined;
}

/** Links by kind, as given to {@link createMapLookup}. */
export interface LinkTables {
  items?: Iterable<LinkPair> | undefined;
  vendors?: Iterable<LinkPair> | undefined;
  customers?: Iterable<LinkPair> | undefined;
}

interface Index {
  toIt: Map<string, string>;
  toQbo: Map<string, ReferenceType>;
}

function index(pairs: Iterable<LinkPair> | undefined): Index {
  const toIt = new Map<string, string>();
  const toQbo = new Map<string, ReferenceType>();
  for (const pair of pairs ?? []) {
    toIt.set(pair.qboId, pair.itId);
    toQbo.set(pair.itId, pair.name === undefined ? { value: pair.qboId } : { value: pair.qboId, name: pair.name });
  }
  return { toIt, toQbo };
}

/**
 * Builds a {@link MapLookup} from in-memory link tables (e.g. the state store's links).
 * @example
 * const lookup = createMapLookup({ items: [{ qboId: '11', itId: 'it-1', name: 'Widget' }] });
 * lookup.itItemId('11'); // 'it-1'
 */
export function createMapLookup(tables: LinkTables): MapLookup {
  const items = index(tables.items);
  const vendors = index(tables.vendors);
  const customers = index(tables.customers);
  return {
    itItemId: (id) => items.toIt.get(id),
    qboItemRef: (id) => items.toQbo.get(id),
    itVendorId: (id) => vendors.toIt.get(id),
    qboVendorRef: (id) => vendors.toQbo.get(id),
    itCustomerId: (id) => customers.toIt.get(id),
    qboCustomerRef: (id) => customers.toQbo.get(id),
  };
}
