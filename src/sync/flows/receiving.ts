import { translatePoStatus } from '../../mappers/status.js';
import type { Flow } from '../context.js';
import { orderFlow } from './orders/flow.js';
import type { OrderSpec } from './orders/spec.js';

/** Receiving orders: QBO PurchaseOrders <-> IntelliTrack receiving orders; receipts post back as Bills. */
export const RECEIVING_SPEC: OrderSpec = {
  flow: 'receiving',
  entity: 'receivingOrder',
  resource: 'receiving-orders',
  qboEntity: 'PurchaseOrder',
  prefix: 'rcv',
  itPrefix: 'po',
  toItMapper: 'purchaseOrderToReceiving',
  toQboMapper: 'receivingToPurchaseOrder',
  postBackMapper: 'receiptToBill',
  postBackEntity: 'Bill',
  resultField: 'billId',
  sourceKey: 'purchaseOrder',
  partyRef: 'VendorRef',
  partyKind: 'vendor',
  partyField: 'vendorId',
  doneQty: 'receivedQty',
  translate: (record) => translatePoStatus(typeof record.POStatus === 'string' ? record.POStatus : undefined),
  options: (settings) => settings.receiving,
  work: 'receiving',
};

/**
 * `syncReceivingOrders`: open QBO PurchaseOrders -> IntelliTrack receiving orders (number = DocNumber);
 * IntelliTrack-originated orders -> QBO PurchaseOrders; a fully received, closed order posts back
 * as a Bill linked to the PO (exactly once, key `rcv:<itOrderId>:postback`). A PO closed or deleted
 * in QBO before receiving starts deletes the IntelliTrack order; after it starts, it is a conflict.
 */
export const receivingFlow: Flow = orderFlow(RECEIVING_SPEC);
