import type { ShipTo } from '../intellitrack/schemas/party.js';
import type { PhysicalAddress, ReferenceType } from '../qbo/schemas/common.js';
import type { PurchaseLine, SalesLine } from '../qbo/schemas/lines.js';
import { toQboAddress } from './address.js';
import { cents, fail, type Scope } from './support.js';
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
    return {
      LineNum: line.lineNumber,
      DetailType: kind.detail,
      Amount: cents(line.qty * line.price),
      [kind.detail]: { ItemRef: itemRef, Qty: line.qty, UnitPrice: line.price },
    };
  });
}
