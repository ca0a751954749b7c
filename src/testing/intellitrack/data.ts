import { fromZodError } from './problem.js';
import type { SeededRandom } from './random.js';
import { LABEL } from './rules.js';
import { INTELLITRACK_RECORD_SCHEMAS } from './schemas.js';
import { seedWarehouse, type WarehouseSeed } from './seed.js';
import type { EmulatorState, IntelliTrackRecords, IntelliTrackTable } from './state.js';

type Meta = 'id' | 'version' | 'createdAt' | 'updatedAt';

/** A record as given to {@link IntelliTrackEmulatorData.put}: its fields, with an id to replace an existing one. */
export type IntelliTrackPutRecord<T extends IntelliTrackTable> = Omit<IntelliTrackRecords[T], Meta> & { id?: string };

/**
 * Direct access to the emulator's records, for seeding and inspecting in tests. Reads return copies.
 * `put` skips the API's business rules (references, order states) but keeps the record schema and
 * the unique names, bumps `version` and appends to the change feed like any other change.
 */
export class IntelliTrackEmulatorData {
  readonly #state: EmulatorState;
  readonly #random: SeededRandom;

  constructor(state: EmulatorState, random: SeededRandom) {
    this.#state = state;
    this.#random = random;
  }

  /** A copy of one record, or undefined. */
  get<T extends IntelliTrackTable>(resource: T, id: string): IntelliTrackRecords[T] | undefined {
    const record = this.#state.get(resource, id);
    return record === undefined ? undefined : structuredClone(record);
  }

  /** Copies of every record of `resource` (passing `test`), in id order. */
  list<T extends IntelliTrackTable>(
    resource: T,
    test?: (record: IntelliTrackRecords[T]) => boolean,
  ): IntelliTrackRecords[T][] {
    const out: IntelliTrackRecords[T][] = [];
    for (const record of this.#state.table(resource).values()) {
      if (!test || test(record)) out.push(structuredClone(record));
    }
    return out;
  }

  /** Number of records of `resource`. */
  count(resource: IntelliTrackTable): number {
    return this.#state.table(resource).size;
  }

  /**
   * Inserts a record, or replaces the fields of the record with the same id.
   * @throws IntelliTrackProblem 422 when the result breaks the record schema, 409 on a duplicate name
   */
  put<T extends IntelliTrackTable>(resource: T, record: IntelliTrackPutRecord<T>): IntelliTrackRecords[T] {
    const current = record.id === undefined ? undefined : this.#state.get(resource, record.id);
    const probe = {
      version: 1,
      createdAt: this.#state.now(),
      updatedAt: this.#state.now(),
      id: 'probe',
      ...current,
      ...record,
    };
    const checked = INTELLITRACK_RECORD_SCHEMAS[resource].safeParse(probe);
    if (!checked.success) throw fromZodError(LABEL[resource].toLowerCase(), checked.error);
    const { id: _id, ...fields } = record;
    const stored = current
      ? this.#state.update(resource, current, fields as Partial<IntelliTrackRecords[T]>)
      : this.#state.insert(resource, record as never);
    return structuredClone(stored);
  }

  /** Deletes a record without any rule check; the change feed reports a tombstone. */
  remove(resource: IntelliTrackTable, id: string): boolean {
    const current = this.#state.get(resource, id);
    if (!current) return false;
    this.#state.remove(resource, current);
    return true;
  }

  /** Generates realistic records in `divisionId` (deterministic for the emulator's seed). */
  seed(divisionId: string, seed: WarehouseSeed): void {
    seedWarehouse(this.#state, this.#random, divisionId, seed);
  }

  /** The last change sequence number handed out. */
  get changeSequence(): number {
    return this.#state.changes.sequence;
  }
}
