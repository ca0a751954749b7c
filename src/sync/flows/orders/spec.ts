import type { OrderStatusTranslation } from '../../../mappers/status.js';
import type { PostBackOptions, ResolvedSettings } from '../../settings.js';

/** How one order kind (receiving or picking) flows between QBO and IntelliTrack. */
export interface OrderSpec {
  flow: 'receiving' | 'picking';
  entity: 'receivingOrder' | 'pickingOrder';
  resource: 'receiving-orders' | 'picking-orders';
  qboEntity: 'PurchaseOrder' | 'Estimate';
  /** Key prefix of QBO-originated orders (`rcv` / `pck`) and of IntelliTrack-originated ones (`po` / `est`). */
  prefix: string;
  itPrefix: string;
  toItMapper: 'purchaseOrderToReceiving' | 'estimateToPicking';
  toQboMapper: 'receivingToPurchaseOrder' | 'pickingToEstimate';
  postBackMapper: 'receiptToBill' | 'pickToInvoice';
  postBackEntity: 'Bill' | 'Invoice';
  /** Link data field that keeps the posted-back document's id. */
  resultField: 'billId' | 'invoiceId';
  /** Name of the QBO document in the post-back mapper's source. */
  sourceKey: 'purchaseOrder' | 'estimate';
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
