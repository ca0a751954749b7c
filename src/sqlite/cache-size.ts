import { StateStoreError } from '../sync/state/store.js';

/** Default page cache of a SQLite store connection, in KiB: SQLite's own default. */
export const SQLITE_CACHE_SIZE_KB = 2000;

/**
 * The page cache size in KiB of `option`.
 * @throws {StateStoreError} when it is not a whole number of at least 100.
 */
export function cacheSizeOption(option: number | undefined): number {
  if (option === undefined) return SQLITE_CACHE_SIZE_KB;
  if (!Number.isSafeInteger(option) || option < 100) {
    throw new StateStoreError({
      record: 'SqliteStateStore options',
      field: 'cacheSizeKb',
      message: `cacheSizeKb must be a whole number of KiB, at least 100 (got ${String(option)})`,
    });
  }
  return option;
}
