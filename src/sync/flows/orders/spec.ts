import type { ItRecordOf } from '../../../intellitrack/api.js';
import type { OrderStatusTranslation } from '../../../mappers/status.js';
import type { EntityOf, QuerySpec } from '../../../qbo/api.js';
import type { FlowContext } from '../../context.js';
import type { PostBackOptions, ResolvedSettings } from '../../settings.js';

/** The QBO documents of orders. */
export type OrderQboEntity = 'PurchaseOrder' | 'Estimate';
/** The IntelliTrack resources of orders. */
export type OrderResource = 'receiving-orders' | 'picking-orders';
/** A QBO order document (PurchaseOrder or Estimate unless `N` says which). */
export type QboOrder<N extends OrderQboEntity = OrderQboEntity> = EntityOf<N>;
/** An IntelliTrack order (receiving or picking unless `R` says which). */
export type ItOrderRecord<R extends OrderResource = OrderResource> = ItRecordOf<R>;

/**
 * How one order kind (receiving or picking) flows between QBO documents `N` and IntelliTrack orders
 * `R`. Its mappers are the flow's typed mapper calls.
 */
export interface OrderSpec<N extends OrderQboEntity = OrderQboEntity, R extends OrderResource = OrderResource> {
  flow: 'receiving' | 'picking';
  entity: 'receivingOrder' | 'pickingOrder';
  resource: R;
  qboEntity: N;
  /** The query the flow reads its QBO documents with. */
  query: QuerySpec<N>;
  /** Key prefix of QBO-originated orders (`rcv` / `pck`) and of IntelliTrack-originated ones (`po` / `est`). */
  prefix: string;
  itPrefix: string;
  /** The IntelliTrack order body of a QBO document. @throws MappingError */
  toIt(ctx: FlowContext, doc: QboOrder<N>): Record<string, unknown>;
  /** The QBO document body of an IntelliTrack-originated order. @throws MappingError */
  toQbo(ctx: FlowContext, order: ItOrderRecord<R>): Record<string, unknown>;
  /** The post-back body (Bill / Invoice) of a closed order, linked to its QBO document. @throws MappingError */
  postBack(ctx: FlowContext, order: ItOrderRecord<R>, doc: QboOrder<N>): Record<string, unknown>;
  postBackEntity: 'Bill' | 'Invoice';
  /** Link data field that keeps the posted-back document's id. */
  resultField: 'billId' | 'invoiceId';
  partyRef: 'VendorRef' | 'CustomerRef';
  partyKind: 'vendor' | 'customer';
  partyField: 'vendorId' | 'customerId';
  /** Line field with the quantity done (received / picked). */
  doneQty: 'receivedQty' | 'pickedQty';
  translate: (record: Record<string, unknown>) => OrderStatusTranslation;
  options: (settings: ResolvedSettings) => Required<PostBackOptions>;
  /** Words for messages: "receiving", "picking". */
  work: string;
}

/** True when IntelliTrack has started work on the order (something received/picked, or closed). */
export function workStarted(spec: OrderSpec, order: Record<string, unknown>): boolean {
  if (order.status === 'Closed') return true;
  const lines = Array.isArray(order.lines) ? (order.lines as Record<string, unknown>[]) : [];
  return lines.some((l) => Number(l[spec.doneQty] ?? 0) > 0);
}

/** True when every line is done in full. */
export function fullyDone(spec: OrderSpec, order: Record<string, unknown>): boolean {
  const lines = Array.isArray(order.lines) ? (order.lines as Record<string, unknown>[]) : [];
  return lines.length > 0 && lines.every((l) => Number(l[spec.doneQty] ?? 0) >= Number(l.orderedQty ?? 0));
}

/** The IntelliTrack id of an order's vendor or customer. */
export function partyIdOf(spec: OrderSpec, order: Record<string, unknown>): string {
  return String(order[spec.partyField]);
}
