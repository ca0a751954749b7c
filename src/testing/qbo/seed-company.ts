import { createRecord, updateRecord, type WriteRules } from './operations.js';
import { createRandom, type Random } from './random.js';
import type { QboDefaultAccounts } from './realm-setup.js';
import type { RealmStore } from './store.js';
import { formatQboDate } from './time.js';

/** What `seedCompany` generates. */
export interface QboSeedCompanyOptions {
  /** Items (mostly Inventory, with sub-items, inactive items, zero and negative quantities). @default 20 */
  items?: number;
  /** @default 5 */
  vendors?: number;
  /** @default 5 */
  customers?: number;
  /** Open and closed purchase orders. @default 3 */
  purchaseOrders?: number;
  /** Estimates cycling through Pending, Accepted, Closed and Rejected. @default 4 */
  estimates?: number;
  /** Seed of the generated data. @default 1 */
  seed?: number;
}

/** Ids of what was generated. */
export interface QboSeedSummary {
  items: string[];
  vendors: string[];
  customers: string[];
  purchaseOrders: string[];
  estimates: string[];
}

const WORDS = ['Widget', 'Bolt', 'Bracket', 'Valve', 'Hose', 'Gasket', 'Panel', 'Sensor', 'Cable', 'Spring'];
const ODD_NAMES = [
  "O'Brien's",
  'Nuts & Bolts',
  '6" pipe \\ fitting',
  'Café crème',
  'Müller Großhandel',
  'Søren Ærø',
  '東京 部品',
  '100% "Best" <Value>',
];
const PARTY_NAMES = [
  "O'Brien Supply",
  'Smith & Sons',
  'Müller GmbH',
  'Société Équipement',
  'Acme "Quality" Parts',
  'Zoë Ltd',
];
const CITIES: [string, string, string][] = [
  ['Portland', 'OR', '97201'],
  ['Austin', 'TX', '73301'],
  ['Bayshore', 'CA', '94326'],
  ['Montréal', 'QC', 'H2X 1Y4'],
];
const ESTIMATE_STATUSES = ['Pending', 'Accepted', 'Closed', 'Rejected'] as const;

function address(rnd: Random, index: number): Record<string, unknown> {
  const [city, state, zip] = rnd.pick(CITIES);
  const street = `${rnd.int(1, 9999)} ${rnd.pick(['Main St.', 'Rue Saint-Denis', 'Elm Ave', 'Industrial Pkwy'])}`;
  if (index % 3 === 1) {
    // A free-form address: QBO keeps everything in Line1..Line5 when no City/State/Zip were given.
    return {
      Line1: 'Attn: Receiving',
      Line2: street,
      Line3: `Suite ${rnd.int(1, 400)}`,
      Line4: `${city}, ${state} ${zip}`,
      Line5: 'USA',
    };
  }
  return { Line1: street, City: city, CountrySubDivisionCode: state, PostalCode: zip, Country: 'US' };
}

function partyBody(rnd: Random, index: number, kind: string): Record<string, unknown> {
  const base = index % 4 === 3 ? `${'Long Name Wholesale Distribution '.repeat(3)}` : rnd.pick(PARTY_NAMES);
  const body: Record<string, unknown> = {
    DisplayName: `${base} ${kind} ${index + 1}`,
    CompanyName: `${base} ${kind} ${index + 1}`,
    BillAddr: address(rnd, index),
  };
  if (index % 2 === 0) {
    body.GivenName = rnd.pick(['Anne', 'José', 'Siobhán', 'Li']);
    body.FamilyName = rnd.pick(["O'Neil", 'García', 'Nguyễn', 'Smith']);
    body.PrimaryEmailAddr = { Address: `contact${index + 1}@example.com` };
    body.PrimaryPhone = { FreeFormNumber: `(555) 555-${String(1000 + index).slice(-4)}` };
  }
  return body;
}

function itemName(rnd: Random, index: number): string {
  const base = index % 5 === 4 ? rnd.pick(ODD_NAMES) : rnd.pick(WORDS);
  const name = index % 23 === 22 ? `${base} ${'extra long description '.repeat(4)}` : base;
  return `${name.slice(0, 90)} ${index + 1}`;
}

function seedItems(
  store: RealmStore,
  acc: QboDefaultAccounts,
  rnd: Random,
  count: number,
  rules: WriteRules,
): string[] {
  const ids: string[] = [];
  const startDate = formatQboDate(store.clock.now() - 365 * 86_400_000, store.offsetMinutes);
  let parent: string | undefined;
  for (let i = 0; i < count; i += 1) {
    const kind = i % 10 === 9 ? rnd.pick(['Service', 'NonInventory']) : 'Inventory';
    const qty = [0, -rnd.int(1, 5), rnd.int(1, 500), rnd.int(1, 50)][i % 4] as number;
    const body: Record<string, unknown> = {
      Name: itemName(rnd, i),
      Type: kind,
      Sku: `SKU-${String(i + 1).padStart(6, '0')}`,
      Description: `${rnd.pick(WORDS)} for general use`,
      UnitPrice: rnd.int(100, 50_000) / 100,
      PurchaseCost: rnd.int(50, 20_000) / 100,
      IncomeAccountRef: { value: kind === 'Service' ? acc.serviceIncome : acc.income },
      Active: i % 17 !== 16,
    };
    if (kind === 'Inventory') {
      Object.assign(body, { TrackQtyOnHand: true, QtyOnHand: qty, InvStartDate: startDate });
      Object.assign(body, { ExpenseAccountRef: { value: acc.cogs }, AssetAccountRef: { value: acc.inventoryAsset } });
    }
    if (kind === 'Inventory' && parent !== undefined && i % 6 !== 0)
      Object.assign(body, { SubItem: true, ParentRef: { value: parent } });
    const item = createRecord(store, 'Item', body, rules);
    if (kind === 'Inventory' && i % 6 === 0 && item.Active !== false) parent = item.Id;
    ids.push(item.Id);
  }
  return ids;
}

function activeStockItems(store: RealmStore, ids: readonly string[]): string[] {
  return ids.filter((id) => {
    const item = store.get('Item', id);
    return item?.Type === 'Inventory' && item.Active !== false;
  });
}

function lines(rnd: Random, items: readonly string[], detail: string): Record<string, unknown>[] {
  return Array.from({ length: Math.min(items.length, rnd.int(1, 3)) }, (_, n) => {
    const qty = rnd.int(1, 20);
    const price = rnd.int(100, 10_000) / 100;
    const ItemRef = { value: items[(rnd.int(0, items.length - 1) + n) % items.length] };
    return {
      Amount: Math.round(qty * price * 100) / 100,
      DetailType: detail,
      [detail]: { ItemRef, Qty: qty, UnitPrice: price },
    };
  });
}

/**
 * Generates a realistic company at any scale, deterministically from `seed`: awkward names
 * (apostrophes, ampersands, quotes, backslashes, non-ASCII, long values), free-form addresses,
 * sub-items, inactive items, zero and negative quantities, open and closed purchase orders and
 * estimates in every status.
 */
export function seedCompany(
  store: RealmStore,
  accounts: QboDefaultAccounts,
  options: QboSeedCompanyOptions,
  rules: WriteRules,
): QboSeedSummary {
  const rnd = createRandom(options.seed ?? 1);
  const vendors = Array.from(
    { length: options.vendors ?? 5 },
    (_, i) => createRecord(store, 'Vendor', partyBody(rnd, i, 'Vendor'), rules).Id,
  );
  const customers = Array.from(
    { length: options.customers ?? 5 },
    (_, i) => createRecord(store, 'Customer', partyBody(rnd, i, 'Customer'), rules).Id,
  );
  const items = seedItems(store, accounts, rnd, options.items ?? 20, rules);
  const stock = activeStockItems(store, items);
  const purchaseOrders: string[] = [];
  const estimates: string[] = [];
  if (stock.length > 0 && vendors.length > 0) {
    for (let i = 0; i < (options.purchaseOrders ?? 3); i += 1) {
      const body = {
        VendorRef: { value: rnd.pick(vendors) },
        APAccountRef: { value: accounts.payable },
        ShipAddr: address(rnd, i),
        Line: lines(rnd, stock, 'ItemBasedExpenseLineDetail'),
      };
      let po = createRecord(store, 'PurchaseOrder', body, rules);
      if (i % 3 === 2)
        po = updateRecord(
          store,
          'PurchaseOrder',
          { Id: po.Id, SyncToken: po.SyncToken, sparse: true, POStatus: 'Closed' },
          rules,
        );
      purchaseOrders.push(po.Id);
    }
  }
  if (stock.length > 0 && customers.length > 0) {
    for (let i = 0; i < (options.estimates ?? 4); i += 1) {
      const body = {
        CustomerRef: { value: rnd.pick(customers) },
        TxnStatus: ESTIMATE_STATUSES[i % 4],
        ShipAddr: address(rnd, i),
        Line: lines(rnd, stock, 'SalesItemLineDetail'),
      };
      estimates.push(createRecord(store, 'Estimate', body, rules).Id);
    }
  }
  return { items, vendors, customers, purchaseOrders, estimates };
}
