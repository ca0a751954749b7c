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

function priceOf(line: QboItemLine, qty: number, subject: Subject): number {
  if (line.unitPrice !== undefined) return requireAmount(subject, line.unitPrice, `${line.path}.UnitPrice`);
  // Lines entered by amount only carry no UnitPrice; QBO's own rule is Amount = Qty × UnitPrice.
  if (line.amount !== undefined && qty > 0) return requireAmount(subject, line.amount / qty, `${line.path}.Amount`);
  return 0;
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
    const qty = requireQuantity(scope.subject, line.qty, `${line.path}.Qty`);
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
  const used = new Set<number>();
  return worked.map((line) => {
    let index = line.externalRef === null ? -1 : doc.findIndex((d, i) => !used.has(i) && d.id === line.externalRef);
    if (index < 0) index = doc.findIndex((d, i) => !used.has(i) && d.itemId !== undefined && d.itemId === line.itemId);
    if (index < 0) return undefined;
    used.add(index);
    return index;
  });
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
  return lines
    .filter((l) => done(l) > 0)
    .map((l) => ({
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      orderedQty: l.orderedQty,
      doneQty: done(l),
      externalRef: l.externalRef,
    }));
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
