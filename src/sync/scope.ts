import { InvalidArgumentError } from '../core/errors.js';
import type { QboEntityName } from '../qbo/api.js';
import type { Flow, FlowName } from './context.js';
import { adjustmentsFlow } from './flows/adjustments.js';
import { customersFlow } from './flows/customers.js';
import { inventoryFlow } from './flows/inventory.js';
import { itemsFlow } from './flows/items.js';
import { pickingFlow } from './flows/picking.js';
import { receivingFlow } from './flows/receiving.js';
import { vendorsFlow } from './flows/vendors.js';

/** What `sync(scope)` runs: every flow (`'all'`), one flow, or several flows (run in dependency order). */
export type SyncScope = 'all' | FlowName | readonly FlowName[];

/** Flows in dependency order (what `syncAll` runs). */
export const ALL_FLOWS: readonly Flow[] = [
  vendorsFlow,
  customersFlow,
  itemsFlow,
  inventoryFlow,
  receivingFlow,
  pickingFlow,
  adjustmentsFlow,
];

/** The operation name of each flow in reports and run history: the name of its Synchronizer method. */
export const FLOW_OPERATIONS: Readonly<Record<FlowName, string>> = Object.freeze({
  vendors: 'syncVendors',
  customers: 'syncCustomers',
  items: 'syncItems',
  inventory: 'importInventory',
  receiving: 'syncReceivingOrders',
  picking: 'syncPickingOrders',
  adjustments: 'exportInventoryAdjustments',
});

const FLOW_BY_QBO_ENTITY: Partial<Record<QboEntityName, Flow>> = {
  Vendor: vendorsFlow,
  Customer: customersFlow,
  Item: itemsFlow,
  PurchaseOrder: receivingFlow,
  Estimate: pickingFlow,
};

/**
 * The flows of `scope` in dependency order, with the operation name of the run.
 * @throws InvalidArgumentError naming an unknown flow (a caller without types), or for an empty list.
 */
export function flowsOfScope(scope: SyncScope): { operation: string; flows: readonly Flow[] } {
  if (scope === 'all') return { operation: 'syncAll', flows: ALL_FLOWS };
  const names: readonly string[] = typeof scope === 'string' ? [scope] : scope;
  const unknown = names.find((name) => !ALL_FLOWS.some((f) => f.name === name));
  const valid = ['all', ...ALL_FLOWS.map((f) => f.name)].join(', ');
  if (unknown !== undefined) throw new InvalidArgumentError(`Unknown sync scope "${unknown}"; use one of: ${valid}.`);
  if (names.length === 0) throw new InvalidArgumentError(`The sync scope names no flow; use one of: ${valid}.`);
  const flows = ALL_FLOWS.filter((f) => names.includes(f.name));
  const only = flows.length === 1 ? flows[0] : undefined;
  return { operation: only ? FLOW_OPERATIONS[only.name] : `sync:${flows.map((f) => f.name).join(',')}`, flows };
}

/** A scope as text: `all`, a flow name, or flow names joined by commas (a plan's `scope`). */
export function scopeText(scope: SyncScope): string {
  return typeof scope === 'string' ? scope : scope.join(',');
}

/** The flows reading any of `entities` (QBO entity names), in dependency order. */
export function flowsOfEntities(entities: readonly QboEntityName[]): readonly Flow[] {
  return ALL_FLOWS.filter((f) => entities.some((e) => FLOW_BY_QBO_ENTITY[e] === f));
}
