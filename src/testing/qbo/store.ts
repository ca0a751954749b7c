import type { Clock } from '../../core/clock.js';
import { formatQboDateTime } from './time.js';
import { EMULATED_ENTITIES, type EmulatedEntity, type QboRecord } from './types.js';

/** A deleted record as change data capture reports it. */
export interface Tombstone {
  Id: string;
  LastUpdatedTime: string;
  updatedMs: number;
}

/** One change, as the emulator announces it to webhook listeners. */
export interface ChangeEvent {
  realmId: string;
  entity: EmulatedEntity;
  id: string;
  operation: 'Create' | 'Update' | 'Delete' | 'Void';
  atMs: number;
}

/**
 * The records of one entity in one company: a map by id for lookups, and the ids, records and update
 * times in parallel arrays in ascending numeric id order, so a query page walks memory in QBO's
 * default order without sorting or hashing.
 */
export class EntityTable {
  readonly byId = new Map<string, QboRecord>();
  readonly tombstones = new Map<string, Tombstone>();
  /** Ids in ascending numeric order. */
  readonly ids: string[] = [];
  /** Records, parallel to `ids`. */
  readonly rows: QboRecord[] = [];
  /** Update times in epoch ms (whole seconds), parallel to `ids`. */
  readonly times: number[] = [];
  nextId = 1;
  /** Bumped on every change; lets a query reuse a sorted result while nothing changed. */
  version = 0;
  /** The last sorted result (see the query engine). */
  sortCache: { key: string; version: number; rows: QboRecord[] } | undefined;

  allocateId(): string {
    return String(this.nextId++);
  }

  /** Update time of a stored record. */
  updatedAt(id: string): number | undefined {
    const at = this.indexOf(id);
    return at >= 0 ? this.times[at] : undefined;
  }

  set(record: QboRecord, updatedMs: number): void {
    this.version += 1;
    const at = this.byId.has(record.Id) ? this.indexOf(record.Id) : this.insertAt(record.Id);
    this.rows[at] = record;
    this.times[at] = updatedMs;
    this.byId.set(record.Id, record);
    this.tombstones.delete(record.Id);
    const numeric = Number(record.Id);
    if (Number.isInteger(numeric) && numeric >= this.nextId) this.nextId = numeric + 1;
  }

  remove(id: string, tombstone: Tombstone): void {
    if (!this.byId.delete(id)) return;
    this.version += 1;
    const at = this.indexOf(id);
    if (at >= 0) {
      this.ids.splice(at, 1);
      this.rows.splice(at, 1);
      this.times.splice(at, 1);
    }
    this.tombstones.set(id, tombstone);
  }

  /** Makes room for `id` in the arrays and returns its index. */
  private insertAt(id: string): number {
    const n = Number(id);
    const last = this.ids[this.ids.length - 1];
    let at = this.ids.length;
    if (last !== undefined && Number(last) > n) {
      let lo = 0;
      let hi = this.ids.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (Number(this.ids[mid]) < n) lo = mid + 1;
        else hi = mid;
      }
      at = lo;
    }
    this.ids.splice(at, 0, id);
    this.rows.splice(at, 0, undefined as unknown as QboRecord);
    this.times.splice(at, 0, 0);
    return at;
  }

  private indexOf(id: string): number {
    const n = Number(id);
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = Number(this.ids[mid]);
      if (v === n) return mid;
      if (v < n) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Options of a {@link RealmStore}. */
export interface RealmStoreOptions {
  realmId: string;
  clock: Clock;
  /** UTC offset of the company's time zone in minutes. */
  offsetMinutes: number;
}

/** All data of one QBO company (realm): tables, the name index and the requestid replay cache. */
export class RealmStore {
  readonly realmId: string;
  readonly clock: Clock;
  readonly offsetMinutes: number;
  readonly tables = new Map<EmulatedEntity, EntityTable>();
  /** Active names, lower-cased, by namespace (`Item`, `Account`, or `Party` for customers and vendors). */
  readonly names = new Map<string, Map<string, string>>();
  /** First responses by requestid, replayed on repeats. */
  readonly replays = new Map<string, { status: number; body: string }>();
  readonly listeners = new Set<(event: ChangeEvent) => void>();
  /** Document numbers in use: `Entity|vendor|docnumber` → Id. */
  readonly docNumbers = new Map<string, string>();
  /** `Entity:Id` of voided transactions (their stock effect is gone). */
  readonly voided = new Set<string>();
  private docNumber = 1000;
  private addressId = 1;
  private lastStampMs = 0;

  constructor(options: RealmStoreOptions) {
    this.realmId = options.realmId;
    this.clock = options.clock;
    this.offsetMinutes = options.offsetMinutes;
    for (const entity of EMULATED_ENTITIES) this.tables.set(entity, new EntityTable());
  }

  table(entity: EmulatedEntity): EntityTable {
    return this.tables.get(entity) as EntityTable;
  }

  get(entity: EmulatedEntity, id: string): QboRecord | undefined {
    return this.table(entity).byId.get(id);
  }

  /** Now, truncated to whole seconds like QBO's MetaData, never earlier than the last stamp. */
  stampMs(): number {
    const ms = Math.floor(this.clock.now() / 1000) * 1000;
    this.lastStampMs = Math.max(this.lastStampMs, ms);
    return this.lastStampMs;
  }

  formatTime(ms: number): string {
    return formatQboDateTime(ms, this.offsetMinutes);
  }

  nextDocNumber(): string {
    this.docNumber += 1;
    return String(this.docNumber);
  }

  nextAddressId(): string {
    return String(this.addressId++);
  }

  /** Stores `record` (already stamped) and announces the change. */
  save(entity: EmulatedEntity, record: QboRecord, operation: ChangeEvent['operation']): void {
    const ms = Date.parse(record.MetaData.LastUpdatedTime);
    this.table(entity).set(record, Number.isNaN(ms) ? this.stampMs() : ms);
    this.emit({ realmId: this.realmId, entity, id: record.Id, operation, atMs: this.clock.now() });
  }

  /** Removes a record, leaving a tombstone for change data capture. */
  delete(entity: EmulatedEntity, id: string): void {
    const ms = this.stampMs();
    this.table(entity).remove(id, { Id: id, LastUpdatedTime: this.formatTime(ms), updatedMs: ms });
    this.emit({ realmId: this.realmId, entity, id, operation: 'Delete', atMs: this.clock.now() });
  }

  nameSpace(key: string): Map<string, string> {
    let space = this.names.get(key);
    if (!space) {
      space = new Map();
      this.names.set(key, space);
    }
    return space;
  }

  private emit(event: ChangeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
