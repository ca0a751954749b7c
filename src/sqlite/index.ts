/**
 * `qbo-intellitrack-sync/sqlite`: the durable state store. The only entry point that loads the
 * optional dependency better-sqlite3 (12.x).
 */

export { loadSqliteDriver, type SqliteDriver } from './driver.js';
export type { SqliteStateStoreOptions } from './options.js';
export { SCHEMA_VERSION } from './schema.js';
export { SqliteStateStore } from './sqlite-store.js';
