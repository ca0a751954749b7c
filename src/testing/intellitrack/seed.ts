import type { Division } from '../../intellitrack/schemas/index.js';
import { createItem, createParty } from './masters.js';
import { createOrder } from './orders.js';
import type { SeededRandom } from './random.js';
import type { EmulatorState } from './state.js';
import { loadInventory } from './stock.js';

/** How many records of each kind `seedWarehouse` generates. Every count defaults to 0. */
export interface WarehouseSeed {
  items?: number;
  vendors?: number;
  customers?: number;
  /** Open receiving orders of 1–3 lines each (needs items and vendors). */
  receivingOrders?: number;
  /** Open picking orders of 1–3 lines each (needs items and customers). */
  pickingOrders?: number;
  /** Load this quantity of every generated item at the default location. @default 0 */
  stockPerItem?: number;
}

const SITES = [
  { name: 'Main Warehouse', locations: ['A-01-01', 'A-01-02', 'BIN-100', 'BULK-1'] },
  { name: 'East Annex', locations: ['E-01-01', 'BIN-200', 'BULK-2'] },
] as const;
const KIND_OF: Record<string, 'rack' | 'bin' | 'bulk'> = { A: 'rack', E: 'rack', BIN: 'bin', BULK: 'bulk' };

/**
 * Creates a division (code `code`, default UOM "EA", also "CS" and "BX") with two sites, each with
 * rack, bin and bulk locations, and the defaults chain division → site → location.
 */
export function seedDivision(state: EmulatorState, code = 'MAIN', name = 'Main Division'): Division {
  const division = state.insert('divisions', { code, name, defaultUom: 'EA', defaultSiteId: null, active: true });
  for (const [uom, description] of [
    ['EA', 'Each'],
    ['CS', 'Case'],
    ['BX', 'Box'],
  ] as const) {
    state.insert('uoms', { divisionId: division.id, code: uom, description });
  }
  let firstSite: string | null = null;
  for (const spec of SITES) {
    const site = state.insert('sites', {
      divisionId: division.id,
      name: spec.name,
      defaultLocationId: null,
      immediateCountUpdates: true,
      active: true,
    });
    const locations = spec.locations.map((loc) =>
      state.insert('locations', {
        siteId: site.id,
        name: loc,
        kind: KIND_OF[loc.split('-')[0] ?? ''] ?? 'other',
        active: true,
      }),
    );
    state.update('sites', site, { defaultLocationId: locations[0]?.id ?? null });
    firstSite ??= site.id;
  }
  return state.update('divisions', division, { defaultSiteId: firstSite });
}

const WORDS = ['Bolt', 'Nut', 'Washer', 'Bracket', 'Hinge', 'Panel', 'Cable', 'Valve', 'Gasket', 'Spring', 'Filter'];
const QUALIFIERS = ['Steel', 'Brass', 'Nylon', 'Heavy', 'Mini', 'Coated', 'Large', 'Small'];
const COMPANIES = ['Acme', "O'Brien & Sons", 'Nordwind GmbH', 'Café Lumière', 'Blue Ridge', 'Pacific Supply'];
const CITIES = [
  ['Portland', 'OR', '97201'],
  ['Austin', 'TX', '73301'],
  ['Denver', 'CO', '80202'],
  ['Boston', 'MA', '02108'],
] as const;

/**
 * Fills `divisionId` with realistic generated records (deterministic for a given random seed), all
 * with origin "intellitrack" and no external reference, as if typed into IntelliTrack by hand.
 */
export function seedWarehouse(
  state: EmulatorState,
  random: SeededRandom,
  divisionId: string,
  seed: WarehouseSeed,
): void {
  const division = state.get('divisions', divisionId);
  const site = division?.defaultSiteId ? state.get('sites', division.defaultSiteId) : undefined;
  const items: string[] = [];
  for (let i = 1; i <= (seed.items ?? 0); i++) {
    const name = `${random.pick(QUALIFIERS)} ${random.pick(WORDS)}`;
    const item = createItem(state, {
      divisionId,
      itemNumber: `IT-${String(i).padStart(6, '0')}`,
      alternateNumber: random.next() < 0.5 ? `ALT${random.hex(4).toUpperCase()}-${i}` : null,
      description: `${name} ${random.int(1, 99)}mm`.slice(0, 32),
      uom: 'EA',
      unitCost: random.int(50, 5000) / 100,
      unitPrice: random.int(100, 9000) / 100,
      active: random.next() > 0.05,
    });
    items.push(item.id);
    if ((seed.stockPerItem ?? 0) > 0 && site?.defaultLocationId) {
      loadInventory(state, {
        itemId: item.id,
        siteId: site.id,
        locationId: site.defaultLocationId,
        quantity: seed.stockPerItem,
      });
    }
  }
  const vendors = parties(state, random, { divisionId, table: 'vendors', count: seed.vendors ?? 0 });
  const customers = parties(state, random, { divisionId, table: 'customers', count: seed.customers ?? 0 });
  const activeItems = items.filter((id) => state.get('items', id)?.active);
  orders(state, random, {
    divisionId,
    table: 'receiving-orders',
    count: seed.receivingOrders ?? 0,
    parties: vendors,
    items: activeItems,
  });
  orders(state, random, {
    divisionId,
    table: 'picking-orders',
    count: seed.pickingOrders ?? 0,
    parties: customers,
    items: activeItems,
  });
}

function parties(
  state: EmulatorState,
  random: SeededRandom,
  spec: { divisionId: string; table: 'vendors' | 'customers'; count: number },
): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= spec.count; i++) {
    const [city, st, zip] = random.pick(CITIES);
    const party = createParty(state, spec.table, {
      divisionId: spec.divisionId,
      companyName: `${random.pick(COMPANIES)} ${spec.table === 'vendors' ? 'Supply' : 'Retail'} ${i}`,
      contactName: `Contact ${i}`,
      email: `contact${i}@example.com`,
      telephone: `555-${String(1000 + (i % 9000)).padStart(4, '0')}`,
      address1: `${random.int(1, 9999)} Main St`,
      city,
      state: st,
      zip,
      country: 'USA',
    });
    ids.push(party.id);
  }
  return ids;
}

function orders(
  state: EmulatorState,
  random: SeededRandom,
  spec: {
    divisionId: string;
    table: 'receiving-orders' | 'picking-orders';
    count: number;
    parties: string[];
    items: string[];
  },
): void {
  if (spec.parties.length === 0 || spec.items.length === 0) return;
  const partyField = spec.table === 'receiving-orders' ? 'vendorId' : 'customerId';
  for (let i = 0; i < spec.count; i++) {
    const lines = Array.from({ length: random.int(1, 3) }, () => ({
      itemId: random.pick(spec.items),
      orderedQty: random.int(1, 20),
    }));
    createOrder(state, spec.table, {
      divisionId: spec.divisionId,
      [partyField]: random.pick(spec.parties),
      orderDate: new Date(state.clock.now()).toISOString().slice(0, 10),
      lines,
    });
  }
}
