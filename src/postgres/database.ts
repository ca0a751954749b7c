import type * as Pg from 'pg';
import { ConfigurationError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { pageSizeOption, StateStoreError } from '../sync/state/store.js';
import { loadPgDriver, type PgDriver } from './driver.js';
import { type MigrationResult, migratePostgres } from './migrate.js';
import { PG_SCHEMA_VERSION } from './migrations.js';
import { PostgresStateStore } from './pg-store.js';
import { PgSession, storeTypes } from './session.js';
import { checkRealm, DEFAULT_SCHEMA, quoteSchema } from './sql-name.js';
import { pgStatements } from './statements.js';
import { PostgresTokenStore, type PostgresTokenStoreOptions } from './token-store.js';
import { asStoreError } from './transaction.js';

/** How to reach the database: a pool of the host's, or a connection string for a pool of its own. */
export interface PostgresConnectionOptions {
  /** A node-postgres pool the host owns (never ended by this package). */
  pool?: Pg.Pool;
  /** A connection URL, e.g. `postgres://sync@db:5432/qbo`; a pool is created (and ended on close). */
  connectionString?: string;
  /**
   * Connections in the pool created from `connectionString`.
   * @default 10
   */
  maxConnections?: number;
  /**
   * The Postgres schema holding the tables; created and migrated on open.
   * @default 'qbo_it'
   */
  schema?: string;
  /**
   * Apply missing migrations on open. `false` only checks that the schema is current (for hosts
   * that migrate in a deploy step with {@link migratePostgres}).
   * @default true
   */
  migrate?: boolean;
  /**
   * Where a pool created from `connectionString` reports an idle connection the server closed
   * (a restart, a failover): the pool drops it and opens another on the next call. A `pool` you
   * pass is yours to watch (`pool.on('error', …)`: node-postgres crashes the process otherwise).
   * @default silentLogger
   */
  logger?: Logger;
}

/** Options of {@link PostgresDatabase.store}. */
export interface PostgresRealmStoreOptions {
  /** Links per page yielded by `listLinks`. @default 1000 */
  pageSize?: number;
  /** Close the database (and its pool) when the store is closed. @default false */
  closeDatabase?: boolean;
}

/**
 * One Postgres database (one schema) holding the state of many companies: open it once per
 * process, then take the store of each realm with {@link PostgresDatabase.store}.
 *
 * @example
 * ```ts
 * const db = await PostgresDatabase.open({ connectionString: 'postgres://sync@db/qbo' });
 * const store = db.store('9130');
 * // … one Synchronizer per realm, each with its own store …
 * await db.close();
 * ```
 */
export class PostgresDatabase {
  /** The pool every store of this database uses. */
  readonly pool: Pg.Pool;
  /** The schema name. */
  readonly schema: string;
  /** What opening did to the schema. */
  readonly migration: MigrationResult;
  readonly #driver: PgDriver;
  readonly #ownsPool: boolean;
  #closing: Promise<void> | undefined;

  private constructor(init: { pool: Pg.Pool; driver: PgDriver; owns: boolean; migration: MigrationResult }) {
    this.pool = init.pool;
    this.#driver = init.driver;
    this.#ownsPool = init.owns;
    this.schema = init.migration.schema;
    this.migration = init.migration;
  }

  /**
   * Connects and brings the schema up to date (see {@link migratePostgres}).
   * @throws {ConfigurationError} when pg is not installed or neither `pool` nor `connectionString` is given.
   * @throws {StateStoreError} when the schema name is invalid, the database cannot be reached or
   *   has a newer schema, or (with `migrate: false`) the schema is not current.
   */
  static async open(options: PostgresConnectionOptions): Promise<PostgresDatabase> {
    const schema = options.schema ?? DEFAULT_SCHEMA;
    quoteSchema(schema);
    if (options.pool === undefined && !options.connectionString) {
      throw new ConfigurationError('The Postgres state store needs `pool` or `connectionString`.');
    }
    const driver = await loadPgDriver();
    const owns = options.pool === undefined;
    const pool = options.pool ?? ownPool(driver, options);
    try {
      const migration = await openSchema(pool, schema, options.migrate ?? true);
      return new PostgresDatabase({ pool, driver, owns, migration });
    } catch (error) {
      if (owns) await pool.end().catch(() => undefined);
      throw asStoreError(`schema ${schema}`, error);
    }
  }

  /**
   * The state store of one company. Stores of one database share its pool; each has its own
   * transaction, so different realms never wait for each other's transactions.
   * @throws {StateStoreError} when `realm` is empty or `pageSize` is not a positive integer.
   */
  store(realm: string, options: PostgresRealmStoreOptions = {}): PostgresStateStore {
    checkRealm(realm);
    const pageSize = pageSizeOption('PostgresStateStore', options.pageSize);
    const s = quoteSchema(this.schema);
    const session = new PgSession(this.pool, storeTypes(this.#driver), `${this.schema} realm ${realm}`);
    const onClose = options.closeDatabase ? () => this.close() : async () => {};
    return new PostgresStateStore({ session, sql: pgStatements(s), s, realm, pageSize, onClose });
  }

  /**
   * The OAuth token store of one company, encrypted with `options.keyring`.
   * @throws {ConfigurationError} when the keyring cannot be used.
   */
  tokenStore(realm: string, options: PostgresTokenStoreOptions): PostgresTokenStore {
    return new PostgresTokenStore(this, realm, options);
  }

  /** Ends the pool when this database created it (a pool passed in stays open). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#ownsPool ? this.pool.end() : Promise.resolve();
    return this.#closing;
  }
}

function ownPool(driver: PgDriver, options: PostgresConnectionOptions): Pg.Pool {
  const pool = new driver.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  const logger = options.logger ?? silentLogger;
  pool.on('error', (error) => {
    logger.warn({ err: error.message }, 'an idle Postgres connection was closed; the pool opens another when needed');
  });
  return pool;
}

async function openSchema(pool: Pg.Pool, schema: string, migrate: boolean): Promise<MigrationResult> {
  if (migrate) return await migratePostgres(pool, schema);
  const { rows } = await pool.query(
    `SELECT coalesce(max(version), 0)::int AS version FROM ${quoteSchema(schema)}.schema_migrations`,
  );
  const version = Number(rows[0]?.version ?? 0);
  if (version !== PG_SCHEMA_VERSION) {
    throw new StateStoreError({
      record: `Postgres schema ${schema}`,
      field: 'schema_version',
      message: `the schema is at version ${version}, this package needs ${PG_SCHEMA_VERSION}: run the migrations (migratePostgres or \`qbo-it migrate\`)`,
    });
  }
  return { schema, from: version, to: version };
}
