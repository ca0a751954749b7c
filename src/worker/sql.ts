/**
 * The little of node-postgres the worker tables need: one `query` method, so a `pg.Pool`, a
 * `pg.Client` or a pool of the host's own can be passed in.
 */

/** A Postgres connection or pool (`pg.Pool` and `pg.Client` fit). */
export interface SqlClient {
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: R[] }>;
}

/** Key of the advisory lock held while the worker tables are created (any two workers starting at once take turns). */
export const WORKER_SCHEMA_LOCK = 0x51b0_17;

/** Statements that create the worker tables; each is idempotent. */
const SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS qbo_it_realms (
     realm_id text PRIMARY KEY,
     label text NOT NULL,
     it_base_url text NOT NULL,
     division text NOT NULL,
     settings jsonb NOT NULL DEFAULT '{}'::jsonb,
     schedule jsonb NOT NULL DEFAULT '{}'::jsonb,
     enabled boolean NOT NULL DEFAULT true,
     created_at timestamptz NOT NULL DEFAULT now(),
     updated_at timestamptz NOT NULL DEFAULT now())`,
  `CREATE SEQUENCE IF NOT EXISTS qbo_it_pending_seq`,
  `CREATE TABLE IF NOT EXISTS qbo_it_pending (
     realm_id text NOT NULL,
     kind text NOT NULL CHECK (kind IN ('entity', 'scope')),
     key text NOT NULL,
     seq bigint NOT NULL DEFAULT nextval('qbo_it_pending_seq'),
     hits integer NOT NULL DEFAULT 1,
     first_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (realm_id, kind, key))`,
  `CREATE TABLE IF NOT EXISTS qbo_it_schedule (
     realm_id text NOT NULL,
     scope text NOT NULL,
     last_success_at timestamptz,
     last_enqueued_at timestamptz,
     PRIMARY KEY (realm_id, scope))`,
];

/**
 * Creates the worker tables (realm registry, pending work, schedule state) when missing, in one
 * transaction under an advisory lock, so workers starting together never race on `CREATE`.
 * Needs a connection of its own for the transaction: pass a `pg.Client` or a client checked out of a pool.
 */
export async function ensureWorkerSchema(client: SqlClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [WORKER_SCHEMA_LOCK]);
    for (const statement of SCHEMA) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
