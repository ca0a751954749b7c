import type { ReceivingOrder, ReceivingOrderCreate } from '../intellitrack/schemas/order.js';
import type { Bill } from '../qbo/schemas/bill.js';
import type { LinkedTxn } from '../qbo/schemas/common.js';
import type { PurchaseLine } from '../qbo/schemas/lines.js';
import type { PurchaseOrder } from '../qbo/schemas/purchase-order.js';
import { docNumberOf, orderLinesToQbo, setShipping, warehouseOrderHeader, withOrderFields } from './order-common.js';
import { matchedLines, type QboItemLine, toWarehouseLines, type WorkedLine, workedLines } from './order-lines.js';
import { translateReceivingStatus } from './status.js';
import { cents, datePart, fail, requireId, requireRef, type Subject } from './support.js';
import type { MapContext, MappingWarning, MapResult, QboBody } from './types.js';

function itemLines(po: PurchaseOrder, warnings: MappingWarning[]): QboItemLine[] {
  const out: QboItemLine[] = [];
  (po.Line ?? []).forEach((line, i) => {
    const detail = line.ItemBasedExpenseLineDetail;
    if (line.DetailType !== 'ItemBasedExpenseLineDetail' || detail === undefined) {
      warnings.push({
        field: `Line[${i}]`,
        code: 'skipped',
        message: `Line[${i}] is a ${line.DetailType} line, not an item line; it is not part of the receiving order.`,
      });
      return;
    }
    out.push({
      id: line.Id,
      path: `Line[${i}].ItemBasedExpenseLineDetail`,
      itemRef: detail.ItemRef,
      qty: detail.Qty,
      unitPrice: detail.UnitPrice,
      amount: line.Amount,
    });
  });
  return out;
}

/**
 * QBO PurchaseOrder -> IntelliTrack receiving order: DocNumber -> orderNumber, TxnDate -> orderDate,
 * DueDate, VendorRef -> vendorId (through `ctx.lookup`), ShipAddr -> shipTo, ShipMethodRef -> carrier,
 * item lines -> lines (Qty -> orderedQty, UnitPrice -> unitCost, line Id -> externalRef). Account lines
 * are left out with a `skipped` warning. Status is not part of a create body: see `translatePoStatus`.
 * @throws MappingError when the PO has no Id, its vendor or an item is not linked, a quantity is
 * missing or negative, or no item line is left.
 * @example
 * const { value } = mapPurchaseOrderToReceiving(po, ctx);
 */
export function mapPurchaseOrderToReceiving(po: PurchaseOrder, ctx: MapContext): MapResult<ReceivingOrderCreate> {
  const subject: Subject = { entity: 'PurchaseOrder', id: requireId('PurchaseOrder', po.Id) };
  const warnings: MappingWarning[] = [];
  const vendorQboId = requireRef(subject, po.VendorRef, 'VendorRef');
  const vendorId = ctx.lookup.itVendorId(vendorQboId);
  if (vendorId === undefined)
    fail(subject, 'VendorRef', `vendor ${vendorQboId} is not linked to an IntelliTrack vendor`);
  const lines = toWarehouseLines(itemLines(po, warnings), { subject, warnings }, ctx);
  const header = warehouseOrderHeader(po, { subject, warnings, shipName: po.ShipTo?.name ?? '' }, ctx);
  const value: ReceivingOrderCreate = withOrderFields(header, {
    vendorId,
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      orderedQty: l.orderedQty,
      unitCost: l.price,
      externalRef: l.externalRef,
    })),
  });
  return { value, warnings };
}

/**
 * IntelliTrack receiving order (created in IntelliTrack) -> QBO PurchaseOrder create body. DocNumber
 * is `settings.orderNumberPrefix` + orderNumber (at most 21 characters), item lines carry Qty,
 * UnitPrice and Amount = Qty × UnitPrice rounded to cents, POStatus comes from the status table.
 * @throws MappingError when the vendor or an item is not linked to QBO.
 */
export function mapReceivingToPurchaseOrder(order: ReceivingOrder, ctx: MapContext): MapResult<QboBody<PurchaseOrder>> {
  const subject: Subject = { entity: 'ReceivingOrder', id: order.id };
  const warnings: MappingWarning[] = [];
  const vendorRef = ctx.lookup.qboVendorRef(order.vendorId);
  if (vendorRef === undefined) fail(subject, 'vendorId', `vendor ${order.vendorId} is not linked to a QBO vendor`);
  const status = translateReceivingStatus(order.status);
  const value: QboBody<PurchaseOrder> = {
    DocNumber: docNumberOf(order.orderNumber, { subject, warnings }, ctx),
    TxnDate: order.orderDate,
    VendorRef: vendorRef,
    Line: orderLinesToQbo(
      order.lines.map((l) => ({ lineNumber: l.lineNumber, itemId: l.itemId, qty: l.orderedQty, price: l.unitCost })),
      { subject, warnings },
      { ctx, detail: 'ItemBasedExpenseLineDetail' },
    ),
    POStatus: status.value,
  };
  setShipping(value, order);
  return { value, warnings };
}

/** The IntelliTrack order and the QBO PurchaseOrder it is linked to. */
export interface ReceiptSource {
  order: ReceivingOrder;
  purchaseOrder: PurchaseOrder;
}

function poItemLines(po: PurchaseOrder, ctx: MapContext) {
  const lines = (po.Line ?? []).filter((l) => l.ItemBasedExpenseLineDetail?.ItemRef !== undefined);
  const docs = lines.map((l) => {
    const ref = l.ItemBasedExpenseLineDetail?.ItemRef?.value;
    return { id: l.Id, itemId: ref === undefined ? undefined : ctx.lookup.itItemId(ref) };
  });
  return { lines, docs };
}

/** The link of a bill line to its PurchaseOrder line (no spread: V8 copies a spread on a slow path). */
function linkTo(poId: string, lineId: string | undefined): LinkedTxn {
  const link: LinkedTxn = { TxnId: poId, TxnType: 'PurchaseOrder' };
  if (lineId !== undefined) link.TxnLineId = lineId;
  return link;
}

function billLine(worked: WorkedLine, poLine: PurchaseLine, poId: string, fallbackPrice: number): PurchaseLine {
  const detail = poLine.ItemBasedExpenseLineDetail;
  const price = detail?.UnitPrice ?? fallbackPrice;
  const out: PurchaseLine = {
    DetailType: 'ItemBasedExpenseLineDetail',
    Amount: cents(worked.doneQty * price),
    ItemBasedExpenseLineDetail: { ItemRef: detail?.ItemRef ?? { value: '' }, Qty: worked.doneQty, UnitPrice: price },
    LinkedTxn: [linkTo(poId, poLine.Id)],
  };
  if (poLine.Description !== undefined) out.Description = poLine.Description;
  return out;
}

/**
 * IntelliTrack receipt -> QBO Bill linked to the PurchaseOrder (each line's `LinkedTxn` names the PO and
 * its line, which is how QBO closes the PO and adds stock). Full or partial: every line with a received
 * quantity becomes a bill line for that quantity at the PO's unit price; lines received for less or
 * more than ordered give a `partial` warning. Whether a partial receipt may be posted is the sync
 * engine's decision (setting `receiving.partial`).
 * @throws MappingError when nothing was received or a received line matches no PO line.
 */
export function mapReceiptToBill(source: ReceiptSource, ctx: MapContext): MapResult<QboBody<Bill>> {
  const { order, purchaseOrder: po } = source;
  const subject: Subject = { entity: 'ReceivingOrder', id: order.id };
  const poId = po.Id;
  if (poId === undefined || poId === '') fail(subject, 'purchaseOrder.Id', 'the linked PurchaseOrder has no Id');
  const warnings: MappingWarning[] = [];
  const worked = workedLines(order.lines, (l) => l.receivedQty);
  if (worked.length === 0) fail(subject, 'lines', 'nothing has been received');
  const { lines, docs } = poItemLines(po, ctx);
  const doc = { name: `PurchaseOrder ${poId}`, lines, docs };
  const Line = matchedLines(worked, doc, { subject, verb: 'was received', warnings }).map(({ worked: w, line }) => {
    const unitCost = order.lines.find((l) => l.lineNumber === w.lineNumber)?.unitCost ?? 0;
    return billLine(w, line, poId, unitCost);
  });
  const vendorRef = po.VendorRef;
  if (vendorRef === undefined) fail(subject, 'purchaseOrder.VendorRef', 'the PurchaseOrder has no VendorRef');
  const value: QboBody<Bill> = {
    VendorRef: vendorRef,
    TxnDate: datePart(order.closedAt) ?? ctx.today,
    Line,
    PrivateNote: `Receipt of IntelliTrack receiving order ${order.orderNumber}`,
  };
  return { value, warnings };
}
