/**
 * `qbo-intellitrack-sync/postgres`: the state of many companies in one PostgreSQL database. The
 * only entry point that loads the optional dependency pg (node-postgres 8).
 */

export { type PostgresConnectionOptions, PostgresDatabase, type PostgresRealmStoreOptions } from './database.js';
export { loadPgDriver, type PgDriver } from './driver.js';
export { type MigrationResult, migratePostgres } from './migrate.js';
export { PG_SCHEMA_VERSION } from './migrations.js';
export { PostgresStateStore, type PostgresStateStoreOptions } from './pg-store.js';
export { DEFAULT_SCHEMA } from './sql-name.js';
export { type SealedTokens, TokenCipher, type TokenKeyring } from './token-cipher.js';
export { PostgresTokenStore, type PostgresTokenStoreOptions } from './token-store.js';
