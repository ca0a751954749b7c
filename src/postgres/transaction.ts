import type * as Pg from 'pg';
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

/** Rolls back; returns the error that makes the connection unusable (so the pool discards it). */
export async function rollback(client: Pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
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
  const client = await pool.connect();
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
    client.release(broken);
  }
}
