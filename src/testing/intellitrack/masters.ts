import {
  type Customer,
  type Item,
  ItemCreateSchema,
  ItemUpdateSchema,
  PartyCreateSchema,
  PartyUpdateSchema,
  type Vendor,
} from '../../intellitrack/schemas/index.js';
import { invalid, stateConflict } from './problem.js';
import { checkIfMatch, definedOnly, LABEL, mustGet, mustRef, parseBody } from './rules.js';
import type { EmulatorState } from './state.js';

/** Vendors or customers. */
export type PartyTable = 'vendors' | 'customers';

/**
 * Creates an item (`POST /items`).
 * @throws IntelliTrackProblem 422 (schema, unknown division or UOM), 409 (item or alternate number used)
 */
export function createItem(state: EmulatorState, body: unknown): Item {
  const input = parseBody(ItemCreateSchema, body, 'item');
  mustRef(state, { table: 'divisions', id: input.divisionId, pointer: '/divisionId' });
  assertUom(state, input.divisionId, input.uom);
  return state.insert('items', {
    ...input,
    alternateNumber: input.alternateNumber ?? null,
    category: input.category ?? null,
    model: input.model ?? null,
    manufacturer: input.manufacturer ?? null,
    trackLot: input.trackLot ?? false,
    trackSerial: input.trackSerial ?? false,
    trackExpiration: input.trackExpiration ?? false,
    externalRef: input.externalRef ?? null,
    origin: input.origin ?? 'intellitrack',
  });
}

/**
 * Changes an item (`PATCH /items/{id}`).
 * @throws IntelliTrackProblem 404, 412 (stale `If-Match`), 422, 409 (duplicate number)
 */
export function updateItem(state: EmulatorState, id: string, body: unknown, ifMatch?: string): Item {
  const current = mustGet(state, 'items', id);
  checkIfMatch(current, 'Item', ifMatch);
  const patch = definedOnly(parseBody(ItemUpdateSchema, body, `item ${id}`));
  if (patch.uom !== undefined) assertUom(state, current.divisionId, patch.uom);
  return state.update('items', current, patch as Partial<Item>);
}

/**
 * Deletes an item that no order, inventory record or adjustment refers to.
 * @throws IntelliTrackProblem 404, 412, 409 (in use)
 */
export function deleteItem(state: EmulatorState, id: string, ifMatch?: string): void {
  const current = mustGet(state, 'items', id);
  checkIfMatch(current, 'Item', ifMatch);
  const usedBy =
    state.table('inventory').find((r) => r.itemId === id) ??
    state.table('adjustments').find((r) => r.itemId === id) ??
    state.table('receiving-orders').find((o) => o.lines.some((l) => l.itemId === id)) ??
    state.table('picking-orders').find((o) => o.lines.some((l) => l.itemId === id));
  if (usedBy) throw stateConflict('in-use', `Item ${id} is used by ${usedBy.id}; make it inactive instead.`);
  state.remove('items', current);
}

/**
 * Creates a vendor or customer (`POST /vendors`, `POST /customers`).
 * @throws IntelliTrackProblem 422 (schema, unknown division), 409 (company name used)
 */
export function createParty(state: EmulatorState, table: PartyTable, body: unknown): Vendor | Customer {
  const input = parseBody(PartyCreateSchema, body, table === 'vendors' ? 'vendor' : 'customer');
  mustRef(state, { table: 'divisions', id: input.divisionId, pointer: '/divisionId' });
  return state.insert(table, {
    divisionId: input.divisionId,
    companyName: input.companyName,
    contactName: input.contactName ?? '',
    email: input.email ?? '',
    telephone: input.telephone ?? '',
    address1: input.address1 ?? '',
    address2: input.address2 ?? '',
    address3: input.address3 ?? '',
    city: input.city ?? '',
    state: input.state ?? '',
    zip: input.zip ?? '',
    country: input.country ?? '',
    accountNumber: input.accountNumber ?? '',
    shipTo: input.shipTo ?? [],
    active: input.active ?? true,
    externalRef: input.externalRef ?? null,
    origin: input.origin ?? 'intellitrack',
  });
}

/**
 * Changes a vendor or customer (`PATCH`).
 * @throws IntelliTrackProblem 404, 412, 422, 409 (company name used)
 */
export function updateParty(
  state: EmulatorState,
  target: { table: PartyTable; id: string },
  body: unknown,
  ifMatch?: string,
): Vendor | Customer {
  const current = mustGet(state, target.table, target.id);
  checkIfMatch(current, LABEL[target.table], ifMatch);
  const patch = definedOnly(parseBody(PartyUpdateSchema, body, `${LABEL[target.table]} ${target.id}`));
  return state.update(target.table, current, patch as Partial<Vendor>);
}

/**
 * Deletes a vendor or customer no order refers to.
 * @throws IntelliTrackProblem 404, 412, 409 (in use)
 */
export function deleteParty(state: EmulatorState, target: { table: PartyTable; id: string }, ifMatch?: string): void {
  const current = mustGet(state, target.table, target.id);
  checkIfMatch(current, LABEL[target.table], ifMatch);
  const usedBy =
    target.table === 'vendors'
      ? state.table('receiving-orders').find((o) => o.vendorId === target.id)
      : state.table('picking-orders').find((o) => o.customerId === target.id);
  if (usedBy) {
    throw stateConflict(
      'in-use',
      `${LABEL[target.table]} ${target.id} is used by order ${usedBy.id}; make it inactive instead.`,
    );
  }
  state.remove(target.table, current);
}

function assertUom(state: EmulatorState, divisionId: string, uom: string): void {
  const known = state.table('uoms').find((u) => u.divisionId === divisionId && u.code === uom);
  if (!known) {
    const detail = `unit of measure "${uom}" is not defined in division ${divisionId}`;
    throw invalid(`uom: ${detail}.`, [{ pointer: '/uom', detail }]);
  }
}
