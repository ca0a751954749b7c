import type { QboRequestKind } from './types.js';

/**
 * What the fault injector knows about a request before it runs: enough to match it by method,
 * operation, entity and batch item, and to tell whether it replays a known `requestid`.
 */
export interface QboRequestInfo {
  method: string;
  kind: QboRequestKind;
  /** The entity of a single-entity call or query (`"Invoice"`), when known. */
  entity?: string | undefined;
  /** The items of a batch, in order, with their entity and operation (`"query"` for a query item). */
  items?: readonly { entity: string | undefined; operation: string }[] | undefined;
  /** True when the request is a write whose `requestid` QBO already answered: QBO replays that answer. */
  replay: boolean;
}

/**
 * Which requests a deterministic fault rule counts. Every field given must match.
 * For a batch, `operation` and `entity` match when one of its items has them (or `operation` is
 * `'batch'`).
 */
export interface QboRequestMatch {
  /** HTTP method, e.g. `'POST'` (case-insensitive). */
  method?: string;
  /** Request kind(s): `'create'`, `'update'`, `'delete'`, `'void'`, `'read'`, `'query'`, `'cdc'`, `'batch'`, `'token'`. */
  operation?: QboRequestKind | readonly QboRequestKind[];
  /** Entity name as QBO spells it, e.g. `'InventoryAdjustment'`. */
  entity?: string;
  /** `true`: batch requests only; `false`: never a batch. */
  batch?: boolean;
}

function kindsOf(match: QboRequestMatch): readonly QboRequestKind[] | undefined {
  if (match.operation === undefined) return undefined;
  return typeof match.operation === 'string' ? [match.operation] : match.operation;
}

/** Index of the first batch item `match` names (by entity and operation), or -1. */
export function matchingItem(match: QboRequestMatch, request: QboRequestInfo): number {
  const kinds = kindsOf(match);
  return (request.items ?? []).findIndex(
    (item) =>
      (match.entity === undefined || item.entity === match.entity) &&
      (kinds === undefined || kinds.includes('batch') || kinds.includes(item.operation as QboRequestKind)),
  );
}

/** True when `request` is one `match` counts. */
export function matchesRequest(match: QboRequestMatch, request: QboRequestInfo): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  const isBatch = request.kind === 'batch';
  if (match.batch !== undefined && match.batch !== isBatch) return false;
  if (isBatch && (match.entity !== undefined || match.operation !== undefined)) {
    return matchingItem(match, request) >= 0;
  }
  const kinds = kindsOf(match);
  if (kinds !== undefined && !kinds.includes(request.kind)) return false;
  return match.entity === undefined || match.entity === request.entity;
}
