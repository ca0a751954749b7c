/**
 * What Intuit meters under its App Partner Program: data-out calls (reads, queries, CDC, reports:
 * "CorePlus") are counted per company per month against the tier's allowance; data-in calls
 * (creates, updates, deletes, voids: "Core") are not billed but are counted here too. Only answers
 * in 2xx count, and each operation inside a batch request counts like the single call it stands for.
 * See docs/metering.md.
 */
import type { BatchOperation, BatchResult } from './api.js';

/** Intuit's two call categories: `corePlus` (data out, metered) and `core` (data in). */
export type MeteredCategory = 'corePlus' | 'core';

/** Calls counted by category. */
export interface MeteredCounts {
  /** Reads, queries and CDC calls answered 2xx (Intuit's metered "CorePlus" calls). */
  corePlus: number;
  /** Creates, updates, deletes and voids answered 2xx (Intuit's "Core" calls). */
  core: number;
}

/** One call (or the 2xx operations of one batch request) as {@link QboClientOptions.onMetered} reports it. */
export interface MeteredCall {
  realmId: string;
  category: MeteredCategory;
  /** How many metered calls it counts: 1, or the successful operations of that category in a batch. */
  count: number;
}

/** The free Builder tier's monthly CorePlus allowance per company. */
export const DEFAULT_MONTHLY_ALLOWANCE = 500_000;

/** Zero of each category. */
export function emptyMeteredCounts(): MeteredCounts {
  return { corePlus: 0, core: 0 };
}

/** The category of one batch operation: a query reads (CorePlus), anything else writes (Core). */
export function batchOperationCategory(operation: BatchOperation): MeteredCategory {
  return operation.operation === 'query' ? 'corePlus' : 'core';
}

/** The metered calls of a batch request's answer: one per successful operation, by category. */
export function meteredOfBatch(operations: readonly BatchOperation[], results: readonly BatchResult[]): MeteredCounts {
  const counts = emptyMeteredCounts();
  for (const [index, result] of results.entries()) {
    const operation = operations[index];
    if (result.ok && operation) counts[batchOperationCategory(operation)] += 1;
  }
  return counts;
}

/** Adds `more` into `into` and returns it. */
export function addMeteredCounts(into: MeteredCounts, more: Readonly<MeteredCounts>): MeteredCounts {
  into.corePlus += more.corePlus;
  into.core += more.core;
  return into;
}

/**
 * The calendar month (UTC) a call at `epochMs` is counted in, as `YYYY-MM`. Intuit's usage chart
 * resets monthly; the SDK counts by UTC calendar month.
 */
export function meteringMonth(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
