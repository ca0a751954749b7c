import type { OrderStatus } from '../intellitrack/schemas/common.js';

/**
 * Status translation between QBO and IntelliTrack, in both directions. IntelliTrack orders are only
 * ever Open or Closed; QBO purchase orders are Open or Closed; QBO estimates are Pending, Accepted,
 * Closed or Rejected. A value outside these tables is kept as it is and reported (`known: false`),
 * never coerced to a neighbour.
 */

/** What the sync engine should do with an IntelliTrack order, given its QBO document's status. */
export type OrderDisposition =
  /** Create or update the IntelliTrack order (PO Open, Estimate Accepted). */
  | 'sync'
  /** Not an order for the warehouse yet (Estimate Pending). */
  | 'wait'
  /**
   * The QBO document was closed or rejected: delete the IntelliTrack order if work has not started,
   * otherwise report a conflict.
   */
  | 'withdraw';

/** A translated status: `known` is false when the source value is not in the table. */
export type StatusTranslation<T> =
  | { known: true; source: string; value: T }
  | { known: false; source: string; value: string };

/** A QBO status translated to an IntelliTrack status plus the sync disposition. */
export type OrderStatusTranslation =
  | { known: true; source: string; value: OrderStatus | null; disposition: OrderDisposition }
  | { known: false; source: string; value: string; disposition: null };

/** QBO `POStatus` -> IntelliTrack receiving order status. */
export const PO_STATUS_TO_RECEIVING = Object.freeze({
  Open: { value: 'Open', disposition: 'sync' },
  Closed: { value: 'Closed', disposition: 'withdraw' },
} as const satisfies Record<string, { value: OrderStatus | null; disposition: OrderDisposition }>);

/** IntelliTrack receiving order status -> QBO `POStatus`. */
export const RECEIVING_TO_PO_STATUS = Object.freeze({ Open: 'Open', Closed: 'Closed' } as const);

/** QBO Estimate `TxnStatus` -> IntelliTrack picking order status. */
export const ESTIMATE_STATUS_TO_PICKING = Object.freeze({
  Pending: { value: null, disposition: 'wait' },
  Accepted: { value: 'Open', disposition: 'sync' },
  Closed: { value: 'Closed', disposition: 'withdraw' },
  Rejected: { value: 'Closed', disposition: 'withdraw' },
} as const satisfies Record<string, { value: OrderStatus | null; disposition: OrderDisposition }>);

/**
 * IntelliTrack picking order status -> QBO Estimate `TxnStatus`. An IntelliTrack picking order is a
 * confirmed order, so an open one is an Accepted estimate.
 */
export const PICKING_TO_ESTIMATE_STATUS = Object.freeze({ Open: 'Accepted', Closed: 'Closed' } as const);

function fromTable(
  table: Readonly<Record<string, { value: OrderStatus | null; disposition: OrderDisposition }>>,
  source: string,
): OrderStatusTranslation {
  const hit = Object.hasOwn(table, source) ? table[source] : undefined;
  if (hit === undefined) return { known: false, source, value: source, disposition: null };
  return { known: true, source, value: hit.value, disposition: hit.disposition };
}

function toQbo<T extends string>(table: Readonly<Record<OrderStatus, T>>, source: string): StatusTranslation<T> {
  const hit = Object.hasOwn(table, source) ? table[source as OrderStatus] : undefined;
  return hit === undefined ? { known: false, source, value: source } : { known: true, source, value: hit };
}

/**
 * Translates a QBO PurchaseOrder `POStatus`. QBO omits it on some reads; a missing status is Open.
 * @example
 * translatePoStatus('Closed'); // { known: true, value: 'Closed', disposition: 'withdraw', source: 'Closed' }
 */
export function translatePoStatus(poStatus: string | undefined): OrderStatusTranslation {
  return fromTable(PO_STATUS_TO_RECEIVING, poStatus ?? 'Open');
}

/** Translates an IntelliTrack receiving order status to a QBO `POStatus`. */
export function translateReceivingStatus(status: string): StatusTranslation<'Open' | 'Closed'> {
  return toQbo(RECEIVING_TO_PO_STATUS, status);
}

/**
 * Translates a QBO Estimate `TxnStatus`. A missing status is Pending, QBO's default for a new estimate.
 * @example
 * translateEstimateStatus('Accepted'); // { known: true, value: 'Open', disposition: 'sync', source: 'Accepted' }
 * translateEstimateStatus('Converted'); // { known: false, value: 'Converted', disposition: null, ... }
 */
export function translateEstimateStatus(txnStatus: string | undefined): OrderStatusTranslation {
  return fromTable(ESTIMATE_STATUS_TO_PICKING, txnStatus ?? 'Pending');
}

/** Translates an IntelliTrack picking order status to a QBO Estimate `TxnStatus`. */
export function translatePickingStatus(status: string): StatusTranslation<'Accepted' | 'Closed'> {
  return toQbo(PICKING_TO_ESTIMATE_STATUS, status);
}
