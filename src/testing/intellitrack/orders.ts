import {
  type PickingOrder,
  PickingOrderCreateSchema,
  PickingOrderUpdateSchema,
  type ReceivingOrder,
  ReceivingOrderCreateSchema,
  ReceivingOrderUpdateSchema,
} from '../../intellitrack/schemas/index.js';
import { invalid, stateConflict } from './problem.js';
import { checkIfMatch, definedOnly, LABEL, mustGet, mustRef, parseBody } from './rules.js';
import type { EmulatorState } from './state.js';

/** Receiving or picking orders. */
export type OrderTable = 'receiving-orders' | 'picking-orders';
/** A receiving or picking order. */
export type AnyOrder = ReceivingOrder | PickingOrder;

/** What differs between receiving and picking orders. */
export const ORDER_KIND = {
  'receiving-orders': {
    prefix: 'RCV',
    party: { table: 'vendors', field: 'vendorId' },
    done: 'receivedQty',
    money: { field: 'unitCost', fromItem: 'unitCost' },
    create: ReceivingOrderCreateSchema,
    update: ReceivingOrderUpdateSchema,
  },
  'picking-orders': {
    prefix: 'PCK',
    party: { table: 'customers', field: 'customerId' },
    done: 'pickedQty',
    money: { field: 'unitPrice', fromItem: 'unitPrice' },
    create: PickingOrderCreateSchema,
    update: PickingOrderUpdateSchema,
  },
} as const;

type LineInput = { lineNumber?: number | undefined; itemId: string; orderedQty: number; externalRef?: string | null };
type Line = Record<string, unknown> & { lineNumber: number; itemId: string; orderedQty: number };

/** Quantity already received or picked on a line. */
export function doneQty(table: OrderTable, line: object): number {
  return (line as Record<string, number>)[ORDER_KIND[table].done] ?? 0;
}

/**
 * Creates an order; numbers it with the kind's prefix when `orderNumber` is omitted.
 * @throws IntelliTrackProblem 422 (schema, unknown division, party or item), 409 (order number used)
 */
export function createOrder(state: EmulatorState, table: OrderTable, body: unknown): AnyOrder {
  const kind = ORDER_KIND[table];
  const input = parseBody(kind.create, body, LABEL[table].toLowerCase()) as Record<string, unknown> & {
    divisionId: string;
    orderNumber?: string;
    lines: LineInput[];
  };
  mustRef(state, { table: 'divisions', id: input.divisionId, pointer: '/divisionId' });
  checkParty(state, table, input.divisionId, input[kind.party.field] as string);
  const fields = {
    ...input,
    orderNumber: input.orderNumber ?? autoNumber(state, table, input.divisionId),
    dueDate: input.dueDate ?? null,
    shipTo: input.shipTo ?? null,
    carrier: input.carrier ?? '',
    status: 'Open',
    closedAt: null,
    externalRef: input.externalRef ?? null,
    origin: input.origin ?? 'intellitrack',
    lines: buildLines(state, { table, divisionId: input.divisionId, inputs: input.lines, previous: [] }),
    ...(table === 'picking-orders' ? { allocateInventory: input.allocateInventory ?? false } : {}),
  };
  return state.insert(table, fields as unknown as Omit<ReceivingOrder, 'id'>);
}

/**
 * Changes an open order; `lines` replaces all lines, keeping work done on lines it keeps.
 * @throws IntelliTrackProblem 404, 412, 409 (closed, or removes a line with work done), 422
 */
export function updateOrder(
  state: EmulatorState,
  target: { table: OrderTable; id: string },
  body: unknown,
  ifMatch?: string,
): AnyOrder {
  const { table, id } = target;
  const current = mustGet(state, table, id);
  checkIfMatch(current, LABEL[table], ifMatch);
  if (current.status === 'Closed')
    throw stateConflict('order-closed', `${LABEL[table]} ${id} is closed; reopen it to edit it.`);
  const patch = definedOnly(parseBody(ORDER_KIND[table].update, body, `${LABEL[table]} ${id}`)) as Record<
    string,
    unknown
  > & { lines?: LineInput[] };
  const partyField = ORDER_KIND[table].party.field;
  if (patch[partyField] !== undefined) checkParty(state, table, current.divisionId, patch[partyField] as string);
  if (patch.lines) {
    const previous = current.lines as unknown as Line[];
    patch.lines = buildLines(state, { table, divisionId: current.divisionId, inputs: patch.lines, previous }) as never;
    if (isFullyDone(table, patch.lines as unknown as Line[])) Object.assign(patch, closing(state));
  }
  return state.update(table, current, patch as Partial<ReceivingOrder>);
}

/**
 * Deletes an order on which no work was done.
 * @throws IntelliTrackProblem 404, 412, 409 (received or picked quantities recorded)
 */
export function deleteOrder(state: EmulatorState, target: { table: OrderTable; id: string }, ifMatch?: string): void {
  const current = mustGet(state, target.table, target.id);
  checkIfMatch(current, LABEL[target.table], ifMatch);
  if (current.lines.some((l) => doneQty(target.table, l) > 0)) {
    throw stateConflict('work-done', `${LABEL[target.table]} ${target.id} has work recorded and cannot be deleted.`);
  }
  state.remove(target.table, current);
}

/** Closes an open order by hand; an order already closed is returned unchanged. */
export function closeOrder(state: EmulatorState, table: OrderTable, id: string): AnyOrder {
  const current = mustGet(state, table, id);
  if (current.status === 'Closed') return current;
  return state.update(table, current, closing(state));
}

/** Reopens a closed order; an order already open is returned unchanged. */
export function reopenOrder(state: EmulatorState, table: OrderTable, id: string): AnyOrder {
  const current = mustGet(state, table, id);
  if (current.status === 'Open') return current;
  return state.update(table, current, { status: 'Open', closedAt: null });
}

/** The fields that close an order now. */
export function closing(state: EmulatorState): { status: 'Closed'; closedAt: string } {
  return { status: 'Closed', closedAt: state.now() };
}

/** True when every line has received/picked at least what was ordered. */
export function isFullyDone(table: OrderTable, lines: readonly object[]): boolean {
  return lines.every((l) => doneQty(table, l) >= (l as Line).orderedQty);
}

function checkParty(state: EmulatorState, table: OrderTable, divisionId: string, partyId: string): void {
  const { party } = ORDER_KIND[table];
  mustRef(state, {
    table: party.table,
    id: partyId,
    pointer: `/${party.field}`,
    test: (p) => (p.divisionId === divisionId ? null : `is not in division ${divisionId}`),
  });
}

function autoNumber(state: EmulatorState, table: OrderTable, divisionId: string): string {
  const { prefix } = ORDER_KIND[table];
  for (;;) {
    const candidate = `${prefix}${String(state.nextNumber(`${table}:${divisionId}`)).padStart(6, '0')}`;
    const probe = { id: '', divisionId, orderNumber: candidate } as unknown as ReceivingOrder;
    try {
      state.assertUnique(table, probe);
      return candidate;
    } catch {
      // a number typed by hand already took this one: try the next
    }
  }
}

function buildLines(
  state: EmulatorState,
  spec: { table: OrderTable; divisionId: string; inputs: readonly LineInput[]; previous: readonly Line[] },
): Line[] {
  const { table } = spec;
  const { done, money } = ORDER_KIND[table];
  const seen = new Set<number>();
  const lines = spec.inputs.map((input, i) => {
    const pointer = `/lines/${i}`;
    const item = mustRef(state, {
      table: 'items',
      id: input.itemId,
      pointer: `${pointer}/itemId`,
      test: (it) => (it.divisionId === spec.divisionId ? null : `is not in division ${spec.divisionId}`),
    });
    const lineNumber = input.lineNumber ?? i + 1;
    if (seen.has(lineNumber)) throw lineProblem(`${pointer}/lineNumber`, `line number ${lineNumber} is used twice`);
    seen.add(lineNumber);
    const before = spec.previous.find((l) => l.lineNumber === lineNumber);
    const already = before ? doneQty(table, before) : 0;
    if (before && already > 0 && before.itemId !== input.itemId) {
      throw stateConflict(
        'work-done',
        `Line ${lineNumber} has work recorded; its item cannot change.`,
        `${pointer}/itemId`,
      );
    }
    if (input.orderedQty < already) {
      throw lineProblem(`${pointer}/orderedQty`, `ordered quantity is below the ${already} already done`);
    }
    const price = (input as Record<string, unknown>)[money.field] ?? item[money.fromItem];
    return {
      ...input,
      lineNumber,
      [done]: already,
      [money.field]: price,
      externalRef: input.externalRef ?? null,
    } as Line;
  });
  const dropped = spec.previous.find((l) => doneQty(table, l) > 0 && !seen.has(l.lineNumber));
  if (dropped) {
    throw stateConflict('work-done', `Line ${dropped.lineNumber} has work recorded and cannot be removed.`, '/lines');
  }
  return lines;
}

function lineProblem(pointer: string, detail: string) {
  return invalid(`${pointer.slice(1)}: ${detail}.`, [{ pointer, detail }]);
}
