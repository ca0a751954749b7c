import type { ShipTo } from '../intellitrack/schemas/party.js';
import type { PhysicalAddress, ReferenceType } from '../qbo/schemas/common.js';
import type { PurchaseLine, SalesLine } from '../qbo/schemas/lines.js';
import { toQboAddress, toShipTo } from './address.js';
import { cents, checkDate, dateOrToday, fail, type Scope, type Subject } from './support.js';
import { fitQbo, fitText } from './truncate.js';
import type { MapContext } from './types.js';

/** QBO's maximum DocNumber length. */
export const QBO_DOC_NUMBER_LIMIT = 21;

/**
 * IntelliTrack order number from a QBO DocNumber, shortened deterministically if too long; `undefined`
 * (IntelliTrack numbers the order) with a `defaulted` warning when the document has none.
 */
export function orderNumberOf(docNumber: string | undefined, scope: Scope, ctx: MapContext): string | undefined {
  const text = docNumber?.trim() ?? '';
  if (text === '') {
    scope.warnings.push({
      field: 'DocNumber',
      code: 'defaulted',
      message: 'DocNumber is empty; IntelliTrack will number the order.',
    });
    return undefined;
  }
  return fitText(text, { path: 'DocNumber', field: 'orderNumber', warnings: scope.warnings, unique: true }, ctx);
}

/**
 * QBO DocNumber for an order that originates in IntelliTrack: `orderNumberPrefix` + the order number
 * (not doubled when the number already carries it), shortened to 21 characters with a warning.
 */
export function docNumberOf(orderNumber: string, scope: Scope, ctx: MapContext): string {
  const prefix = ctx.settings.orderNumberPrefix ?? '';
  const full = orderNumber.startsWith(prefix) ? orderNumber : `${prefix}${orderNumber}`;
  return fitQbo(full, QBO_DOC_NUMBER_LIMIT, 'orderNumber', scope.warnings);
}

/** A QBO ShipAddr from an IntelliTrack ship-to (its name has no QBO counterpart on an address). */
export function shipAddrOf(shipTo: ShipTo | null): PhysicalAddress | undefined {
  return shipTo === null ? undefined : toQboAddress(shipTo);
}

/** QBO ShipMethodRef from a carrier name: QBO identifies ship methods by name, in `value` and `name`. */
export function shipMethodOf(carrier: string): ReferenceType | undefined {
  const text = carrier.trim();
  return text === '' ? undefined : { value: text, name: text };
}

/** An IntelliTrack line going to QBO. */
export interface OutgoingLine {
  lineNumber: number;
  itemId: string;
  qty: number;
  price: number;
}

/** Which kind of QBO line to build. */
export interface LineKind {
  ctx: MapContext;
  detail: 'ItemBasedExpenseLineDetail' | 'SalesItemLineDetail';
}

/**
 * QBO item lines (purchase or sales) from IntelliTrack lines, items resolved through `ctx.lookup`.
 * Amount = Qty × UnitPrice rounded to cents.
 * @throws MappingError when an item is not linked to QBO.
 */
export function orderLinesToQbo(
  lines: readonly OutgoingLine[],
  scope: Scope,
  kind: LineKind,
): (PurchaseLine & SalesLine)[] {
  return lines.map((line) => {
    const itemRef = kind.ctx.lookup.qboItemRef(line.itemId);
    if (itemRef === undefined) {
      fail(scope.subject, `lines[${line.lineNumber}].itemId`, `item ${line.itemId} is not linked to a QBO item`);
    }
    const detail = { ItemRef: itemRef, Qty: line.qty, UnitPrice: line.price };
    const amount = cents(line.qty * line.price);
    // Literal keys, not a computed one: V8 builds a computed-key literal on its slow path.
    return kind.detail === 'SalesItemLineDetail'
      ? { LineNum: line.lineNumber, DetailType: kind.detail, Amount: amount, SalesItemLineDetail: detail }
      : { LineNum: line.lineNumber, DetailType: kind.detail, Amount: amount, ItemBasedExpenseLineDetail: detail };
  });
}

/** The header fields QBO purchase orders and estimates share. */
export interface QboOrderDocument {
  DocNumber?: string | undefined;
  TxnDate?: string | undefined;
  DueDate?: string | undefined;
  ShipAddr?: PhysicalAddress | undefined;
  ShipMethodRef?: ReferenceType | undefined;
}

/** Header of an IntelliTrack order created from a QBO document (everything but party and lines). */
export interface WarehouseOrderHeader {
  divisionId: string;
  orderNumber?: string;
  orderDate: string;
  dueDate: string | null;
  shipTo: ShipTo | null;
  carrier: string;
  externalRef: string;
  origin: 'qbo';
}

/**
 * The header of a receiving or picking order from a QBO PurchaseOrder or Estimate: DocNumber ->
 * orderNumber, TxnDate -> orderDate (today when absent), DueDate, ShipAddr -> shipTo (named
 * `shipName`), ShipMethodRef -> carrier.
 */
export function warehouseOrderHeader(
  doc: QboOrderDocument,
  at: { subject: Subject; warnings: Scope['warnings']; shipName: string },
  ctx: MapContext,
): WarehouseOrderHeader {
  const { subject, warnings } = at;
  const header: WarehouseOrderHeader = {
    divisionId: ctx.settings.divisionId,
    orderDate: dateOrToday(doc.TxnDate, { subject, path: 'TxnDate', warnings }, ctx),
    dueDate: checkDate({ subject, warnings }, doc.DueDate, 'DueDate') ?? null,
    shipTo: toShipTo(doc.ShipAddr, { path: 'ShipAddr', name: at.shipName, warnings }, ctx),
    carrier: fitText(
      doc.ShipMethodRef?.name ?? doc.ShipMethodRef?.value ?? '',
      { path: 'ShipMethodRef', field: 'carrier', warnings },
      ctx,
    ),
    externalRef: subject.id,
    origin: 'qbo',
  };
  const orderNumber = orderNumberOf(doc.DocNumber, { subject, warnings }, ctx);
  if (orderNumber !== undefined) header.orderNumber = orderNumber;
  return header;
}

/**
 * `header` with the party and lines of the order after its own fields, as `{ ...header, ...fields }`
 * gives them. Spreading the header, whose `orderNumber` is added only when there is one, takes V8's
 * slow object-copy path: about 2 µs per order, more than mapping its lines.
 */
export function withOrderFields<T extends object>(header: WarehouseOrderHeader, fields: T): WarehouseOrderHeader & T {
  return Object.assign(header, fields);
}

/** The shipping fields of a QBO order body that come from an IntelliTrack order. */
export interface QboShipping {
  DueDate?: string | undefined;
  ShipAddr?: PhysicalAddress | undefined;
  ShipMethodRef?: ReferenceType | undefined;
}

/**
 * Sets DueDate, ShipAddr and ShipMethodRef of a QBO PurchaseOrder or Estimate body from an
 * IntelliTrack order's due date, ship-to and carrier, each only when the order has one.
 */
export function setShipping(
  value: QboShipping,
  order: { dueDate: string | null; shipTo: ShipTo | null; carrier: string },
): void {
  if (order.dueDate !== null) value.DueDate = order.dueDate;
  const ship = shipAddrOf(order.shipTo);
  if (ship !== undefined) value.ShipAddr = ship;
  const method = shipMethodOf(order.carrier);
  if (method !== undefined) value.ShipMethodRef = method;
}
