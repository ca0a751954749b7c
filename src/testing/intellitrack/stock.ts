import {
  type Adjustment,
  AdjustmentCreateSchema,
  AdjustmentExportSchema,
  InventoryLoadSchema,
  type InventoryRecord,
} from '../../intellitrack/schemas/index.js';
import { stateConflict } from './problem.js';
import { mustGet, mustRef, parseBody, roundQty } from './rules.js';
import type { EmulatorState, StockKey } from './state.js';

/** A change of stock at one location. */
export interface StockChange extends StockKey {
  siteId: string;
  /** Signed quantity. */
  delta: number;
  /** Work (receipts, picks) or an adjustment: they touch different counts on delayed-count sites. */
  kind: 'work' | 'adjust';
  /** Names the record and field in a problem, e.g. `"Picking order pck_1 line 2"`. */
  blame: string;
  pointer: string;
}

/**
 * Applies a stock change, creating the inventory record when needed.
 * @throws IntelliTrackProblem 409 when it would take stock below zero (unless allowed)
 */
export function changeStock(state: EmulatorState, change: StockChange): InventoryRecord {
  const site = mustGet(state, 'sites', change.siteId);
  const id = state.findStock(change);
  const current = id === undefined ? undefined : state.get('inventory', id);
  const onHand = current?.onHand ?? 0;
  const inventoried = current?.inventoried ?? 0;
  const moveOnHand = site.immediateCountUpdates || change.kind === 'adjust';
  const moveCount = site.immediateCountUpdates || change.kind === 'work';
  const next = {
    onHand: moveOnHand ? roundQty(onHand + change.delta) : onHand,
    inventoried: moveCount ? roundQty(inventoried + change.delta) : inventoried,
  };
  if (change.delta < 0 && !state.settings.allowNegativeStock && (next.onHand < 0 || next.inventoried < 0)) {
    const have = moveOnHand ? onHand : inventoried;
    throw stateConflict(
      'insufficient-stock',
      `${change.blame}: only ${have} of item ${change.itemId} at location ${change.locationId}, cannot take ${-change.delta}.`,
      change.pointer,
    );
  }
  if (current) return state.update('inventory', current, next);
  return state.insert('inventory', {
    itemId: change.itemId,
    siteId: change.siteId,
    locationId: change.locationId,
    lot: change.lot,
    serial: change.serial,
    expirationDate: change.expirationDate,
    ...next,
  });
}

/**
 * Resolves a site/location pair, checking the location belongs to the site and the site to `divisionId`.
 * @throws IntelliTrackProblem 422 naming the field
 */
export function resolveLocation(
  state: EmulatorState,
  where: { divisionId: string; siteId: string; locationId: string; pointer: string },
): void {
  mustRef(state, {
    table: 'sites',
    id: where.siteId,
    pointer: `${where.pointer}siteId`,
    test: (s) => (s.divisionId === where.divisionId ? null : `is not in division ${where.divisionId}`),
  });
  mustRef(state, {
    table: 'locations',
    id: where.locationId,
    pointer: `${where.pointer}locationId`,
    test: (l) => (l.siteId === where.siteId ? null : `is not in site ${where.siteId}`),
  });
}

/**
 * Loads stock of an item at a location (`POST /inventory`): sets it or adds to it.
 * @throws IntelliTrackProblem 422 (schema, unknown item/site/location), 409 (negative result)
 */
export function loadInventory(state: EmulatorState, body: unknown): InventoryRecord {
  const input = parseBody(InventoryLoadSchema, body, 'inventory load');
  const item = mustRef(state, { table: 'items', id: input.itemId, pointer: '/itemId' });
  resolveLocation(state, {
    divisionId: item.divisionId,
    siteId: input.siteId,
    locationId: input.locationId,
    pointer: '/',
  });
  const key = {
    itemId: item.id,
    locationId: input.locationId,
    lot: input.lot ?? null,
    serial: input.serial ?? null,
    expirationDate: input.expirationDate ?? null,
  };
  const existing = state.findStock(key);
  const current = existing === undefined ? undefined : state.get('inventory', existing);
  if (current && input.mode === 'set') {
    return state.update('inventory', current, { onHand: input.quantity, inventoried: input.quantity });
  }
  return changeStock(state, {
    ...key,
    siteId: input.siteId,
    delta: input.quantity,
    kind: 'adjust',
    blame: `Inventory load of item ${item.id}`,
    pointer: '/quantity',
  });
}

/**
 * Records an adjustment (`POST /adjustments`): changes On Hand, pending export.
 * @throws IntelliTrackProblem 422, 409 (would take stock below zero)
 */
export function createAdjustment(state: EmulatorState, body: unknown): Adjustment {
  const input = parseBody(AdjustmentCreateSchema, body, 'adjustment');
  mustRef(state, { table: 'divisions', id: input.divisionId, pointer: '/divisionId' });
  mustRef(state, {
    table: 'items',
    id: input.itemId,
    pointer: '/itemId',
    test: (i) => (i.divisionId === input.divisionId ? null : `is not in division ${input.divisionId}`),
  });
  resolveLocation(state, { ...input, pointer: '/' });
  changeStock(state, {
    itemId: input.itemId,
    siteId: input.siteId,
    locationId: input.locationId,
    lot: null,
    serial: null,
    expirationDate: null,
    delta: input.quantityChange,
    kind: 'adjust',
    blame: `Adjustment of item ${input.itemId}`,
    pointer: '/quantityChange',
  });
  return state.insert('adjustments', {
    ...input,
    reason: input.reason ?? '',
    occurredAt: input.occurredAt ?? state.now(),
    exportStatus: 'pending',
    externalRef: null,
    exportedAt: null,
  });
}

/**
 * Marks an adjustment exported (`POST /adjustments/{id}/export`). Idempotent: the same reference
 * again returns the record unchanged.
 * @throws IntelliTrackProblem 404, 422, 409 (already exported with another reference)
 */
export function exportAdjustment(state: EmulatorState, id: string, body: unknown): Adjustment {
  const input = parseBody(AdjustmentExportSchema, body, `export of adjustment ${id}`);
  const current = mustGet(state, 'adjustments', id);
  if (current.exportStatus === 'exported') {
    if (current.externalRef === input.externalRef) return current;
    throw stateConflict(
      'already-exported',
      `Adjustment ${id} was already exported as ${current.externalRef}, not ${input.externalRef}.`,
      '/externalRef',
    );
  }
  return state.update('adjustments', current, {
    exportStatus: 'exported',
    externalRef: input.externalRef,
    exportedAt: input.exportedAt ?? state.now(),
  });
}
