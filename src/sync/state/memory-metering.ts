/** The metered QBO calls of the memory store: one JSON row per company and month (docs/metering.md). */

import { parse, type Table } from './memory-table.js';
import {
  addedUsage,
  type MeteredCallsDelta,
  type MeteredTotal,
  type MeteredUsage,
  type MeteredUsageAdded,
  meteredTotal,
} from './metered-usage.js';

const keyOf = (realmId: string, month: string): string => `${realmId}\u0000${month}`;

/** Metered calls kept in a table of the memory store (its transactions undo them). */
export class MemoryMeteredCalls {
  readonly #table: Table;

  constructor(table: Table) {
    this.#table = table;
  }

  /** Adds `calls` to the month's row (made at zero first) and returns the new totals with the month's sum. */
  add(realmId: string, month: string, calls: MeteredCallsDelta): MeteredUsageAdded {
    const key = keyOf(realmId, month);
    const usage = addedUsage(parse<MeteredUsage>(this.#table.rows.get(key)), realmId, month, calls);
    this.#table.set(key, JSON.stringify(usage));
    return { ...usage, appTotal: this.sum(month) };
  }

  /** The month's totals of `realmId`, if counted. */
  get(realmId: string, month: string): MeteredUsage | undefined {
    return parse<MeteredUsage>(this.#table.rows.get(keyOf(realmId, month)));
  }

  /** Every company's totals of `month`, summed. */
  sum(month: string): MeteredTotal {
    const usages = [...this.#table.rows.values()].map((row) => JSON.parse(row) as MeteredUsage);
    return meteredTotal(usages.filter((usage) => usage.month === month));
  }
}
