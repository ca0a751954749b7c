import type { PickingOrder, PickingOrderCreate } from '../intellitrack/schemas/order.js';
import type { Estimate } from '../qbo/schemas/estimate.js';
import type { Invoice } from '../qbo/schemas/invoice.js';
import { type SalesLine, SalesLineSchema } from '../qbo/schemas/lines.js';
import { docNumberOf, orderLinesToQbo, setShipping, warehouseOrderHeader, withOrderFields } from './order-common.js';
import { matchedLines, type QboItemLine, toWarehouseLines, type WorkedLine, workedLines } from './order-lines.js';
import { translatePickingStatus } from './status.js';
import { cents, datePart, fail, requireId, requireRef, type Subject } from './support.js';
import type { MapContext, MappingWarning, MapResult, QboBody } from './types.js';

/** Lines that only format the form: no warning when they are left out. */
const LAYOUT_LINES = new Set(['SubTotalLineDetail', 'DescriptionOnly']);

function groupMembers(line: SalesLine): SalesLine[] {
  return (line.GroupLineDetail?.Line ?? []).flatMap((member) => {
    const parsed = SalesLineSchema.safeParse(member);
    return parsed.success ? [parsed.data] : [];
  });
}

function collect(line: SalesLine, path: string, out: QboItemLine[], warnings: MappingWarning[]): void {
  const detail = line.SalesItemLineDetail;
  if (line.DetailType === 'SalesItemLineDetail' && detail !== undefined) {
    out.push({
      id: line.Id,
      path: `${path}.SalesItemLineDetail`,
      itemRef: detail.ItemRef,
      qty: detail.Qty,
      unitPrice: detail.UnitPrice,
      amount: line.Amount,
    });
    return;
  }
  if (line.DetailType === 'GroupLineDetail') {
    groupMembers(line).forEach((member, j) => {
      collect(member, `${path}.GroupLineDetail.Line[${j}]`, out, warnings);
    });
    return;
  }
  if (LAYOUT_LINES.has(line.DetailType)) return;
  warnings.push({
    field: path,
    code: 'skipped',
    message: `${path} is a ${line.DetailType} line, not an item line; it is not part of the picking order.`,
  });
}

function itemLines(estimate: Estimate, warnings: MappingWarning[]): QboItemLine[] {
  const out: QboItemLine[] = [];
  (estimate.Line ?? []).forEach((line, i) => {
    collect(line, `Line[${i}]`, out, warnings);
  });
  return out;
}

/**
 * QBO Estimate -> IntelliTrack picking order: DocNumber -> orderNumber, TxnDate -> orderDate, DueDate,
 * CustomerRef -> customerId (through `ctx.lookup`), ShipAddr -> shipTo, ShipMethodRef -> carrier, item
 * lines (bundle members included) -> lines (Qty -> orderedQty, UnitPrice -> unitPrice). Discount lines
 * are left out with a `skipped` warning. Which estimates to import is decided by
 * `translateEstimateStatus` (Accepted ones).
 * @throws MappingError when the estimate has no Id, its customer or an item is not linked, a quantity
 * is missing or negative, or no item line is left.
 * @example
 * const { value } = mapEstimateToPicking(estimate, ctx);
 */
export function mapEstimateToPicking(estimate: Estimate, ctx: MapContext): MapResult<PickingOrderCreate> {
  const subject: Subject = { entity: 'Estimate', id: requireId('Estimate', estimate.Id) };
  const warnings: MappingWarning[] = [];
  const customerQboId = requireRef(subject, estimate.CustomerRef, 'CustomerRef');
  const customerId = ctx.lookup.itCustomerId(customerQboId);
  if (customerId === undefined)
    fail(subject, 'CustomerRef', `customer ${customerQboId} is not linked to an IntelliTrack customer`);
  const lines = toWarehouseLines(itemLines(estimate, warnings), { subject, warnings }, ctx);
  const header = warehouseOrderHeader(estimate, { subject, warnings, shipName: estimate.CustomerRef?.name ?? '' }, ctx);
  const value: PickingOrderCreate = withOrderFields(header, {
    customerId,
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      orderedQty: l.orderedQty,
      unitPrice: l.price,
      externalRef: l.externalRef,
    })),
  });
  return { value, warnings };
}

/**
 * IntelliTrack picking order (created in IntelliTrack) -> QBO Estimate create body: DocNumber =
 * `orderNumberPrefix` + orderNumber, CustomerRef, item lines (Qty, UnitPrice, Amount = Qty × UnitPrice
 * rounded to cents), TxnStatus from the status table (an open picking order is an Accepted estimate).
 * @throws MappingError when the customer or an item is not linked to QBO.
 */
export function mapPickingToEstimate(order: PickingOrder, ctx: MapContext): MapResult<QboBody<Estimate>> {
  const subject: Subject = { entity: 'PickingOrder', id: order.id };
  const warnings: MappingWarning[] = [];
  const customerRef = ctx.lookup.qboCustomerRef(order.customerId);
  if (customerRef === undefined)
    fail(subject, 'customerId', `customer ${order.customerId} is not linked to a QBO customer`);
  const value: QboBody<Estimate> = {
    DocNumber: docNumberOf(order.orderNumber, { subject, warnings }, ctx),
    TxnDate: order.orderDate,
    CustomerRef: customerRef,
    Line: orderLinesToQbo(
      order.lines.map((l) => ({ lineNumber: l.lineNumber, itemId: l.itemId, qty: l.orderedQty, price: l.unitPrice })),
      { subject, warnings },
      { ctx, detail: 'SalesItemLineDetail' },
    ),
    TxnStatus: translatePickingStatus(order.status).value,
  };
  setShipping(value, order);
  return { value, warnings };
}

/** The IntelliTrack order and the QBO Estimate it is linked to. */
export interface PickSource {
  order: PickingOrder;
  estimate: Estimate;
}

function invoiceLine(worked: WorkedLine, estimateLine: SalesLine, fallbackPrice: number): SalesLine {
  const detail = estimateLine.SalesItemLineDetail;
  const price = detail?.UnitPrice ?? fallbackPrice;
  const sales: NonNullable<SalesLine['SalesItemLineDetail']> = {
    ItemRef: detail?.ItemRef ?? { value: '' },
    Qty: worked.doneQty,
    UnitPrice: price,
  };
  if (detail?.TaxCodeRef !== undefined) sales.TaxCodeRef = detail.TaxCodeRef;
  if (detail?.ClassRef !== undefined) sales.ClassRef = detail.ClassRef;
  const out: SalesLine = {
    DetailType: 'SalesItemLineDetail',
    Amount: cents(worked.doneQty * price),
    SalesItemLineDetail: sales,
  };
  if (estimateLine.Description !== undefined) out.Description = estimateLine.Description;
  return out;
}

function estimateItemLines(estimate: Estimate): SalesLine[] {
  const lines: SalesLine[] = [];
  const walk = (line: SalesLine) => {
    if (line.SalesItemLineDetail?.ItemRef !== undefined) lines.push(line);
    else if (line.DetailType === 'GroupLineDetail') groupMembers(line).forEach(walk);
  };
  (estimate.Line ?? []).forEach(walk);
  return lines;
}

function estimateDocLines(estimate: Estimate, ctx: MapContext) {
  const lines = estimateItemLines(estimate);
  const docs = lines.map((l) => {
    const ref = l.SalesItemLineDetail?.ItemRef?.value;
    return { id: l.Id, itemId: ref === undefined ? undefined : ctx.lookup.itItemId(ref) };
  });
  return { lines, docs };
}

/**
 * IntelliTrack pick -> QBO Invoice linked to the Estimate (`LinkedTxn` of type Estimate, which QBO uses
 * to close the estimate). Full or partial: every line with a picked quantity becomes an invoice line
 * for that quantity at the estimate's unit price, keeping its tax code and class; lines picked for less
 * or more than ordered give a `partial` warning. Whether a partial pick may be invoiced is the sync
 * engine's decision (setting `picking.partial`).
 * @throws MappingError when nothing was picked or a picked line matches no estimate line.
 */
export function mapPickToInvoice(source: PickSource, ctx: MapContext): MapResult<QboBody<Invoice>> {
  const { order, estimate } = source;
  const subject: Subject = { entity: 'PickingOrder', id: order.id };
  const estimateId = estimate.Id;
  if (estimateId === undefined || estimateId === '') fail(subject, 'estimate.Id', 'the linked Estimate has no Id');
  const customerRef = estimate.CustomerRef;
  if (customerRef === undefined) fail(subject, 'estimate.CustomerRef', 'the Estimate has no CustomerRef');
  const warnings: MappingWarning[] = [];
  const worked = workedLines(order.lines, (l) => l.pickedQty);
  if (worked.length === 0) fail(subject, 'lines', 'nothing has been picked');
  const { lines, docs } = estimateDocLines(estimate, ctx);
  const doc = { name: `Estimate ${estimateId}`, lines, docs };
  const Line = matchedLines(worked, doc, { subject, verb: 'was picked', warnings }).map(({ worked: w, line }) =>
    invoiceLine(w, line, order.lines.find((l) => l.lineNumber === w.lineNumber)?.unitPrice ?? 0),
  );
  const value: QboBody<Invoice> = {
    CustomerRef: customerRef,
    TxnDate: datePart(order.closedAt) ?? ctx.today,
    Line,
    LinkedTxn: [{ TxnId: estimateId, TxnType: 'Estimate' }],
  };
  for (const key of ['BillAddr', 'ShipAddr', 'SalesTermRef', 'ClassRef', 'ShipMethodRef'] as const) {
    const field = estimate[key];
    if (field !== undefined) (value as Record<string, unknown>)[key] = field;
  }
  return { value, warnings };
}
