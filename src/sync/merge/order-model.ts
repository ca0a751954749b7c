import { loadOrderRefs } from '../flows/orders/from-qbo.js';
import { type ItOrderRecord, type OrderSpec, type QboOrder, workStarted } from '../flows/orders/spec.js';
import type { Link } from '../state/store.js';
import { pick, type TwoWayModel } from './model.js';
import { TWO_WAY_FIELDS } from './policy.js';

const ADDRESS = ['address1', 'address2', 'address3', 'city', 'state', 'zip', 'country'] as const;

/** An order's ship-to compared by address only (QBO's ShipAddr has no name). */
function shipToValue(shipTo: unknown): Record<string, unknown> | null {
  return typeof shipTo === 'object' && shipTo !== null ? pick(shipTo as Record<string, unknown>, ADDRESS) : null;
}

/**
 * The two-way values of an IntelliTrack order (or of a QBO document as its mapper reads it):
 * dates, ship-to, carrier and the lines as item, quantity and price in line order.
 */
export function orderValues(record: Record<string, unknown>, priceField: string): Record<string, unknown> {
  const lines = Array.isArray(record.lines) ? (record.lines as Record<string, unknown>[]) : [];
  return {
    orderDate: record.orderDate ?? null,
    dueDate: record.dueDate ?? null,
    shipTo: shipToValue(record.shipTo),
    carrier: record.carrier ?? '',
    lines: lines.map((l) => ({ itemId: l.itemId, qty: Number(l.orderedQty), price: Number(l[priceField] ?? 0) })),
  };
}

/** The QBO members of each two-way order field. */
const QBO_MEMBERS: Readonly<Record<string, string>> = {
  orderDate: 'TxnDate',
  dueDate: 'DueDate',
  shipTo: 'ShipAddr',
  carrier: 'ShipMethodRef',
};

/**
 * QBO document lines the warehouse does not see — account, description and subtotal lines, and item
 * lines whose item is not stocked in IntelliTrack (`stocked` is false) — kept when lines are rewritten.
 */
export function otherLinesOf(
  doc: Record<string, unknown>,
  stocked: (qboItemId: string) => boolean,
): Record<string, unknown>[] {
  const lines = Array.isArray(doc.Line) ? (doc.Line as Record<string, unknown>[]) : [];
  return lines.filter((l) => {
    const detail = (l.ItemBasedExpenseLineDetail ?? l.SalesItemLineDetail) as
      | { ItemRef?: { value?: unknown } }
      | undefined;
    if (l.DetailType !== 'ItemBasedExpenseLineDetail' && l.DetailType !== 'SalesItemLineDetail') return true;
    return !stocked(String(detail?.ItemRef?.value ?? ''));
  });
}

/** True when the document has bundle (group) lines, which the warehouse sees as their members. */
export function hasBundles(doc: Record<string, unknown>): boolean {
  return (
    Array.isArray(doc.Line) && (doc.Line as Record<string, unknown>[]).some((l) => l.DetailType === 'GroupLineDetail')
  );
}

function qboLines(body: Record<string, unknown>, record: Record<string, unknown>, link: Link): unknown[] {
  const lines = Array.isArray(body.Line) ? (body.Line as Record<string, unknown>[]) : [];
  const itLines = Array.isArray(record.lines) ? (record.lines as Record<string, unknown>[]) : [];
  // A line that came from QBO keeps its QBO line id, so QBO updates it rather than adding a new one.
  const withIds = lines.map((line, i) => {
    const ref = itLines[i]?.externalRef;
    return typeof ref === 'string' && ref !== '' ? { ...line, Id: ref } : line;
  });
  const other = Array.isArray(link.data.otherLines) ? (link.data.otherLines as unknown[]) : [];
  return [...withIds, ...other];
}

function refusal(spec: OrderSpec, record: Record<string, unknown>, fields: readonly string[], link: Link) {
  const refused: { field: string; why: string }[] = [];
  if (fields.includes('lines') && workStarted(spec, record))
    refused.push({ field: 'lines', why: `${spec.work} has started; QBO's lines stay as ordered` });
  else if (fields.includes('lines') && link.data.bundles === true)
    refused.push({ field: 'lines', why: `the QBO ${spec.qboEntity} has bundle lines; change its lines in QBO` });
  if (fields.includes('dueDate') && record.dueDate === null)
    refused.push({ field: 'dueDate', why: 'a QBO due date cannot be removed through the API' });
  if (fields.includes('carrier') && record.carrier === '')
    refused.push({ field: 'carrier', why: 'a QBO ship method cannot be removed through the API' });
  if (refused.length === 0) return undefined;
  return { fields: refused.map((r) => r.field), reason: refused.map((r) => `${r.field}: ${r.why}`).join('; ') };
}

/**
 * Open orders both ways, field by field: order and due dates, ship-to, carrier and lines (items,
 * quantities, prices — as a whole: a line added, removed or changed is a change of `lines`).
 */
export function orderModel(spec: OrderSpec): TwoWayModel<QboOrder, ItOrderRecord> {
  const priceField = spec.partyKind === 'vendor' ? 'unitCost' : 'unitPrice';
  return {
    entity: spec.entity,
    prefix: spec.prefix,
    resource: spec.resource,
    qboEntity: spec.qboEntity,
    fields: TWO_WAY_FIELDS[spec.entity],
    async load(ctx, records) {
      await loadOrderRefs(ctx, spec, records.qbo);
      await ctx.refs.loadIt(
        spec.partyKind,
        records.it.map((r) => String(r[spec.partyField])),
      );
      const lines = records.it.flatMap((r) => (Array.isArray(r.lines) ? (r.lines as Record<string, unknown>[]) : []));
      await ctx.refs.loadIt(
        'item',
        lines.map((l) => String(l.itemId)),
      );
    },
    qboValues: (ctx, record) => orderValues(spec.toIt(ctx, record), priceField),
    itValues: (_ctx, record) => orderValues(record, priceField),
    itPatch(ctx, record, fields) {
      const mapped = spec.toIt(ctx, record);
      return Object.fromEntries(fields.map((f) => [f, mapped[f] ?? null]));
    },
    qboPatch(ctx, record, fields, link) {
      const body = spec.toQbo(ctx, record);
      const patch: Record<string, unknown> = {};
      for (const field of fields) {
        if (field === 'lines') patch.Line = qboLines(body, record, link);
        else if (field === 'shipTo') patch.ShipAddr = body.ShipAddr ?? {};
        else patch[QBO_MEMBERS[field] ?? field] = body[QBO_MEMBERS[field] ?? field];
      }
      return patch;
    },
    refuseToQbo: (record, fields, link) => refusal(spec, record, fields, link),
  };
}
