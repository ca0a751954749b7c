import type { z } from 'zod';
import { fromZodError, invalid, notFound, staleVersion } from './problem.js';
import type { EmulatorState, IntelliTrackRecords, IntelliTrackTable } from './state.js';

/** Human label of each table, for messages. */
export const LABEL: Record<IntelliTrackTable, string> = {
  divisions: 'Division',
  sites: 'Site',
  locations: 'Location',
  uoms: 'Unit of measure',
  items: 'Item',
  vendors: 'Vendor',
  customers: 'Customer',
  'receiving-orders': 'Receiving order',
  'picking-orders': 'Picking order',
  adjustments: 'Adjustment',
  inventory: 'Inventory record',
};

/**
 * Parses `body` with a contract schema.
 * @throws IntelliTrackProblem 422 listing every field that failed, as JSON Pointers
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw fromZodError(what, result.error);
  return result.data;
}

/** Copies `patch` without keys whose value is `undefined`. */
export function definedOnly<T extends object>(patch: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * The record `id` of `table`.
 * @throws IntelliTrackProblem 404 when it does not exist
 */
export function mustGet<T extends IntelliTrackTable>(
  state: EmulatorState,
  table: T,
  id: string,
): IntelliTrackRecords[T] {
  const record = state.get(table, id);
  if (!record) throw notFound(LABEL[table], id);
  return record;
}

/**
 * The record a body field refers to.
 * @throws IntelliTrackProblem 422 naming `pointer` when it does not exist (or `test` rejects it)
 */
export function mustRef<T extends IntelliTrackTable>(
  state: EmulatorState,
  ref: { table: T; id: string; pointer: string; test?: (r: IntelliTrackRecords[T]) => string | null },
): IntelliTrackRecords[T] {
  const record = state.get(ref.table, ref.id);
  const problem = record ? (ref.test?.(record) ?? null) : 'does not exist';
  if (!record || problem) {
    const detail = `${LABEL[ref.table]} ${ref.id} ${problem}`;
    throw invalid(`${ref.pointer.slice(1)}: ${detail}.`, [{ pointer: ref.pointer, detail }]);
  }
  return record;
}

/**
 * Checks an `If-Match` header (`"3"`, `W/"3"`, `3` or `*`) against the stored version.
 * @throws IntelliTrackProblem 412 when it names another version
 */
export function checkIfMatch(record: { id: string; version: number }, what: string, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const versions = ifMatch.split(',').map((v) => v.trim().replace(/^W\//, '').replaceAll('"', ''));
  if (!versions.includes(String(record.version))) throw staleVersion(`${what} ${record.id}`, ifMatch, record.version);
}

/** A value with at most 4 decimals, as IntelliTrack keeps quantities. */
export function roundQty(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
