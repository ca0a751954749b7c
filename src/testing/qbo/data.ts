import { InvalidArgumentError } from '../../core/errors.js';
import type { QboEmulatorCore } from './core.js';
import { QboFault } from './fault-bodies.js';
import { createRecord, deleteRecord, updateRecord } from './operations.js';
import { resolveEntity } from './query-engine.js';
import { indexName } from './rules-names.js';
import { type QboSeedCompanyOptions, type QboSeedSummary, seedCompany } from './seed-company.js';
import type { RealmStore } from './store.js';
import type { EmulatedEntity, QboRecord } from './types.js';

function entityOf(name: string): EmulatedEntity {
  try {
    return resolveEntity(name);
  } catch {
    throw new InvalidArgumentError(`the emulator has no entity "${name}"`);
  }
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Seeds and inspects the emulated companies directly, without HTTP and without counting as requests.
 * Every method takes an optional `realmId` (the first company by default). Records returned are
 * copies; change data through these methods or the API.
 */
export class QboEmulatorData {
  constructor(private readonly core: QboEmulatorCore) {}

  private store(realmId?: string): RealmStore {
    return this.core.store(realmId);
  }

  private run<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      const e = error.errors[0];
      throw new InvalidArgumentError(`${what}: ${e?.code ?? ''} ${e?.Message ?? ''} ${e?.element ?? ''}`.trim(), {
        cause: error,
      });
    }
  }

  /** One record by id (a copy), or undefined. */
  get(entity: string, id: string, realmId?: string): QboRecord | undefined {
    const record = this.store(realmId).get(entityOf(entity), id);
    return record ? clone(record) : undefined;
  }

  /** Every stored record of an entity (copies), in id order, inactive ones included. */
  list(entity: string, realmId?: string): QboRecord[] {
    const table = this.store(realmId).table(entityOf(entity));
    return table.rows.map((r) => clone(r));
  }

  /** How many records of an entity are stored. */
  count(entity: string, realmId?: string): number {
    return this.store(realmId).table(entityOf(entity)).ids.length;
  }

  /**
   * Creates a record through QBO's rules (as a POST would).
   * @throws InvalidArgumentError naming QBO's error code and element when a rule refuses it.
   */
  create(entity: string, body: Record<string, unknown>, realmId?: string): QboRecord {
    const name = entityOf(entity);
    return clone(this.run(`create ${name}`, () => createRecord(this.store(realmId), name, body, this.core.rules)));
  }

  /** Sparse update through QBO's rules (`Id` and `SyncToken` required). @throws InvalidArgumentError */
  update(entity: string, body: Record<string, unknown>, realmId?: string): QboRecord {
    const name = entityOf(entity);
    const input = { ...body, sparse: true };
    return clone(
      this.run(`update ${name} ${String(body.Id)}`, () =>
        updateRecord(this.store(realmId), name, input, this.core.rules),
      ),
    );
  }

  /** Deletes a transaction through QBO's rules. @throws InvalidArgumentError */
  delete(entity: string, id: string, realmId?: string): void {
    const name = entityOf(entity);
    const store = this.store(realmId);
    const current = store.get(name, id);
    if (!current) throw new InvalidArgumentError(`delete ${name} ${id}: no such record`);
    this.run(`delete ${name} ${id}`, () => deleteRecord(store, name, { Id: id, SyncToken: current.SyncToken }));
  }

  /**
   * Stores a record as given, bypassing QBO's validation (for states the API cannot produce). Id,
   * SyncToken and MetaData are filled in when absent; the name index is kept up to date.
   */
  put(entity: string, record: Record<string, unknown>, realmId?: string): QboRecord {
    const name = entityOf(entity);
    const store = this.store(realmId);
    const id = typeof record.Id === 'string' ? record.Id : store.table(name).allocateId();
    if (!/^\d+$/.test(id)) throw new InvalidArgumentError(`put ${name}: Id must be numeric, got "${id}"`);
    const prev = store.get(name, id);
    const time = store.formatTime(store.stampMs());
    const stored = {
      domain: 'QBO',
      sparse: false,
      ...record,
      Id: id,
      SyncToken:
        typeof record.SyncToken === 'string' ? record.SyncToken : prev ? String(Number(prev.SyncToken) + 1) : '0',
      MetaData: (record.MetaData as QboRecord['MetaData'] | undefined) ?? {
        CreateTime: prev?.MetaData.CreateTime ?? time,
        LastUpdatedTime: time,
      },
    } as QboRecord;
    if ((name === 'Item' || name === 'Account') && stored.FullyQualifiedName === undefined)
      stored.FullyQualifiedName = stored.Name;
    store.save(name, clone(stored), prev ? 'Update' : 'Create');
    if (name === 'Item' || name === 'Account' || name === 'Customer' || name === 'Vendor')
      indexName(store, name, prev, stored);
    return clone(stored);
  }

  /**
   * Generates a realistic company (see {@link QboSeedCompanyOptions}); `seed` defaults to the
   * emulator's seed.
   * @example
   * qbo.data.seedCompany({ items: 10_000, vendors: 100, customers: 100, purchaseOrders: 50, estimates: 50 });
   * @throws InvalidArgumentError for an unknown realm
   */
  seedCompany(options: QboSeedCompanyOptions = {}, realmId?: string): QboSeedSummary {
    const id = realmId ?? this.core.defaultRealmId;
    const realm = this.core.realms.get(id);
    if (!realm) throw new InvalidArgumentError(`unknown realm ${id}`);
    return this.run('seedCompany', () =>
      seedCompany(realm.store, realm.info.accounts, { seed: this.core.seed, ...options }, this.core.rules),
    );
  }
}
