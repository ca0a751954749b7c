/**
 * Reconciliation of QBO creates whose outcome is unknown: before such a create is ever sent under a
 * new request id, QBO is asked whether it already holds the record, with one query per entity and
 * kind of lookup for all such writes of a run:
 * - a document with a `DocNumber` (PurchaseOrder, Estimate): `DocNumber IN (...)`;
 * - a name (Customer, Vendor): `DisplayName IN (...)`, inactive records included;
 * - any other transaction (InventoryAdjustment, Bill, Invoice — QBO does not filter every entity on
 *   DocNumber or PrivateNote): `TxnDate` in the range of the bodies' dates and `MetaData.CreateTime`
 *   at most a day before the write was journalled (a margin for a QBO clock behind the host's).
 * A candidate is the write's record only when it matches the body sent ({@link isWrittenFrom}) and
 * was created no earlier than that margin before the write was journalled (so a same-named customer
 * that already existed is a duplicate-name conflict, never adopted). A record
 * already linked to another write, or matched by an earlier write of the same lookup, is never taken.
 */
import type { QboApi, QboEntityName, QueryCondition, QuerySpec } from '../../qbo/api.js';
import type { QboWriteStep } from '../plan/steps.js';
import type { JournalEntry } from '../state/store.js';

/** A QBO create to look up: its journal entry and step. */
export interface LookupTarget {
  entry: JournalEntry;
  step: QboWriteStep;
}

/** How far before a write was journalled QBO's creation time may be (clock skew margin). */
const CREATED_MARGIN_MS = 24 * 60 * 60 * 1000;
/** Values per `IN (...)` list. */
const IN_CHUNK = 500;

type Rec = Record<string, unknown>;
type Lookup = 'DocNumber' | 'DisplayName' | 'created';

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function lookupOf(body: Rec): Lookup {
  if (text(body.DocNumber)) return 'DocNumber';
  if (text(body.DisplayName)) return 'DisplayName';
  return 'created';
}

function refValue(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? text((value as Rec).value) : undefined;
}

/** The item lines of a transaction as `[item, quantity]` (sub-total and other lines QBO adds are ignored). */
function itemLines(record: Rec): string[] {
  const lines = Array.isArray(record.Line) ? (record.Line as Rec[]) : [];
  const out: string[] = [];
  for (const line of lines) {
    const detailKey = Object.keys(line).find((k) => k.endsWith('LineDetail') && typeof line[k] === 'object');
    const detail = (detailKey === undefined ? undefined : line[detailKey]) as Rec | undefined;
    const item = refValue(detail?.ItemRef);
    if (item === undefined) continue;
    out.push(`${item}:${Number(detail?.Qty ?? detail?.QtyDiff ?? 0)}`);
  }
  return out.sort();
}

/** The fields that identify a written record; absent ones are `undefined`. */
function identity(record: Rec): (string | undefined)[] {
  const lines = itemLines(record);
  return [
    text(record.DocNumber),
    text(record.DisplayName),
    text(record.TxnDate),
    refValue(record.VendorRef) ?? refValue(record.CustomerRef),
    text(record.PrivateNote),
    lines.length === 0 ? undefined : lines.join(','),
  ];
}

/**
 * True when QBO's `record` is what creating `body` wrote: every identifying field the body sets
 * (DocNumber, DisplayName, TxnDate, party, PrivateNote, item lines) has the same value in the record.
 */
export function isWrittenFrom(body: Rec, record: Rec): boolean {
  const sent = identity(body);
  const held = identity(record);
  return sent.some((v) => v !== undefined) && sent.every((v, i) => v === undefined || v === held[i]);
}

/** True when QBO created `record` at or after `since` (a record that existed before the write is not its record). */
function createdSince(record: Rec, since: number): boolean {
  const meta = record.MetaData as Rec | undefined;
  const created = Date.parse(String(meta?.CreateTime ?? ''));
  return Number.isNaN(created) || created >= since;
}

function conditions(lookup: Lookup, targets: readonly LookupTarget[]): QueryCondition[][] {
  const bodies = targets.map((t) => t.step.body);
  if (lookup !== 'created') {
    const values = [...new Set(bodies.map((b) => String(b[lookup])))];
    const chunks: QueryCondition[][] = [];
    for (let i = 0; i < values.length; i += IN_CHUNK) {
      chunks.push([{ field: lookup, operator: 'IN', value: values.slice(i, i + IN_CHUNK) }]);
    }
    return chunks;
  }
  const since = Math.min(...targets.map((t) => t.entry.createdAt)) - CREATED_MARGIN_MS;
  const where: QueryCondition[] = [{ field: 'MetaData.CreateTime', operator: '>=', value: new Date(since) }];
  const dates = bodies.map((b) => text(b.TxnDate)).filter((d): d is string => d !== undefined);
  if (dates.length === bodies.length && dates.length > 0) {
    const sorted = [...dates].sort();
    where.push({ field: 'TxnDate', operator: '>=', value: sorted[0] as string });
    where.push({ field: 'TxnDate', operator: '<=', value: sorted[sorted.length - 1] as string });
  }
  return [where];
}

async function candidates(
  qbo: QboApi,
  entity: QboEntityName,
  lookup: Lookup,
  targets: readonly LookupTarget[],
  signal: AbortSignal | undefined,
): Promise<Rec[]> {
  const found: Rec[] = [];
  for (const where of conditions(lookup, targets)) {
    const query: QuerySpec = { entity, where, ...(lookup === 'DisplayName' ? { includeInactive: true } : {}) };
    for await (const page of qbo.pages(query, signal ? { signal } : {})) found.push(...(page.records as Rec[]));
  }
  return found;
}

/**
 * Looks the creates of `targets` up in QBO (see the module header).
 * @param taken - true for a QBO id that already belongs to another write (e.g. it is linked)
 * @returns the record found for each journal key; a key without one was proven absent
 * @throws what the queries throw (the caller keeps the writes pending and uncertain)
 */
export async function lookUpCreates(
  qbo: QboApi,
  targets: readonly LookupTarget[],
  options: { signal: AbortSignal | undefined; taken: (target: LookupTarget, id: string) => Promise<boolean> },
): Promise<Map<string, Rec>> {
  const groups = new Map<string, LookupTarget[]>();
  for (const target of targets) {
    const group = `${target.step.qboEntity}\n${lookupOf(target.step.body)}`;
    groups.set(group, [...(groups.get(group) ?? []), target]);
  }
  const found = new Map<string, Rec>();
  const used = new Set<string>();
  for (const [group, members] of groups) {
    const [entity, lookup] = group.split('\n') as [QboEntityName, Lookup];
    const records = await candidates(qbo, entity, lookup, members, options.signal);
    for (const target of members) {
      for (const record of records) {
        const id = text(record.Id);
        if (id === undefined || used.has(id) || !isWrittenFrom(target.step.body, record)) continue;
        if (!createdSince(record, target.entry.createdAt - CREATED_MARGIN_MS)) continue;
        if (await options.taken(target, id)) continue;
        used.add(id);
        found.set(target.step.key, record);
        break;
      }
    }
  }
  return found;
}
