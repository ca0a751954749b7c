/**
 * pg and pg-boss are optional peers: only hosts that run workers install them, and they are loaded
 * on first use with a {@link ConfigurationError} that says what to install.
 */
import { ConfigurationError } from '../core/errors.js';
import { importOptionalPeer } from '../core/optional-peer.js';
import type { QueueBoss } from './boss.js';
import type { SqlClient } from './sql.js';

/** The part of pg-boss 10's class the worker uses (see its `types.d.ts`). */
export type PgBossConstructor = new (options: Record<string, unknown>) => QueueBoss;

/** A pool of Postgres connections that can also lend one connection for a transaction. */
export interface SqlPool extends SqlClient {
  connect(): Promise<SqlClient & { release(error?: Error | boolean): void }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

const messages = (name: string, range: string) => ({
  missing: `The worker needs the optional peer "${name}": npm install ${name}@${range}`,
  broken: `The optional peer "${name}" is installed but failed to load; reinstall it (npm install ${name}@${range}).`,
  noConstructor: `The optional peer "${name}" did not export what the worker expects; install ${name}@${range}.`,
});

/**
 * Loads pg-boss (10.x, the release line that runs on Node.js 20).
 * @throws {ConfigurationError} when it is missing or broken.
 */
export async function loadPgBoss(
  importer: () => Promise<unknown> = () => import('pg-boss'),
): Promise<PgBossConstructor> {
  return (await importOptionalPeer(importer, messages('pg-boss', '^10'))) as unknown as PgBossConstructor;
}

/**
 * Opens a `pg.Pool` on `connectionString`.
 * @throws {ConfigurationError} when pg is missing or broken.
 */
export async function openPool(
  connectionString: string,
  init: { max?: number; importer?: () => Promise<unknown> } = {},
): Promise<SqlPool> {
  let loaded: { default?: { Pool?: unknown }; Pool?: unknown };
  try {
    loaded = (await (init.importer ?? (() => import('pg')))()) as typeof loaded;
  } catch (cause) {
    throw new ConfigurationError(messages('pg', '^8').missing, { cause });
  }
  const Pool = (loaded.default?.Pool ?? loaded.Pool) as (new (options: object) => SqlPool) | undefined;
  if (typeof Pool !== 'function') throw new ConfigurationError(messages('pg', '^8').noConstructor);
  const pool = new Pool({ connectionString, max: init.max ?? 4 });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `fn` on one connection of `pool` (released afterwards), e.g. for {@link ensureWorkerSchema}. */
export async function withConnection<T>(pool: SqlPool, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await fn(client);
  } finally {
    client.release();
  }
}
