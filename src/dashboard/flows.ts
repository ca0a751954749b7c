import type { FlowName } from '../sync/context.js';
import { FLOW_OPERATIONS } from '../sync/scope.js';
import type { SyncEntity } from '../sync/state/store.js';

/** The flows in the order the page lists them (the order `syncAll` runs them). */
export const DASHBOARD_FLOWS: readonly FlowName[] = [
  'vendors',
  'customers',
  'items',
  'inventory',
  'receiving',
  'picking',
  'adjustments',
];

/** Button and heading text of each flow, as the Synchronization tab names them. */
export const FLOW_LABELS: Readonly<Record<FlowName, string>> = {
  vendors: 'Vendors',
  customers: 'Customers',
  items: 'Items',
  inventory: 'Import inventory',
  receiving: 'Receiving orders',
  picking: 'Picking orders',
  adjustments: 'Export inventory adjustments',
};

const FLOW_OF_ENTITY: Readonly<Record<SyncEntity, FlowName>> = {
  vendor: 'vendors',
  customer: 'customers',
  item: 'items',
  inventory: 'inventory',
  receivingOrder: 'receiving',
  pickingOrder: 'picking',
  adjustment: 'adjustments',
};

/** The flow that syncs `entity`. */
export function flowOfEntity(entity: SyncEntity): FlowName {
  return FLOW_OF_ENTITY[entity];
}

/** `value` as a flow name, or undefined. */
export function asFlowName(value: unknown): FlowName | undefined {
  return DASHBOARD_FLOWS.find((f) => f === value);
}

/** True when a run named `operation` ran `flow` (a one-flow run, `syncAll`, or a list of flows). */
export function runCovers(operation: string, flow: FlowName): boolean {
  if (operation === 'syncAll' || operation === FLOW_OPERATIONS[flow]) return true;
  return operation.startsWith('sync:') && operation.slice(5).split(',').includes(flow);
}
