/** The metered QBO calls a store keeps per company and month (docs/metering.md). */

import { checkFields, checkRecord, int, text } from './field-checks.js';

/** Metered QBO calls of one company in one calendar month, as Intuit counts them (docs/metering.md). */
export interface MeteredUsage {
  realmId: string;
  /** `YYYY-MM`, UTC. */
  month: string;
  /** Reads, queries and CDC calls answered 2xx (Intuit's metered "CorePlus" calls). */
  corePlus: number;
  /** Writes answered 2xx (Intuit's "Core" calls). */
  core: number;
  /** Epoch milliseconds of the last addition. */
  updatedAt: number;
}

/** Every company's metered QBO calls of one month in a store, summed (`StateStore.sumMeteredCalls`). */
export interface MeteredTotal {
  /** CorePlus calls of every company. */
  corePlus: number;
  /** Core calls of every company. */
  core: number;
  /** Companies with calls counted this month. */
  companies: number;
}

/**
 * What `StateStore.addMeteredCalls` returns: the company's usage after the add, and every company's
 * total of the month at that moment.
 */
export interface MeteredUsageAdded extends MeteredUsage {
  /**
   * Every company's calls of the month right after this add, this add included, read in the same
   * atomic step. Stores serialise those steps across processes, so the totals before and after one
   * add (`appTotal` less the add, and `appTotal`) never overlap another add's: a share of the
   * allowance is crossed by exactly one add, whichever process made it.
   */
  appTotal: MeteredTotal;
}

/** Calls to add to a month's {@link MeteredUsage}, and when. */
export interface MeteredCallsDelta {
  corePlus: number;
  core: number;
  /** Epoch milliseconds. */
  at: number;
}

/** Whether `month` is a month as the stores key it (`YYYY-MM`). */
function isMonth(month: unknown): boolean {
  return typeof month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
}

/**
 * Checks the month of `StateStore.sumMeteredCalls`.
 * @throws {StateStoreError} naming the month.
 */
export function checkMeteredMonth(month: string): void {
  checkFields(`metered calls of ${String(month)}`, { month }, { month: [isMonth, 'a month as YYYY-MM'] });
}

/** Sums `usages` (every company's of one month). */
export function meteredTotal(usages: Iterable<Pick<MeteredUsage, 'corePlus' | 'core'>>): MeteredTotal {
  const total = { corePlus: 0, core: 0, companies: 0 };
  for (const usage of usages) {
    total.corePlus += usage.corePlus;
    total.core += usage.core;
    total.companies += 1;
  }
  return total;
}

/**
 * Checks an addition to the metered usage before it is stored.
 * @throws {StateStoreError} naming the usage and the first bad field.
 */
export function checkMeteredCalls(realmId: string, month: string, calls: MeteredCallsDelta): void {
  const record = `metered calls ${String(realmId)} ${String(month)}`;
  checkFields(
    record,
    { realmId, month },
    {
      realmId: [text, 'a non-empty string'],
      month: [isMonth, 'a month as YYYY-MM'],
    },
  );
  checkRecord(record, calls, {
    corePlus: [int, 'a non-negative integer'],
    core: [int, 'a non-negative integer'],
    at: [int, 'epoch milliseconds'],
  });
}

/** `old` (or zero) plus `calls`: the usage an {@link StateStore.addMeteredCalls} stores. */
export function addedUsage(
  old: MeteredUsage | undefined,
  realmId: string,
  month: string,
  calls: MeteredCallsDelta,
): MeteredUsage {
  return {
    realmId,
    month,
    corePlus: (old?.corePlus ?? 0) + calls.corePlus,
    core: (old?.core ?? 0) + calls.core,
    updatedAt: Math.max(old?.updatedAt ?? 0, calls.at),
  };
}
