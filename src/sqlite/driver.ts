import type BetterSqlite3 from 'better-sqlite3';
import { importOptionalPeer } from '../core/optional-peer.js';

/** The `better-sqlite3` database constructor. */
export type SqliteDriver = typeof BetterSqlite3;

const INSTALL_HINT = 'run `npm install better-sqlite3@12` in the host application';

/**
 * Loads the optional peer dependency `better-sqlite3`; only `qbo-intellitrack-sync/sqlite` ever does.
 * @param importer How to import it; tests replace it to simulate a missing install.
 * @throws {ConfigurationError} when the module is not installed or its native binding cannot load.
 */
export async function loadSqliteDriver(
  importer: () => Promise<unknown> = () => import('better-sqlite3'),
): Promise<SqliteDriver> {
  const driver = await importOptionalPeer(importer, {
    missing: `SqliteStateStore needs the optional peer dependency better-sqlite3 12, which is not installed: ${INSTALL_HINT}.`,
    broken: `SqliteStateStore could not load better-sqlite3 (its native binding may be built for another Node.js version): ${INSTALL_HINT}, or \`npm rebuild better-sqlite3\`.`,
    noConstructor: `SqliteStateStore found no database constructor in better-sqlite3: ${INSTALL_HINT}.`,
  });
  return driver as unknown as SqliteDriver;
}
