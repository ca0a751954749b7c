import type * as Pg from 'pg';
import { ConfigurationError } from '../core/errors.js';
import { importOptionalModule } from '../core/optional-peer.js';

/** The part of the `pg` module (node-postgres 8) this package uses. */
export interface PgDriver {
  Pool: typeof Pg.Pool;
  types: typeof Pg.types;
}

const INSTALL_HINT = 'run `npm install pg@8` in the host application';

/**
 * Loads the optional peer dependency `pg`; only `qbo-intellitrack-sync/postgres` ever does.
 * @param importer How to import it; tests replace it to simulate a missing install.
 * @throws {ConfigurationError} when the module is not installed or is not node-postgres.
 */
export async function loadPgDriver(importer: () => Promise<unknown> = () => import('pg')): Promise<PgDriver> {
  const pg = (await importOptionalModule(importer, {
    missing: `The Postgres state store needs the optional peer dependency pg 8, which is not installed: ${INSTALL_HINT}.`,
    broken: `The Postgres state store could not load pg: ${INSTALL_HINT}.`,
  })) as Partial<PgDriver> | null;
  if (typeof pg?.Pool !== 'function' || typeof pg.types?.getTypeParser !== 'function') {
    throw new ConfigurationError(`The module pg exports no Pool: ${INSTALL_HINT}.`);
  }
  return pg as PgDriver;
}
