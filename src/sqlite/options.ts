/** Options of {@link SqliteStateStore.open}. */
export interface SqliteStateStoreOptions {
  /** Database file, created when missing (with `-wal` and `-shm` files beside it); `':memory:'` for a private, volatile one. */
  path: string;
  /**
   * `'full'` syncs the write-ahead log to disk on every commit, so a committed transaction survives
   * a power loss or OS crash; `'normal'` syncs only at checkpoints, so commits survive a killed
   * process but the last ones may be lost with the machine.
   * @default 'full'
   */
  synchronous?: 'full' | 'normal';
  /** How long to wait for another process holding the write lock before failing. @default 5000 */
  busyTimeoutMs?: number;
  /** Links per page yielded by `listLinks`. @default 1000 */
  pageSize?: number;
  /**
   * Most KiB of database pages the connection keeps in memory (SQLite's `cache_size`). Pages it
   * drops are read again from the operating system's file cache; better-sqlite3's own default
   * (16,000 KiB) fills up on a first sync of a large company for little gain.
   * @default 2000
   */
  cacheSizeKb?: number;
}
