import { translateEstimateStatus } from '../../mappers/status.js';
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

/** Picking orders: QBO Estimates <-> IntelliTrack picking orders; picks post back as Invoices. */
export const PICKING_SPEC: OrderSpec<'Estimate', 'picking-orders'> = {
  flow: 'picking',
  entity: 'pickingOrder',
  resource: 'picking-orders',
  qboEntity: 'Estimate',
  query: { entity: 'Estimate' },
  prefix: 'pck',
  itPrefix: 'est',
  toIt: (ctx, estimate) => runMapper(ctx, 'estimateToPicking', estimate),
  toQbo: (ctx, order) => runMapper(ctx, 'pickingToEstimate', order),
  postBack: (ctx, order, estimate) => runMapper(ctx, 'pickToInvoice', { order, estimate }),
  postBackEntity: 'Invoice',
  resultField: 'invoiceId',
  partyRef: 'CustomerRef',
  partyKind: 'customer',
  partyField: 'customerId',
  doneQty: 'pickedQty',
  translate: (record) => translateEstimateStatus(typeof record.TxnStatus === 'string' ? record.TxnStatus : undefined),
  options: (settings) => settings.picking,
  work: 'picking',
};

/** The picking flow: IntelliTrack's picks and new orders first, then QBO's estimate changes. */
async function* planPicking(ctx: FlowContext, watermarks: Record<string, string>): AsyncIterable<PlanStep[]> {
  const spec = PICKING_SPEC;
  const seen = newSeen();
  const noted = newNoted();
  // 1. Read IntelliTrack's picking feed: picks, closed orders, edits and warehouse-created orders.
  const feed = itFeed(ctx, spec.resource);
  for await (const page of feed.pages) await noteItPage(ctx, spec, page, { seen, noted });
  // 2. Read QBO's Estimate changes (a CDC read holds them all in one answer).
  const read = await readQboOrders(ctx, spec, { seen, noted });
  // 3. Post back each fully picked, closed order as an Invoice linked to its estimate, from this cycle's CDC record of
  // the document when QBO changed it, else from what its link keeps; create new orders' documents.
  yield [...(await postBacks(ctx, spec, noted.closed, read.changes)), ...(await itCreates(ctx, spec, noted.fresh))];
  // 4. Decide and write what each changed Estimate means: create, merge or withdraw the order.
  for await (const page of read.pages)
    yield await planQboPage(ctx, spec, { records: page, progress: read.progress }, seen);
  // 5. IntelliTrack edits QBO did not touch go to QBO; orders of rejected, closed or deleted estimates are withdrawn.
  yield await itEdits(ctx, spec, seen);
  yield await withdrawals(ctx, spec, read.deleted, seen);
  const cursor = feed.cursor();
  if (cursor !== undefined) watermarks[itWatermarkKey(spec.resource)] = cursor;
  watermarks[read.watermark.key] = read.watermark.value;
}

/**
 * `syncPickingOrders`: Accepted QBO Estimates -> open IntelliTrack picking orders; IntelliTrack-
 * originated orders -> QBO Estimates; a fully picked, closed order posts back as an Invoice linked
 * to the estimate (key `pck:<itOrderId>:postback`). A Rejected/Closed estimate before picking starts
 * deletes the IntelliTrack order; after it starts, it is a conflict.
 */
export const pickingFlow: Flow = {
  name: 'picking',
  entity: 'pickingOrder',
  qboEntities: ['Estimate'],
  plan: planPicking,
  retry: (ctx, failed) => retryOrder(ctx, PICKING_SPEC, failed),
};
