/** The metered QBO calls table of the SQLite store (schema 5): one row per company and month. */

import type BetterSqlite3 from 'better-sqlite3';
import {
  checkMeteredMonth,
  type MeteredCallsDelta,
  type MeteredTotal,
  type MeteredUsage,
  type MeteredUsageAdded,
} from '../sync/state/store.js';

/** Schema 5: metered QBO calls per company per calendar month. */
export const METERING_MIGRATION = `
  CREATE TABLE metered_calls (
    realm_id TEXT NOT NULL,
    month TEXT NOT NULL,
    core_plus INTEGER NOT NULL,
    core INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (realm_id, month)
  ) STRICT;
  `;

const COLUMNS = 'realm_id, month, core_plus, core, updated_at';

/** The metering statements of one connection. */
export class MeteringStatements {
  readonly #add: BetterSqlite3.Statement;
  readonly #get: BetterSqlite3.Statement;
  readonly #sum: BetterSqlite3.Statement;

  constructor(db: BetterSqlite3.Database) {
    this.#add = db.prepare(
      `INSERT INTO metered_calls (${COLUMNS}) VALUES (@realm_id, @month, @core_plus, @core, @at)
       ON CONFLICT (realm_id, month) DO UPDATE SET core_plus = core_plus + excluded.core_plus,
         core = core + excluded.core, updated_at = max(updated_at, excluded.updated_at)`,
    );
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM metered_calls WHERE realm_id = ? AND month = ?`);
    this.#sum = db.prepare(
      'SELECT coalesce(sum(core_plus), 0) AS core_plus, coalesce(sum(core), 0) AS core, count(*) AS companies FROM metered_calls WHERE month = ?',
    );
  }

  /** Every company's totals of `month`, summed. @throws {StateStoreError} when `month` is not `YYYY-MM`. */
  sum(month: string): MeteredTotal {
    checkMeteredMonth(month);
    return totalFromRow(this.#sum.get(month) as Record<string, unknown>);
  }

  /**
   * Adds `calls` to the month's row (made at zero first) and returns the new totals with the month's
   * sum; run it in a write transaction, which holds the database's write lock against other processes.
   */
  add(realmId: string, month: string, calls: MeteredCallsDelta): MeteredUsageAdded {
    this.#add.run({ realm_id: realmId, month, core_plus: calls.corePlus, core: calls.core, at: calls.at });
    return { ...(this.get(realmId, month) as MeteredUsage), appTotal: this.sum(month) };
  }

  /** The month's totals, if counted. */
  get(realmId: string, month: string): MeteredUsage | undefined {
    const row = this.#get.get(realmId, month) as Record<string, unknown> | undefined;
    return row && usageFromRow(row);
  }
}

/** The sum of a month's `metered_calls` rows (the same query in SQLite and Postgres). */
export function totalFromRow(row: Record<string, unknown>): MeteredTotal {
  return { corePlus: Number(row.core_plus), core: Number(row.core), companies: Number(row.companies) };
}

/** The usage stored in a `metered_calls` row (the same columns in SQLite and Postgres). */
export function usageFromRow(row: Record<string, unknown>): MeteredUsage {
  return {
    realmId: row.realm_id as string,
    month: row.month as string,
    corePlus: row.core_plus as number,
    core: row.core as number,
    updatedAt: row.updated_at as number,
  };
}
