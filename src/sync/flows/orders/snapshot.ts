/**
 * What an order link keeps of its QBO document (`link.data.qboDoc`) so that a post-back needs no read:
 * the fields the post-back mappers use, taken whenever the flow learns the document's current state.
 */
import { defaultMappers } from '../../../mappers/index.js';
import type { FlowContext } from '../../context.js';
import type { Link } from '../../state/store.js';
import type { OrderSpec, QboOrder } from './spec.js';

/** Link data field of the kept document. */
export const DOC_FIELD = 'qboDoc';

/** Kept in place of the document when QBO reported it deleted. */
export const GONE = { deleted: true } as const;

/** Fields of a document `keep` copies; `LINES` marks a list of lines. */
type Shape = { readonly [field: string]: true | Shape | typeof LINES };
const LINES = 'lines';

const ITEM_DETAIL: Shape = { ItemRef: true, Qty: true, UnitPrice: true, TaxCodeRef: true, ClassRef: true };

const LINE: Shape = {
  Id: true,
  DetailType: true,
  Amount: true,
  Description: true,
  ItemBasedExpenseLineDetail: ITEM_DETAIL,
  SalesItemLineDetail: ITEM_DETAIL,
  GroupLineDetail: { GroupItemRef: true, Quantity: true, Line: LINES },
};

const HEADER = ['Id', 'SyncToken', 'DocNumber', 'CurrencyRef', 'APAccountRef', 'ClassRef'] as const;
/** Estimate fields an Invoice takes over. */
const SALES_HEADER = ['BillAddr', 'ShipAddr', 'SalesTermRef', 'ShipMethodRef'] as const;

function keep(value: unknown, shape: Shape | typeof LINES): unknown {
  if (shape === LINES) return Array.isArray(value) ? value.map((line) => keep(line, LINE)) : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(shape)) {
    const v = (value as Record<string, unknown>)[field];
    if (v === undefined) continue;
    out[field] = inner === true ? v : keep(v, inner);
  }
  return out;
}

/** The part of a QBO document a link keeps for its post-back. */
export function docSnapshot(spec: OrderSpec, doc: Record<string, unknown>): Record<string, unknown> {
  const fields = [...HEADER, spec.partyRef, ...(spec.partyKind === 'customer' ? SALES_HEADER : [])];
  const shape: Shape = { ...Object.fromEntries(fields.map((f) => [f, true])), Line: LINES };
  return keep(doc, shape) as Record<string, unknown>;
}

/** What a link holds of its QBO document: the document as last seen, `gone`, or `unknown` (nothing kept). */
export type KeptDoc = { state: 'doc'; doc: QboOrder } | { state: 'gone' } | { state: 'unknown' };

/** What `link` keeps of its QBO document. */
export function keptDoc(link: Link): KeptDoc {
  const kept = link.data[DOC_FIELD];
  if (typeof kept !== 'object' || kept === null || Array.isArray(kept)) return { state: 'unknown' };
  const doc = kept as Record<string, unknown>;
  if (doc.deleted === true) return { state: 'gone' };
  return doc.Id === link.qboId ? { state: 'doc', doc: doc as QboOrder } : { state: 'unknown' };
}

/**
 * True when the flow's post-back mapper is the one this SDK ships: an overridden or customised
 * one may use any field of the document, so it is given the document as read from QBO.
 */
export function keptDocSuffices(ctx: FlowContext, spec: OrderSpec): boolean {
  const name = spec.postBackEntity === 'Bill' ? 'receiptToBill' : 'pickToInvoice';
  return ctx.mappers[name] === defaultMappers[name];
}
