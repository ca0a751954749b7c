import type { QuerySpec } from '../../qbo/api.js';
import type { Flow } from '../context.js';
import { CUSTOMER_SPEC } from '../flows/customers.js';
import { ITEM_SPEC } from '../flows/items.js';
import { PICKING_SPEC } from '../flows/picking.js';
import { RECEIVING_SPEC } from '../flows/receiving.js';
import { VENDOR_SPEC } from '../flows/vendors.js';

/** A QBO entity a flow reads. */
export type FlowQboEntity = Flow['qboEntities'][number];

/**
 * The query each flow reads its QBO entity with. The flows read with exactly these specs, and a run
 * prefetches with them (one CDC call, or one batch with each entity's `COUNT(*)` and first page),
 * so what was prefetched is what the flow would have read.
 */
export const QBO_READ_QUERIES: Readonly<Record<FlowQboEntity, QuerySpec>> = {
  Vendor: VENDOR_SPEC.query,
  Customer: CUSTOMER_SPEC.query,
  Item: ITEM_SPEC.query,
  PurchaseOrder: RECEIVING_SPEC.query,
  Estimate: PICKING_SPEC.query,
};

/** The read queries of `flows`, in flow order, one per QBO entity. */
export function readQueries(flows: readonly Flow[]): QuerySpec[] {
  const entities = new Set(flows.flatMap((f) => f.qboEntities));
  return [...entities].map((entity) => QBO_READ_QUERIES[entity]);
}
