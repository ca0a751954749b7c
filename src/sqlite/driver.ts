import type BetterSqlite3 from 'better-sqlite3';
import { ConfigurationError } from '../core/errors.js';

/** The `better-sqlite3` database constructor. */
export type SqliteDriver = typeof BetterSqlite3;

const INSTALL_HINT = 'run `npm install better-sqlite3@12` in the host application';

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Loads the optional dependency `better-sqlite3`; only `qbo-intellitrack-sync/sqlite` ever does.
 * @param importer How to import it; tests replace it to simulate a missing install.
 * @throws {ConfigurationError} when the module is not installed or its native binding cannot load.
 */
export async function loadSqliteDriver(
  importer: () => Promise<unknown> = () => import('better-sqlite3'),
): Promise<SqliteDriver> {
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (cause) {
    const message = isMissingModule(cause)
      ? `SqliteStateStore needs the optional dependency better-sqlite3 12, which is not installed: ${INSTALL_HINT}.`
      : `SqliteStateStore could not load better-sqlite3 (its native binding may be built for another Node.js version): ${INSTALL_HINT}, or \`npm rebuild better-sqlite3\`.`;
    throw new ConfigurationError(message, { cause });
  }
  // ESM import of this CommonJS module yields `{ default: Database }`; a CommonJS build yields it directly.
  const driver = (loaded as { default?: unknown }).default ?? loaded;
  if (typeof driver !== 'function') {
    throw new ConfigurationError(`SqliteStateStore found no database constructor in better-sqlite3: ${INSTALL_HINT}.`);
  }
  return driver as SqliteDriver;
}
