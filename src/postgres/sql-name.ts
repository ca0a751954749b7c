import { StateStoreError } from '../sync/state/store.js';

/** The schema the Postgres tables live in unless told otherwise. */
export const DEFAULT_SCHEMA = 'qbo_it';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The quoted SQL identifier of a schema name.
 * @throws {StateStoreError} when `schema` is not a lower-case SQL name of at most 63 characters.
 */
export function quoteSchema(schema: string): string {
  if (typeof schema !== 'string' || !NAME.test(schema)) {
    throw new StateStoreError({
      record: `Postgres schema ${String(schema)}`,
      field: 'schema',
      message:
        'expected a lower-case SQL name: letters, digits and _, at most 63 characters, not starting with a digit',
    });
  }
  return `"${schema}"`;
}

/**
 * Checks a realm id (the company every row belongs to).
 * @throws {StateStoreError} when it is not a non-empty string.
 */
export function checkRealm(realm: string): void {
  if (typeof realm !== 'string' || realm.trim() === '') {
    throw new StateStoreError({ record: 'Postgres state', field: 'realm', message: 'expected a non-empty realm id' });
  }
}
