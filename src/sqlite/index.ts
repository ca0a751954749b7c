/**
 * `qbo-intellitrack-sync/sqlite`: the durable state store. The only entry point that loads the
 * optional dependency better-sqlite3 (12.x).
 */

export { loadSqliteDriver, type SqliteDriver } from './driver.js';
export { SCHEMA_VERSION } from './schema.js';
export { SqliteStateStore, type SqliteStateStoreOptions } from './sqlite-store.js';
