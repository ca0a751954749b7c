import { OrderWorkSchema } from '../../intellitrack/schemas/index.js';
import { type AnyOrder, closing, doneQty, isFullyDone, ORDER_KIND, type OrderTable } from './orders.js';
import { invalid, stateConflict } from './problem.js';
import { LABEL, mustGet, mustRef, parseBody, roundQty } from './rules.js';
import type { EmulatorState } from './state.js';
import { changeStock } from './stock.js';

interface Planned {
  index: number;
  lineNumber: number;
  itemId: string;
  quantity: number;
  siteId: string;
  locationId: string;
  lot: string | null;
  serial: string | null;
}

/**
 * Records received (receiving orders) or picked (picking orders) quantities on an open order and
 * moves stock: receipts raise it, picks lower it, at the given location or the division's default
 * site's default location. The order closes itself when every line is done. All lines or none apply.
 * @throws IntelliTrackProblem 404, 409 (closed order, inactive item received, insufficient stock),
 *   422 (unknown line or location, more than the open quantity)
 */
export function recordWork(state: EmulatorState, table: OrderTable, id: string, body: unknown): AnyOrder {
  const order = mustGet(state, table, id);
  const label = `${LABEL[table]} ${id}`;
  if (order.status === 'Closed') throw stateConflict('order-closed', `${label} is closed; reopen it first.`);
  const work = parseBody(OrderWorkSchema, body, `${table === 'receiving-orders' ? 'receipt' : 'pick'} on ${label}`);
  const planned = work.lines.map((line, index) => plan(state, { table, order, index, line }));
  checkOpenQuantities(table, order, planned);
  if (table === 'picking-orders') checkStock(state, label, planned);
  const sign = table === 'receiving-orders' ? 1 : -1;
  for (const p of planned) {
    changeStock(state, {
      itemId: p.itemId,
      siteId: p.siteId,
      locationId: p.locationId,
      lot: p.lot,
      serial: p.serial,
      expirationDate: null,
      delta: sign * p.quantity,
      kind: 'work',
      blame: `${label} line ${p.lineNumber}`,
      pointer: `/lines/${p.index}/quantity`,
    });
  }
  const done = ORDER_KIND[table].done;
  const lines = order.lines.map((l) => {
    const added = planned.filter((p) => p.lineNumber === l.lineNumber).reduce((sum, p) => sum + p.quantity, 0);
    return added === 0 ? l : { ...l, [done]: roundQty(doneQty(table, l) + added) };
  });
  const patch = { lines, ...(isFullyDone(table, lines) ? closing(state) : {}) };
  return state.update(table, order, patch as Partial<AnyOrder>);
}

function plan(
  state: EmulatorState,
  args: {
    table: OrderTable;
    order: AnyOrder;
    index: number;
    line: {
      lineNumber: number;
      quantity: number;
      locationId?: string | undefined;
      lot?: string | undefined;
      serial?: string | undefined;
    };
  },
): Planned {
  const { table, order, index, line } = args;
  const pointer = `/lines/${index}`;
  const target = order.lines.find((l) => l.lineNumber === line.lineNumber);
  if (!target) throw lineProblem(`${pointer}/lineNumber`, `order ${order.id} has no line ${line.lineNumber}`);
  const item = mustGet(state, 'items', target.itemId);
  if (table === 'receiving-orders' && !item.active) {
    throw stateConflict(
      'item-inactive',
      `Receiving order ${order.id} line ${line.lineNumber}: item ${item.id} is inactive and cannot be received.`,
      `${pointer}/lineNumber`,
    );
  }
  const locationId = line.locationId ?? defaultLocation(state, order.divisionId, `${pointer}/locationId`);
  const location = mustRef(state, {
    table: 'locations',
    id: locationId,
    pointer: `${pointer}/locationId`,
    test: (l) => (state.get('sites', l.siteId)?.divisionId === order.divisionId ? null : 'is not in this division'),
  });
  return {
    index,
    lineNumber: line.lineNumber,
    itemId: item.id,
    quantity: line.quantity,
    siteId: location.siteId,
    locationId,
    lot: line.lot ?? null,
    serial: line.serial ?? null,
  };
}

function checkOpenQuantities(table: OrderTable, order: AnyOrder, planned: readonly Planned[]): void {
  const added = new Map<number, number>();
  for (const p of planned) {
    const total = roundQty((added.get(p.lineNumber) ?? 0) + p.quantity);
    added.set(p.lineNumber, total);
    const line = order.lines.find((l) => l.lineNumber === p.lineNumber);
    const open = line ? roundQty(line.orderedQty - doneQty(table, line)) : 0;
    if (total > open) {
      throw lineProblem(`/lines/${p.index}/quantity`, `line ${p.lineNumber} has only ${open} left to do, not ${total}`);
    }
  }
}

function checkStock(state: EmulatorState, label: string, planned: readonly Planned[]): void {
  if (state.settings.allowNegativeStock) return;
  const wanted = new Map<string, { p: Planned; qty: number }>();
  for (const p of planned) {
    const key = [p.itemId, p.locationId, p.lot ?? '', p.serial ?? ''].join('|');
    const entry = wanted.get(key) ?? { p, qty: 0 };
    entry.qty = roundQty(entry.qty + p.quantity);
    wanted.set(key, entry);
  }
  for (const { p, qty } of wanted.values()) {
    const id = state.findStock({ ...p, expirationDate: null });
    const record = id === undefined ? undefined : state.get('inventory', id);
    const site = state.get('sites', p.siteId);
    const have = (site?.immediateCountUpdates ? record?.onHand : record?.inventoried) ?? 0;
    if (have < qty) {
      throw stateConflict(
        'insufficient-stock',
        `${label} line ${p.lineNumber}: only ${have} of item ${p.itemId} at location ${p.locationId}, cannot pick ${qty}.`,
        `/lines/${p.index}/quantity`,
      );
    }
  }
}

function defaultLocation(state: EmulatorState, divisionId: string, pointer: string): string {
  const division = mustGet(state, 'divisions', divisionId);
  const site = division.defaultSiteId === null ? undefined : state.get('sites', division.defaultSiteId);
  if (!site?.defaultLocationId) {
    throw lineProblem(pointer, `division ${divisionId} has no default site/location; give a locationId`);
  }
  return site.defaultLocationId;
}

function lineProblem(pointer: string, detail: string) {
  return invalid(`${pointer.slice(1)}: ${detail}.`, [{ pointer, detail }]);
}
