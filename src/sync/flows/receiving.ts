import { translatePoStatus } from '../../mappers/status.js';
import { type Flow, type FlowContext, runMapper } from '../context.js';
import type { PlanStep } from '../plan/steps.js';
import { itWatermarkKey } from '../read/sources.js';
import {
  itCreates,
  itEdits,
  newNoted,
  noteItPage,
  planQboPage,
  postBacks,
  readQboOrders,
  retryOrder,
  withdrawals,
} from './orders/flow.js';
import { newSeen } from './orders/merge.js';
import type { OrderSpec } from './orders/spec.js';
import { itFeed } from './shared.js';

/** Receiving orders: QBO PurchaseOrders <-> IntelliTrack receiving orders; receipts post back as Bills. */
export const RECEIVING_SPEC: OrderSpec<'PurchaseOrder', 'receiving-orders'> = {
  flow: 'receiving',
  entity: 'receivingOrder',
  resource: 'receiving-orders',
  qboEntity: 'PurchaseOrder',
  query: { entity: 'PurchaseOrder' },
  prefix: 'rcv',
  itPrefix: 'po',
  toIt: (ctx, purchaseOrder) => runMapper(ctx, 'purchaseOrderToReceiving', purchaseOrder),
  toQbo: (ctx, order) => runMapper(ctx, 'receivingToPurchaseOrder', order),
  postBack: (ctx, order, purchaseOrder) => runMapper(ctx, 'receiptToBill', { order, purchaseOrder }),
  postBackEntity: 'Bill',
  resultField: 'billId',
  partyRef: 'VendorRef',
  partyKind: 'vendor',
  partyField: 'vendorId',
  doneQty: 'receivedQty',
  translate: (record) => translatePoStatus(typeof record.POStatus === 'string' ? record.POStatus : undefined),
  options: (settings) => settings.receiving,
  work: 'receiving',
};

/** The receiving flow: IntelliTrack's work and new orders first, then QBO's changes. */
async function* planReceiving(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]> {
  const spec = RECEIVING_SPEC;
  const seen = newSeen();
  const noted = newNoted();
  // 1. Read IntelliTrack's receiving feed: receipts, closed orders, edits and warehouse-created orders.
  const feed = itFeed(ctx, spec.resource);
  for await (const page of feed.pages) await noteItPage(ctx, spec, page, { seen, noted });
  // 2. Read QBO's PurchaseOrder changes (a CDC read holds them all in one answer).
  const read = await readQboOrders(ctx, spec, { seen, noted });
  // 3. Post back each fully received, closed order as a Bill linked to its PO, from this cycle's CDC record of
  // the document when QBO changed it, else from what its link keeps; create new orders' documents.
  yield [...(await postBacks(ctx, spec, noted.closed, read.changes)), ...(await itCreates(ctx, spec, noted.fresh))];
  // 4. Decide and write what each changed PurchaseOrder means: create, merge or withdraw the order.
  for await (const page of read.pages)
    yield await planQboPage(ctx, spec, { records: page, progress: read.progress }, seen);
  // 5. IntelliTrack edits QBO did not touch go to QBO; orders of POs QBO deleted are withdrawn.
  yield await itEdits(ctx, spec, seen);
  yield await withdrawals(ctx, spec, read.deleted, seen);
  const cursor = feed.cursor();
  if (cursor !== undefined) watermarks[itWatermarkKey(spec.resource)] = cursor;
  watermarks[read.watermark.key] = read.watermark.value;
}

/**
 * `syncReceivingOrders`: open QBO PurchaseOrders -> IntelliTrack receiving orders (number = DocNumber);
 * IntelliTrack-originated orders -> QBO PurchaseOrders; a fully received, closed order posts back
 * as a Bill linked to the PO (exactly once, key `rcv:<itOrderId>:postback`). A PO closed or deleted
 * in QBO before receiving starts deletes the IntelliTrack order; after it starts, it is a conflict.
 */
export const receivingFlow: Flow = {
  name: 'receiving',
  entity: 'receivingOrder',
  qboEntities: ['PurchaseOrder'],
  plan: planReceiving,
  retry: (ctx, failed) => retryOrder(ctx, RECEIVING_SPEC, failed),
};
