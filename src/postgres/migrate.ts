import type * as Pg from 'pg';
import { StateStoreError } from '../sync/state/store.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations.js';
import { DEFAULT_SCHEMA, quoteSchema } from './sql-name.js';
import { asStoreError, inTransaction } from './transaction.js';

/** What {@link migratePostgres} did. */
export interface MigrationResult {
  schema: string;
  /** Version before (0 for a new schema). */
  from: number;
  /** Version after: {@link PG_SCHEMA_VERSION}. */
  to: number;
}

/** Advisory-lock class of schema migrations (the object id is the hash of the schema name). */
const MIGRATION_LOCK = 0x51b0_0001;

/**
 * Creates the schema when missing and applies the migrations it lacks, all in one transaction under
 * a transaction-scoped advisory lock of the schema: when several workers start at once, one
 * migrates and the others wait, then find the schema current. A failed migration changes nothing.
 * @param schema The Postgres schema. @default 'qbo_it'
 * @throws {StateStoreError} when the schema name is not usable or the database has a newer schema.
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const { from, to } = await migratePostgres(pool, 'qbo_it');
 * ```
 */
export async function migratePostgres(pool: Pg.Pool, schema: string = DEFAULT_SCHEMA): Promise<MigrationResult> {
  const s = quoteSchema(schema);
  return await inTransaction(pool, `schema ${schema}`, (client) => migrateOn(client, schema, s)).catch((error) => {
    throw asStoreError(`schema ${schema}`, error);
  });
}

async function migrateOn(client: Pg.PoolClient, schema: string, s: string): Promise<MigrationResult> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  const { rows } = await client.query(`SELECT coalesce(max(version), 0)::int AS version FROM ${s}.schema_migrations`);
  const from = Number(rows[0]?.version ?? 0);
  if (from > PG_SCHEMA_VERSION) {
    throw new StateStoreError({
      record: `Postgres schema ${schema}`,
      field: 'schema_version',
      message: `the database has schema ${from}, newer than ${PG_SCHEMA_VERSION} known to this version of qbo-intellitrack-sync; upgrade the package`,
    });
  }
  for (let version = from; version < PG_SCHEMA_VERSION; version++) {
    await client.query((PG_MIGRATIONS[version] as (s: string) => string)(s));
    await client.query(`INSERT INTO ${s}.schema_migrations (version) VALUES ($1)`, [version + 1]);
  }
  return { schema, from, to: PG_SCHEMA_VERSION };
}
