import { readByIds } from '../../../qbo/by-ids.js';
import { type FlowContext, qboIdOf } from '../../context.js';
import type { QboRead } from '../../read/sources.js';
import type { Link } from '../../state/store.js';
import { keptDoc, keptDocSuffices } from './snapshot.js';
import type { OrderSpec, QboOrder } from './spec.js';

/**
 * What a cycle's CDC read says of the orders' QBO documents: those changed, as QBO holds them now,
 * and those deleted. Undefined for a full read (paged later; until then nothing is known of a change).
 */
export interface CycleChanges {
  changed: ReadonlyMap<string, QboOrder>;
  deleted: ReadonlySet<string>;
}

/**
 * The changes a CDC read holds (all in one answer, so collecting them costs nothing), and the read's
 * pages as the flow goes on to plan them.
 */
export async function changesOf(
  read: QboRead<QboOrder>,
): Promise<{ changes: CycleChanges | undefined; pages: AsyncIterable<QboOrder[]> | Iterable<QboOrder[]> }> {
  if (read.mode !== 'cdc') return { changes: undefined, pages: read.pages };
  const records: QboOrder[] = [];
  for await (const page of read.pages) records.push(...page);
  const changed = new Map(records.map((r) => [qboIdOf(r), r]));
  return { changes: { changed, deleted: new Set(read.deleted) }, pages: records.length > 0 ? [records] : [] };
}

/**
 * The current QBO documents of the links posted back, by QBO id (a document QBO deleted is absent):
 * this cycle's CDC record of a document changed, else what the link keeps of it. Only links that keep
 * nothing (written by an older version), every link when the read was a full one, or when the
 * post-back mapper is not this SDK's, are read: one `Id IN` query per 1000 ids.
 */
export async function postBackDocs(
  ctx: FlowContext,
  spec: OrderSpec,
  links: readonly Link[],
  changes: CycleChanges | undefined,
): Promise<Map<string, QboOrder>> {
  const docs = new Map<string, QboOrder>();
  const unread: string[] = [];
  const useKept = changes !== undefined && keptDocSuffices(ctx, spec);
  for (const link of links) {
    const id = link.qboId;
    const changed = changes?.changed.get(id);
    if (changed) docs.set(id, changed);
    if (changed || changes?.deleted.has(id)) continue;
    const kept = changes ? keptDoc(link) : undefined;
    if (kept?.state === 'gone') continue;
    if (kept?.state === 'doc' && useKept) docs.set(id, kept.doc);
    else unread.push(id);
  }
  if (unread.length === 0) return docs;
  const read = await readByIds(ctx.qbo, spec.qboEntity, unread, { signal: ctx.signal });
  for (const [id, doc] of read) docs.set(id, doc);
  return docs;
}
