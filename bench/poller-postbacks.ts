/**
 * QBO writes of the baseline pollers (bench/naive.ts): one request per record (naive) or batches of
 * 30 (lut), and the post-backs of orders the warehouse finished (a Bill for a receipt, an Invoice for
 * a pick), each reading the QBO document first — naive by id one at a time, lut with one `Id IN (…)`
 * query per entity and pass.
 */
import { randomUUID } from 'node:crypto';
import { defaultMappers, type MapContext } from '../src/mappers/index.js';
import type { NaiveOutcome, PollerMode } from './naive.js';

type Json = Record<string, unknown>;

/** The HTTP helpers of a poller. */
export interface PollerIo {
  qbo(method: string, path: string, body?: unknown): Promise<unknown>;
  it(method: string, path: string, body?: unknown): Promise<unknown>;
  itAll(resource: string, filter?: string): Promise<(Json & { id: string })[]>;
}

/** One QBO create, and what to do with the new id. */
export interface QboWrite {
  entity: string;
  body: Json;
  after?: (id: string) => Promise<unknown> | unknown;
}

const BATCH = 30;

/** Runs `work`, counting it written, or failed with the first error kept. */
export async function tally(outcome: NaiveOutcome, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    outcome.written += 1;
  } catch (error) {
    outcome.failed += 1;
    outcome.firstError ??= String(error);
  }
}

async function writeBatch(io: PollerIo, writes: readonly QboWrite[], outcome: NaiveOutcome): Promise<void> {
  const BatchItemRequest = writes.map((w, i) => ({ bId: String(i), operation: 'create', [w.entity]: w.body }));
  const answer = (await io.qbo('POST', `/batch?requestid=${randomUUID()}`, { BatchItemRequest })) as Json;
  for (const item of (answer.BatchItemResponse as Json[] | undefined) ?? []) {
    const write = writes[Number(item.bId)];
    if (!write) continue;
    await tally(outcome, async () => {
      if (item.Fault !== undefined) throw new Error(`batch item ${String(item.bId)}: ${JSON.stringify(item.Fault)}`);
      await write.after?.(String((item[write.entity] as Json | undefined)?.Id ?? ''));
    });
  }
}

/** Creates every write in QBO: one request each (naive) or batches of 30 (lut). */
export async function qboWriteAll(io: PollerIo, mode: PollerMode, writes: readonly QboWrite[]): Promise<NaiveOutcome> {
  const outcome: NaiveOutcome = { written: 0, failed: 0 };
  if (mode === 'lut') {
    for (let i = 0; i < writes.length; i += BATCH) {
      await writeBatch(io, writes.slice(i, i + BATCH), outcome).catch((error: unknown) => {
        outcome.failed += Math.min(BATCH, writes.length - i);
        outcome.firstError ??= String(error);
      });
    }
    return outcome;
  }
  for (const write of writes) {
    await tally(outcome, async () => {
      const path = `/${write.entity.toLowerCase()}?requestid=${randomUUID()}`;
      const created = (await io.qbo('POST', path, write.body)) as Json;
      await write.after?.(String((created[write.entity] as Json | undefined)?.Id ?? ''));
    });
  }
  return outcome;
}

const POST_BACKS = [
  { resource: 'receiving-orders', entity: 'PurchaseOrder', target: 'Bill', docKey: 'purchaseOrder' },
  { resource: 'picking-orders', entity: 'Estimate', target: 'Invoice', docKey: 'estimate' },
] as const;

/** The QBO documents with these ids: one read each (naive) or one `Id IN (…)` query (lut). */
async function documents(io: PollerIo, mode: PollerMode, entity: string, ids: string[]): Promise<Map<string, Json>> {
  const out = new Map<string, Json>();
  if (mode === 'lut') {
    for (let i = 0; i < ids.length; i += 1000) {
      const list = ids.slice(i, i + 1000).map((id) => `'${id}'`);
      const q = encodeURIComponent(`select * from ${entity} where Id in (${list.join(', ')}) MAXRESULTS 1000`);
      const body = (await io.qbo('GET', `/query?query=${q}`)) as { QueryResponse?: Record<string, Json[]> };
      for (const doc of body.QueryResponse?.[entity] ?? []) out.set(String(doc.Id), doc);
    }
    return out;
  }
  for (const id of ids) {
    const body = (await io.qbo('GET', `/${entity.toLowerCase()}/${id}`)) as Json;
    out.set(id, body[entity] as Json);
  }
  return out;
}

/** Posts back the orders closed in IntelliTrack that `posted` does not hold yet. */
export async function postBacks(io: PollerIo, ctx: MapContext, mode: PollerMode, posted: Set<string>) {
  const outcome: NaiveOutcome = { written: 0, failed: 0 };
  for (const spec of POST_BACKS) {
    const closed = (await io.itAll(spec.resource)).filter(
      (o) => o.status === 'Closed' && o.origin === 'qbo' && typeof o.externalRef === 'string' && !posted.has(o.id),
    );
    if (closed.length === 0) continue;
    const docs = await documents(io, mode, spec.entity, [...new Set(closed.map((o) => String(o.externalRef)))]);
    const writes: QboWrite[] = [];
    for (const order of closed) {
      const source = { order, [spec.docKey]: docs.get(String(order.externalRef)) };
      const map = defaultMappers[spec.target === 'Bill' ? 'receiptToBill' : 'pickToInvoice'] as (
        s: unknown,
        c: MapContext,
      ) => { value: unknown };
      await tally(outcome, async () => {
        writes.push({ entity: spec.target, body: map(source, ctx).value as Json, after: () => posted.add(order.id) });
      });
    }
    // Mapped records were counted; the writes' own failures are what counts from here.
    outcome.written -= writes.length;
    const written = await qboWriteAll(io, mode, writes);
    outcome.written += written.written;
    outcome.failed += written.failed;
    if (written.firstError !== undefined) outcome.firstError ??= written.firstError;
  }
  return outcome;
}
