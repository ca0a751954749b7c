import type * as Pg from 'pg';
import { isQboItSyncError } from '../core/errors.js';
import { StateStoreError } from '../sync/state/store.js';

/**
 * Commits, refusing the silent rollback Postgres answers when the transaction had already failed
 * (a statement error caught by the caller): the caller must not believe its writes were stored.
 * @throws {StateStoreError} naming `location` when Postgres rolled back instead.
 */
export async function commit(client: Pg.PoolClient, location: string): Promise<void> {
  const result = await client.query('COMMIT');
  if (result.command === 'ROLLBACK') {
    throw new StateStoreError({
      record: `Postgres state ${location}`,
      field: '',
      message: 'the transaction was rolled back: a statement in it had failed, so none of its writes were stored',
    });
  }
}

/**
 * `error` as the SDK error it is, or a database failure (unreachable server, refused login, a
 * connection cut by a server restart, missing privilege) as a {@link StateStoreError} naming
 * `location` (e.g. `qbo_it realm 9130`), with the driver's error as `cause`.
 */
export function asStoreError(location: string, error: unknown): unknown {
  if (isQboItSyncError(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StateStoreError({ record: `Postgres state ${location}`, field: '', message: reason, cause: error });
}

/** Rolls back; returns the error that makes the connection unusable (so the pool discards it). */
export async function rollback(client: Pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const listeners = new WeakMap<Pg.PoolClient, () => void>();

/**
 * Takes a connection from the pool. While it is checked out, an error the server sends on it
 * (a restart, a terminated backend) is reported by the statement that fails, not emitted as an
 * unhandled `error` event that would end the process.
 */
export async function checkout(pool: Pg.Pool): Promise<Pg.PoolClient> {
  const client = await pool.connect();
  const ignore = (): void => {};
  client.on('error', ignore);
  listeners.set(client, ignore);
  return client;
}

/** Gives a connection back to the pool; one that failed (`error`) is closed instead. */
export function checkin(client: Pg.PoolClient, error?: Error): void {
  const ignore = listeners.get(client);
  if (ignore) client.off('error', ignore);
  listeners.delete(client);
  client.release(error);
}

/**
 * Runs `fn` in a transaction on a connection of its own from `pool`: committed when it resolves,
 * rolled back when it throws; the connection goes back to the pool (or is discarded when broken).
 */
export async function inTransaction<T>(
  pool: Pg.Pool,
  location: string,
  fn: (client: Pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await checkout(pool);
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const value = await fn(client);
    await commit(client, location);
    return value;
  } catch (error) {
    broken = await rollback(client);
    throw error;
  } finally {
    checkin(client, broken);
  }
}
