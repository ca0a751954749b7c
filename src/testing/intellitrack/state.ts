import type { Clock } from '../../core/clock.js';
import type {
  Adjustment,
  Customer,
  Division,
  InventoryRecord,
  Item,
  Location,
  PickingOrder,
  ReceivingOrder,
  Site,
  Uom,
  Vendor,
} from '../../intellitrack/schemas/index.js';
import { ChangeLog } from './change-log.js';
import { canonicalJson } from './idempotency.js';
import { duplicate, IntelliTrackProblem, stateConflict, toPointer } from './problem.js';
import { LABEL } from './rules.js';
import { INTELLITRACK_RECORD_SCHEMAS } from './schemas.js';
import { Table } from './table.js';

/** Record type of every table the emulator keeps. */
export interface IntelliTrackRecords {
  divisions: Division;
  sites: Site;
  locations: Location;
  uoms: Uom;
  items: Item;
  vendors: Vendor;
  customers: Customer;
  'receiving-orders': ReceivingOrder;
  'picking-orders': PickingOrder;
  adjustments: Adjustment;
  inventory: InventoryRecord;
}

/** Name of an emulator table. */
export type IntelliTrackTable = keyof IntelliTrackRecords;

/** Resources with a change feed (records that the sync engine follows). */
export const FEED_RESOURCES = [
  'items',
  'vendors',
  'customers',
  'receiving-orders',
  'picking-orders',
  'adjustments',
  'inventory',
] as const;
/** A resource with a change feed. */
export type FeedResource = (typeof FEED_RESOURCES)[number];

const ID_PREFIX: Record<IntelliTrackTable, string> = {
  divisions: 'div',
  sites: 'site',
  locations: 'loc',
  uoms: 'uom',
  items: 'itm',
  vendors: 'ven',
  customers: 'cus',
  'receiving-orders': 'rcv',
  'picking-orders': 'pck',
  adjustments: 'adj',
  inventory: 'inv',
};

/** Fields unique per division (case-insensitive), with the label used in problems. */
const UNIQUE: Partial<Record<IntelliTrackTable, readonly string[]>> = {
  items: ['itemNumber', 'alternateNumber'],
  vendors: ['companyName'],
  customers: ['companyName'],
  'receiving-orders': ['orderNumber'],
  'picking-orders': ['orderNumber'],
};

/** What identifies one inventory record. */
export type StockKey = Pick<InventoryRecord, 'itemId' | 'locationId' | 'lot' | 'serial' | 'expirationDate'>;

function stockKey(k: StockKey): string {
  return [k.itemId, k.locationId, k.lot ?? '', k.serial ?? '', k.expirationDate ?? ''].join('\u0000');
}

type Meta = 'id' | 'version' | 'createdAt' | 'updatedAt';
type Fields<T extends IntelliTrackTable> = Omit<IntelliTrackRecords[T], Meta>;

/**
 * The emulator's in-memory database: one table per resource, unique indexes, the change log and the
 * bookkeeping every write shares (ids, `version`, `createdAt`/`updatedAt`, change sequence).
 */
export class EmulatorState {
  readonly changes = new ChangeLog();
  readonly #tables = new Map<IntelliTrackTable, Table<IntelliTrackRecords[IntelliTrackTable]>>();
  readonly #counters = new Map<IntelliTrackTable, number>();
  readonly #unique = new Map<string, string>();
  readonly #stock = new Map<string, string>();
  readonly #numbers = new Map<string, number>();

  /**
   * @param clock time source of every timestamp
   * @param settings `allowNegativeStock`: let picks and adjustments take On Hand below zero
   */
  constructor(
    readonly clock: Clock,
    readonly settings: { allowNegativeStock: boolean } = { allowNegativeStock: false },
  ) {}

  /** The next value of a named counter, starting at 1 (order numbering). */
  nextNumber(counter: string): number {
    const n = (this.#numbers.get(counter) ?? 0) + 1;
    this.#numbers.set(counter, n);
    return n;
  }

  /** Id of the inventory record of an item at a location (and lot/serial/expiration), if any. */
  findStock(key: StockKey): string | undefined {
    return this.#stock.get(stockKey(key));
  }

  /** The current time as an ISO-8601 string. */
  now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /** The table of `name`, created on first use. */
  table<T extends IntelliTrackTable>(name: T): Table<IntelliTrackRecords[T]> {
    let table = this.#tables.get(name);
    if (!table) {
      table = new Table();
      this.#tables.set(name, table);
    }
    return table as unknown as Table<IntelliTrackRecords[T]>;
  }

  /** The record `id` of table `name`, if any. */
  get<T extends IntelliTrackTable>(name: T, id: string): IntelliTrackRecords[T] | undefined {
    return this.table(name).get(id);
  }

  /** Inserts a new record with a fresh id (unless `fields` carries one) and version 1. */
  insert<T extends IntelliTrackTable>(name: T, fields: Fields<T> & { id?: string }): IntelliTrackRecords[T] {
    const now = this.now();
    const id = fields.id ?? this.#nextId(name);
    if (this.table(name).get(id)) throw stateConflict('duplicate-id', `${name} ${id} already exists.`);
    const { id: _given, ...rest } = fields;
    const record = { id, version: 1, createdAt: now, updatedAt: now, ...rest } as unknown as IntelliTrackRecords[T];
    checkRecord(name, record);
    this.assertUnique(name, record);
    if (name === 'inventory') this.#stock.set(stockKey(record as InventoryRecord), id);
    this.#index(name, record, true);
    this.table(name).set(record);
    this.#logChange(name, record);
    return record;
  }

  /**
   * Replaces a record's fields, bumping `version` and `updatedAt`. A patch that changes nothing
   * returns the record as it is: no new version, no change-feed entry.
   */
  update<T extends IntelliTrackTable>(
    name: T,
    current: IntelliTrackRecords[T],
    patch: Partial<Fields<T>>,
  ): IntelliTrackRecords[T] {
    const before = current as unknown as Record<string, unknown>;
    if (Object.entries(patch).every(([k, v]) => canonicalJson(before[k]) === canonicalJson(v))) return current;
    const next = {
      ...current,
      ...patch,
      id: current.id,
      version: current.version + 1,
      createdAt: current.createdAt,
      updatedAt: this.now(),
    } as IntelliTrackRecords[T];
    checkRecord(name, next);
    this.assertUnique(name, next);
    this.#index(name, current, false);
    this.#index(name, next, true);
    this.table(name).set(next);
    this.#logChange(name, next);
    return next;
  }

  /** Removes a record and logs a tombstone. */
  remove<T extends IntelliTrackTable>(name: T, current: IntelliTrackRecords[T]): void {
    this.#index(name, current, false);
    if (name === 'inventory') this.#stock.delete(stockKey(current as InventoryRecord));
    this.table(name).delete(current.id);
    const externalRef = (current as { externalRef?: string | null }).externalRef ?? null;
    const tombstone = { id: current.id, externalRef, deletedAt: this.now() };
    const divisionId = this.divisionOf(name, current);
    this.changes.append({ resource: name, id: current.id, divisionId, at: this.clock.now(), tombstone });
  }

  /**
   * @throws IntelliTrackProblem 409 when a unique field of `record` is used by another record
   */
  assertUnique<T extends IntelliTrackTable>(name: T, record: IntelliTrackRecords[T]): void {
    for (const field of UNIQUE[name] ?? []) {
      const value = (record as unknown as Record<string, unknown>)[field];
      if (typeof value !== 'string' || value === '') continue;
      const owner = this.#unique.get(uniqueKey(name, field, this.divisionOf(name, record), value));
      if (owner !== undefined && owner !== record.id) throw duplicate(LABEL[name], `/${field}`, value, owner);
    }
  }

  /** The division a record belongs to (inventory: its item's). */
  divisionOf(name: IntelliTrackTable, record: object): string {
    const r = record as { divisionId?: string; itemId?: string; siteId?: string; id: string };
    if (r.divisionId !== undefined) return r.divisionId;
    if (name === 'inventory' && r.itemId) return this.get('items', r.itemId)?.divisionId ?? '';
    if (name === 'locations' && r.siteId) return this.get('sites', r.siteId)?.divisionId ?? '';
    return name === 'divisions' ? r.id : '';
  }

  #logChange(name: IntelliTrackTable, record: IntelliTrackRecords[IntelliTrackTable]): void {
    if ((FEED_RESOURCES as readonly string[]).includes(name)) {
      const divisionId = this.divisionOf(name, record);
      this.changes.append({ resource: name, id: record.id, divisionId, at: this.clock.now() });
    }
  }

  #index(name: IntelliTrackTable, record: IntelliTrackRecords[IntelliTrackTable], add: boolean): void {
    for (const field of UNIQUE[name] ?? []) {
      const value = (record as unknown as Record<string, unknown>)[field];
      if (typeof value !== 'string' || value === '') continue;
      const key = uniqueKey(name, field, this.divisionOf(name, record), value);
      if (add) this.#unique.set(key, record.id);
      else if (this.#unique.get(key) === record.id) this.#unique.delete(key);
    }
  }

  #nextId(name: IntelliTrackTable): string {
    let n = this.#counters.get(name) ?? 0;
    let id: string;
    do id = `${ID_PREFIX[name]}_${String(++n).padStart(8, '0')}`;
    while (this.table(name).get(id));
    this.#counters.set(name, n);
    return id;
  }
}

/**
 * Every stored record must satisfy the contract's record schema; a rule that would store anything
 * else is a bug of the emulator, answered as a 500 naming the record and field.
 */
function checkRecord(name: IntelliTrackTable, record: IntelliTrackRecords[IntelliTrackTable]): void {
  const result = INTELLITRACK_RECORD_SCHEMAS[name].safeParse(record);
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new IntelliTrackProblem({
    status: 500,
    slug: 'server-error',
    title: 'Internal Server Error',
    detail: `${LABEL[name]} ${record.id} would break the contract at ${toPointer(issue?.path ?? [])}: ${issue?.message}.`,
  });
}

function uniqueKey(name: IntelliTrackTable, field: string, divisionId: string, value: string): string {
  return `${name}.${field}\u0000${divisionId}\u0000${value.trim().toLowerCase()}`;
}
