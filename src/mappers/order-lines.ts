import type { ReferenceType } from '../qbo/schemas/common.js';
import { fail, requireAmount, requireQuantity, type Scope, type Subject } from './support.js';
import type { MapContext, MappingWarning } from './types.js';

/** A QBO item line reduced to what the warehouse needs. */
export interface QboItemLine {
  /** QBO line id, when stored. */
  id: string | undefined;
  /** Path of the line in the source, for errors and warnings. */
  path: string;
  itemRef: ReferenceType | undefined;
  qty: number | undefined;
  unitPrice: number | undefined;
  amount: number | undefined;
}

/** An IntelliTrack order line built from a QBO item line. */
export interface WarehouseLine {
  lineNumber: number;
  itemId: string;
  orderedQty: number;
  price: number;
  externalRef: string | null;
}

/** A finite number ≥ 0: a valid amount or quantity (checked before any error path is built). */
function nonNegative(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value >= 0;
}

function priceOf(line: QboItemLine, qty: number, subject: Subject): number {
  const price = line.unitPrice;
  if (price !== undefined) return nonNegative(price) ? price : requireAmount(subject, price, `${line.path}.UnitPrice`);
  // Lines entered by amount only carry no UnitPrice; QBO's own rule is Amount = Qty × UnitPrice.
  if (line.amount === undefined || qty <= 0) return 0;
  const each = line.amount / qty;
  return nonNegative(each) ? each : requireAmount(subject, each, `${line.path}.Amount`);
}

/**
 * Handles a line whose item is not linked to IntelliTrack: a known non-inventory item is left out,
 * as is any unlinked item when `settings.unlinkedItemLines` is `"skip"` (each with a warning);
 * otherwise a MappingError.
 */
function skipUnlinked(line: QboItemLine, scope: Scope, ctx: MapContext): void {
  const qboItemId = line.itemRef?.value ?? '';
  const refPath = `${line.path}.ItemRef`;
  const type = ctx.lookup.qboItemType?.(qboItemId);
  const nonStock = type !== undefined && type !== 'Inventory';
  if (!nonStock && ctx.settings.unlinkedItemLines !== 'skip') {
    fail(scope.subject, refPath, `item ${qboItemId} is not linked to an IntelliTrack item`);
  }
  scope.warnings.push({
    field: refPath,
    code: 'skipped',
    message: nonStock
      ? `${line.path} is for ${type} item ${qboItemId}, which the warehouse does not stock; the line was left out.`
      : `${line.path} is for item ${qboItemId}, which is not linked to IntelliTrack; the line was left out.`,
  });
}

/**
 * Turns QBO item lines into IntelliTrack lines, resolving each item through `ctx.lookup`. An item not
 * linked to IntelliTrack is a MappingError, unless `lookup.qboItemType` says it is not an Inventory
 * item or `settings.unlinkedItemLines` is `"skip"`: then the line is left out with a warning.
 */
export function toWarehouseLines(lines: readonly QboItemLine[], scope: Scope, ctx: MapContext): WarehouseLine[] {
  const out: WarehouseLine[] = [];
  for (const line of lines) {
    const qboItemId = line.itemRef?.value ?? '';
    if (qboItemId === '') fail(scope.subject, `${line.path}.ItemRef`, 'the line has no ItemRef');
    const itemId = ctx.lookup.itItemId(qboItemId);
    if (itemId === undefined) {
      skipUnlinked(line, scope, ctx);
      continue;
    }
    const qty = nonNegative(line.qty) ? line.qty : requireQuantity(scope.subject, line.qty, `${line.path}.Qty`);
    out.push({
      lineNumber: out.length + 1,
      itemId,
      orderedQty: qty,
      price: priceOf(line, qty, scope.subject),
      externalRef: line.id ?? null,
    });
  }
  if (out.length === 0) fail(scope.subject, 'Line', 'the order has no item line for the warehouse');
  return out;
}

/** A line of an IntelliTrack order that was worked (received or picked). */
export interface WorkedLine {
  lineNumber: number;
  itemId: string;
  orderedQty: number;
  doneQty: number;
  externalRef: string | null;
}

/** A QBO document line an IntelliTrack line can be matched to. */
export interface DocumentLine {
  id: string | undefined;
  itemId: string | undefined;
}

/**
 * Matches worked IntelliTrack lines to the QBO document's lines: by the line id kept in `externalRef`,
 * else the first unused line for the same item. Returns the index of the document line per worked line.
 */
export function matchLines(worked: readonly WorkedLine[], doc: readonly DocumentLine[]): (number | undefined)[] {
  const used: boolean[] = new Array(doc.length).fill(false);
  const out: (number | undefined)[] = [];
  for (const line of worked) {
    let index = line.externalRef === null ? -1 : unusedIndex(doc, used, (d) => d.id === line.externalRef);
    if (index < 0) index = unusedIndex(doc, used, (d) => d.itemId !== undefined && d.itemId === line.itemId);
    if (index >= 0) used[index] = true;
    out.push(index < 0 ? undefined : index);
  }
  return out;
}

/** The first document line not `used` yet that `matches`, or -1. */
function unusedIndex(doc: readonly DocumentLine[], used: readonly boolean[], matches: (d: DocumentLine) => boolean) {
  for (let i = 0; i < doc.length; i += 1) if (!used[i] && matches(doc[i] as DocumentLine)) return i;
  return -1;
}

/** Adds a `partial` warning when a line was worked for less or more than ordered. */
export function notePartial(line: WorkedLine, verb: string, warnings: MappingWarning[]): void {
  if (line.doneQty === line.orderedQty) return;
  warnings.push({
    field: `lines[${line.lineNumber}]`,
    code: 'partial',
    message: `Line ${line.lineNumber} ${verb} ${line.doneQty} of ${line.orderedQty} ordered.`,
  });
}

/** The lines of an IntelliTrack order with a worked quantity (`done` of the line above 0). */
export function workedLines<L extends Omit<WorkedLine, 'doneQty'>>(
  lines: readonly L[],
  done: (line: L) => number,
): WorkedLine[] {
  const out: WorkedLine[] = [];
  for (const l of lines) {
    const doneQty = done(l);
    if (!(doneQty > 0)) continue;
    out.push({
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      orderedQty: l.orderedQty,
      doneQty,
      externalRef: l.externalRef,
    });
  }
  return out;
}

/**
 * Each worked line with the QBO document line it matches (see `matchLines`), with a `partial` warning for
 * each line worked for less or more than ordered (`verb`, e.g. `was received`).
 * @throws MappingError naming the first worked line that matches no line of `doc.name`.
 */
export function matchedLines<T>(
  worked: readonly WorkedLine[],
  doc: { name: string; lines: readonly T[]; docs: readonly DocumentLine[] },
  at: { subject: Subject; verb: string; warnings: MappingWarning[] },
): { worked: WorkedLine; line: T }[] {
  const matches = matchLines(worked, doc.docs);
  return worked.map((w, i) => {
    const line = doc.lines[matches[i] ?? -1];
    if (line === undefined)
      fail(at.subject, `lines[${w.lineNumber}]`, `item ${w.itemId} matches no line of ${doc.name}`);
    notePartial(w, at.verb, at.warnings);
    return { worked: w, line };
  });
}
