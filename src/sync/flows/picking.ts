import { translateEstimateStatus } from '../../mappers/status.js';
import type { Flow } from '../context.js';
import { orderFlow } from './orders/flow.js';
import type { OrderSpec } from './orders/spec.js';

/** Picking orders: QBO Estimates <-> IntelliTrack picking orders; picks post back as Invoices. */
export const PICKING_SPEC: OrderSpec = {
  flow: 'picking',
  entity: 'pickingOrder',
  resource: 'picking-orders',
  qboEntity: 'Estimate',
  prefix: 'pck',
  itPrefix: 'est',
  toItMapper: 'estimateToPicking',
  toQboMapper: 'pickingToEstimate',
  postBackMapper: 'pickToInvoice',
  postBackEntity: 'Invoice',
  resultField: 'invoiceId',
  sourceKey: 'estimate',
  partyRef: 'CustomerRef',
  partyKind: 'customer',
  partyField: 'customerId',
  doneQty: 'pickedQty',
  translate: (record) => translateEstimateStatus(typeof record.TxnStatus === 'string' ? record.TxnStatus : undefined),
  options: (settings) => settings.picking,
  work: 'picking',
};

/**
 * `syncPickingOrders`: Accepted QBO Estimates -> open IntelliTrack picking orders; IntelliTrack-
 * originated orders -> QBO Estimates; a fully picked, closed order posts back as an Invoice linked
 * to the estimate (key `pck:<itOrderId>:postback`). A Rejected/Closed estimate before picking starts
 * deletes the IntelliTrack order; after it starts, it is a conflict.
 */
export const pickingFlow: Flow = orderFlow(PICKING_SPEC);
