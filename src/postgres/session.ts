import type * as Pg from 'pg';
import { StateStoreError } from '../sync/state/store.js';
import { TransactionGate, type TransactionHooks } from '../sync/state/transaction-gate.js';
import type { PgDriver } from './driver.js';
import { asStoreError, checkin, checkout, commit, inTransaction, rollback } from './transaction.js';

/** A row as node-postgres returns it. */
export type Row = Record<string, unknown>;

/** Runs statements on one connection (or the pool, for single statements outside a transaction). */
export interface Sql {
  rows(text: string, values?: readonly unknown[]): Promise<Row[]>;
  /** The number of rows the statement changed. */
  count(text: string, values?: readonly unknown[]): Promise<number>;
}

type Queryable = Pick<Pg.Pool, 'query'>;

/** The transaction open on this session: its connection and the chain its writes run on. */
interface OpenTx {
  client: Pg.PoolClient;
  sql: Sql;
  serial: Promise<unknown>;
  savepoints: number;
}

const INT8 = 20;
const JSON_OID = 114;

/**
 * Type parsers for the store's columns: `bigint` epoch milliseconds and counters as numbers (they
 * stay below 2^53), `json` as its text (the stored JSON is parsed by the row mappers, exactly once).
 */
export function storeTypes(driver: PgDriver): Pg.CustomTypesConfig {
  const parseInt8 = (text: string): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is beyond Number.MAX_SAFE_INTEGER`);
    return value;
  };
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return parseInt8;
    if (oid === JSON_OID) return (text: string) => text;
    return driver.types.getTypeParser(oid, format ?? 'text');
  }) as Pg.CustomTypesConfig['getTypeParser'];
  return { getTypeParser };
}

function sqlOn(db: Queryable, types: Pg.CustomTypesConfig): Sql {
  const run = (text: string, values: readonly unknown[] = []) => db.query({ text, values: [...values], types });
  return {
    rows: async (text, values) => (await run(text, values)).rows as Row[],
    count: async (text, values) => (await run(text, values)).rowCount ?? 0,
  };
}

/**
 * One store's connection to Postgres: single statements through the pool, multi-statement writes
 * in a transaction of their own, and `transaction` on one pooled connection held from BEGIN to
 * COMMIT. Calls are ordered through a {@link TransactionGate}, like the SQLite store's.
 */
export class PgSession {
  readonly #pool: Pg.Pool;
  readonly #types: Pg.CustomTypesConfig;
  readonly #gate = new TransactionGate();
  readonly #location: string;
  #tx: OpenTx | undefined;
  #closed = false;

  constructor(pool: Pg.Pool, types: Pg.CustomTypesConfig, location: string) {
    this.#pool = pool;
    this.#types = types;
    this.#location = location;
  }

  /** Runs reads (or one write statement) on the open transaction's connection, else on the pool. */
  read<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.#op(() => fn(this.#tx?.sql ?? sqlOn(this.#pool, this.#types)));
  }

  /**
   * Runs `fn` all or nothing: outside a transaction as a transaction of its own on one pooled
   * connection; inside one, on its connection, as a savepoint when `savepoint` is set (for a write
   * whose statement can fail, e.g. on a unique index: the failure then leaves the transaction
   * usable). Without a savepoint, a statement that fails aborts the transaction, and its commit is
   * refused.
   */
  write<T>(fn: (sql: Sql) => Promise<T>, options: { savepoint?: boolean } = {}): Promise<T> {
    return this.#op(() => (this.#tx === undefined ? this.#own(fn) : this.#inTx(this.#tx, fn, options.savepoint)));
  }

  #inTx<T>(tx: OpenTx, fn: (sql: Sql) => Promise<T>, savepoint = false): Promise<T> {
    // Writes inside one transaction share its connection: run them one after another so a
    // savepoint never spans another write.
    const next = tx.serial.then(() => (savepoint ? this.#savepoint(tx.sql, ++tx.savepoints, fn) : fn(tx.sql)));
    tx.serial = next.catch(() => undefined);
    return next;
  }

  /**
   * One write statement: outside a transaction straight through the pool (Postgres runs a single
   * statement atomically), inside one on its connection.
   * @returns how many rows it changed.
   */
  statement(text: string, values: readonly unknown[]): Promise<number> {
    const run = (sql: Sql) => sql.count(text, values);
    return this.#op(() => (this.#tx === undefined ? run(sqlOn(this.#pool, this.#types)) : this.#inTx(this.#tx, run)));
  }

  /** `StateStore.transaction`: one Postgres transaction, nested calls as savepoints. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#gate.transaction(this.#hooks, fn);
  }

  /** Waits for the open transaction, then refuses further calls. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#gate.run(() => {
      this.#closed = true;
    });
  }

  #own<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, this.#location, (client) => fn(sqlOn(client, this.#types)));
  }

  async #savepoint<T>(sql: Sql, n: number, fn: (sql: Sql) => Promise<T>): Promise<T> {
    await sql.rows(`SAVEPOINT write_${n}`);
    try {
      const value = await fn(sql);
      await sql.rows(`RELEASE SAVEPOINT write_${n}`);
      return value;
    } catch (error) {
      await sql.rows(`ROLLBACK TO SAVEPOINT write_${n}`).catch(() => undefined);
      throw error;
    }
  }

  /** Begin and commit failures (a lost connection) come out as StateStoreError; `fn`'s own errors pass unchanged. */
  readonly #hooks: TransactionHooks = {
    begin: (depth) => this.#guard(() => this.#begin(depth)),
    commit: (depth) => this.#guard(() => this.#commit(depth)),
    rollback: (depth) => this.#rollback(depth),
  };

  async #guard(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      throw asStoreError(this.#location, error);
    }
  }

  async #begin(depth: number): Promise<void> {
    if (depth > 0) {
      await this.#tx?.sql.rows(`SAVEPOINT nested_${depth}`);
      return;
    }
    const client = await checkout(this.#pool);
    try {
      await client.query('BEGIN');
    } catch (error) {
      checkin(client, error as Error);
      throw error;
    }
    this.#tx = { client, sql: sqlOn(client, this.#types), serial: Promise.resolve(), savepoints: 0 };
  }

  async #commit(depth: number): Promise<void> {
    const tx = this.#tx;
    if (tx === undefined) return;
    if (depth > 0) {
      await tx.sql.rows(`RELEASE SAVEPOINT nested_${depth}`);
      return;
    }
    this.#tx = undefined;
    try {
      await commit(tx.client, this.#location);
      checkin(tx.client);
    } catch (error) {
      checkin(tx.client, await rollback(tx.client));
      throw error;
    }
  }

  /** Never throws: the caller's error is what the transaction reports. */
  async #rollback(depth: number): Promise<void> {
    const tx = this.#tx;
    if (tx === undefined) return;
    if (depth > 0) {
      // A failed savepoint rollback (a lost connection) surfaces at the outer commit.
      await tx.sql
        .rows(`ROLLBACK TO SAVEPOINT nested_${depth}; RELEASE SAVEPOINT nested_${depth}`)
        .catch(() => undefined);
      return;
    }
    this.#tx = undefined;
    checkin(tx.client, await rollback(tx.client));
  }

  async #op<T>(operation: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    try {
      return await this.#gate.run(() => {
        this.#assertOpen();
        return operation();
      });
    } catch (error) {
      throw asStoreError(this.#location, error);
    }
  }

  #assertOpen(): void {
    if (this.#closed) {
      throw new StateStoreError({
        record: `Postgres state ${this.#location}`,
        field: '',
        message: 'the store is closed',
      });
    }
  }
}
