import { NotFoundError } from '../../../core/errors.js';
import type { ChangeFeedPage } from '../../../intellitrack/api.js';
import { type FlowContext, qboIdOf } from '../../context.js';
import { twoWayState } from '../../merge/link-state.js';
import { itSideUnchanged } from '../../merge/plan-record.js';
import { retryTwoWay } from '../../merge/retry.js';
import type { PlanStep } from '../../plan/steps.js';
import { ProgressMeter } from '../../read/progress.js';
import type { QboRead } from '../../read/sources.js';
import { PageLinks } from '../../state/page-links.js';
import type { FailedRecord, Link } from '../../state/store.js';
import { failRecord, reportConflict } from '../shared.js';
import {
  type ItOrder,
  itOrderStep,
  type MappedItOrder,
  mapItOrder,
  planPostBack,
  takenDocNumbers,
  wantsPostBack,
} from './from-it.js';
import { loadOrderRefs, planQboOrder, planWithdraw } from './from-qbo.js';
import { forgetWrittenDocs, goneDoc } from './keep-doc.js';
import { mergeOrder, modelOf, newSeen, type SeenOrders } from './merge.js';
import { type CycleChanges, changesOf, postBackDocs } from './post-back-docs.js';
import { type ItOrderRecord, type OrderSpec, type QboOrder, workStarted } from './spec.js';

/** What IntelliTrack's order feed asks of QBO (pages add to it; QBO is asked once for the whole feed). */
export interface NotedItPage {
  /** Linked orders closed in IntelliTrack and not posted back yet. */
  closed: ItOrder[];
  /** IntelliTrack-originated orders not in QBO yet. */
  fresh: ItOrderRecord[];
}

/** Nothing noted yet. */
export function newNoted(): NotedItPage {
  return { closed: [], fresh: [] };
}

/**
 * Reads one page of IntelliTrack's order feed: notes every order in `seen` (linked open orders
 * IntelliTrack changed wait there for the merge with QBO's side), marks links whose work started,
 * reports orders deleted in IntelliTrack, and adds the closed and the new orders to `noted`.
 */
export async function noteItPage(
  ctx: FlowContext,
  spec: OrderSpec,
  page: Pick<ChangeFeedPage<ItOrderRecord>, 'records' | 'deleted'>,
  into: { seen: SeenOrders; noted: NotedItPage },
): Promise<void> {
  const { seen, noted } = into;
  const ids = [...page.records.map((r) => String(r.id)), ...page.deleted.map((gone) => gone.id)];
  const links = await PageLinks.read(ctx.store, spec.entity, 'it', ids);
  for (const record of page.records) {
    const link = await links.getLinkByItId(spec.entity, String(record.id));
    // Our own write coming back through the feed — unless an edit saved just before that write (while a
    // stale version was re-read) rode along in the version the write returned: values decide, not versions.
    if (link && link.itVersion === record.version && ownWriteEcho(ctx, spec, link, record)) continue;
    ctx.report.count(spec.entity, 'read');
    seen.all.set(String(record.id), record);
    if (!link) {
      if (record.origin === 'intellitrack') noted.fresh.push(record);
      continue;
    }
    if (record.status === 'Closed') {
      if (link.data.postedBack !== true) noted.closed.push({ record, link });
      continue;
    }
    if (!itSideUnchanged(ctx, modelOf(spec), link, record)) seen.open.set(String(record.id), { link, record });
    if (!ctx.dryRun && workStarted(spec, record) && link.data.workStarted !== true) {
      await ctx.store.putLinks([{ ...link, data: { ...link.data, workStarted: true }, updatedAt: ctx.clock.now() }]);
    }
  }
  for (const gone of page.deleted) {
    const link = await links.getLinkByItId(spec.entity, gone.id);
    if (link) reportConflict(ctx, spec.entity, link.qboId, `deleted in IntelliTrack at ${gone.deletedAt}`);
  }
}

/**
 * Post-backs for the closed orders of a cycle's feed. Whether each is posted back is decided first,
 * from what we hold; each document posted back is taken from this cycle's CDC read when QBO changed
 * it, else from what its link keeps (see `postBackDocs`: only links keeping nothing are read).
 */
export async function postBacks(
  ctx: FlowContext,
  spec: OrderSpec,
  closed: readonly ItOrder[],
  changes: CycleChanges | undefined,
): Promise<PlanStep[]> {
  const posting = closed.filter((order) => wantsPostBack(ctx, spec, order));
  if (posting.length === 0) return [];
  const docs = await postBackDocs(
    ctx,
    spec,
    posting.map((c) => c.link),
    changes,
  );
  // The post-back mappers match lines by item too: they need the documents' item links.
  await loadOrderRefs(ctx, spec, [...docs.values()]);
  const steps: PlanStep[] = [];
  for (const order of posting) {
    try {
      const step = planPostBack(ctx, spec, order, docs.get(order.link.qboId));
      if (step) steps.push(step);
    } catch (error) {
      await failRecord(ctx, { entity: spec.entity, side: 'intellitrack', sourceId: String(order.record.id) }, error);
    }
  }
  return steps;
}

/**
 * QBO creates for new IntelliTrack-originated orders of a cycle's feed: their numbers are checked in
 * one query per 1000 numbers.
 */
export async function itCreates(
  ctx: FlowContext,
  spec: OrderSpec,
  records: readonly ItOrderRecord[],
): Promise<PlanStep[]> {
  const mapped: MappedItOrder[] = [];
  for (const record of records) {
    const m = await mapItOrder(ctx, spec, record);
    if (m) mapped.push(m);
  }
  if (mapped.length === 0) return [];
  const numbers = mapped.map((m) => m.docNumber).filter((n) => n !== '');
  const taken = numbers.length > 0 ? await takenDocNumbers(ctx, spec, numbers) : new Set<string>();
  const steps: PlanStep[] = [];
  for (const m of mapped) {
    const step = itOrderStep(ctx, spec, m, taken);
    if (step) steps.push(step);
  }
  return steps;
}

/** A cycle's read of QBO's changes of the orders' documents (see {@link readQboOrders}). */
export type OrdersRead = Omit<QboRead<QboOrder>, 'pages'> & {
  pages: AsyncIterable<QboOrder[]> | Iterable<QboOrder[]>;
  progress: ProgressMeter;
  /** What a CDC read says changed and was deleted (undefined for a full read). */
  changes: CycleChanges | undefined;
};

/**
 * Reads QBO's changes of the orders' documents (CDC, or every document when there is no recent
 * watermark), once the links the mappers of the IntelliTrack edits in `seen` look up are loaded.
 * Read before the post-backs are planned, so that none is posted from a document QBO changed since
 * (under `qboReads: 'on-notice'`, read whenever there is one to post, notice or not).
 */
export async function readQboOrders(
  ctx: FlowContext,
  spec: OrderSpec,
  into: { seen: SeenOrders; noted: NotedItPage },
): Promise<OrdersRead> {
  const { seen, noted } = into;
  await modelOf(spec).load?.(ctx, { qbo: [], it: [...seen.open.values()].map((o) => o.record) });
  // A closed order is about to be posted from its document: read it even without a webhook notice.
  const read = await ctx.reader.read(spec.query, undefined, { fresh: noted.closed.length > 0 });
  if (read.mode === 'full') ctx.report.notes.push(`${spec.qboEntity}: full read (no recent watermark)`);
  const { changes, pages } = await changesOf(read);
  return { ...read, pages, changes, progress: new ProgressMeter(ctx, spec.entity, read.total) };
}

/**
 * Decides what each QBO document of a page means for its IntelliTrack order (create, merge,
 * withdraw), then advances the read's progress.
 */
export async function planQboPage(
  ctx: FlowContext,
  spec: OrderSpec,
  read: { records: readonly QboOrder[]; progress: ProgressMeter },
  seen: SeenOrders,
): Promise<PlanStep[]> {
  const { records } = read;
  ctx.report.count(spec.entity, 'read', records.length);
  await loadOrderRefs(ctx, spec, records);
  const links = await PageLinks.read(ctx.store, spec.entity, 'qbo', records.map(qboIdOf));
  const steps: PlanStep[] = [];
  for (const record of records) steps.push(...(await planQboOrder(ctx, spec, record, seen, links)));
  read.progress.advance(records.length);
  return steps;
}

/** Linked open orders IntelliTrack changed that QBO did not: their edits go to QBO. */
export async function itEdits(ctx: FlowContext, spec: OrderSpec, seen: SeenOrders): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const { link } of [...seen.open.values()]) steps.push(...(await mergeOrder(ctx, spec, { link }, seen)));
  return forgetWrittenDocs(spec, steps);
}

/**
 * IntelliTrack orders whose QBO document QBO reports deleted: deleted too unless work started (then
 * the link keeps that the document is gone, so that its post-back is a conflict).
 */
export async function withdrawals(
  ctx: FlowContext,
  spec: OrderSpec,
  deleted: readonly string[],
  seen: SeenOrders,
): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  const links = await PageLinks.read(ctx.store, spec.entity, 'qbo', deleted);
  for (const qboId of deleted) {
    const link = await links.getLinkByQboId(spec.entity, qboId);
    const step = planWithdraw(ctx, spec, qboId, link, seen);
    if (link && link.data.postedBack !== true && link.data.withdrawn !== true) steps.push(...goneDoc(spec, link));
    if (step) steps.push(step);
  }
  return steps;
}

/** Plans one order from the error queue again, reading its sides. */
export async function retryOrder(ctx: FlowContext, spec: OrderSpec, failed: FailedRecord): Promise<PlanStep[]> {
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  try {
    const link =
      failed.side === 'qbo'
        ? await ctx.store.getLinkByQboId(spec.entity, failed.sourceId)
        : await ctx.store.getLinkByItId(spec.entity, failed.sourceId);
    if (link && link.data.postedBack !== true) {
      const it = await ctx.it.get(spec.resource, link.itId, signal);
      // A closed order's failure was its post-back: planned again below.
      if (it.status !== 'Closed') return forgetWrittenDocs(spec, await retryTwoWay(ctx, modelOf(spec), link, it));
    }
    if (failed.side === 'qbo') {
      const record = await ctx.qbo.read(spec.qboEntity, failed.sourceId, signal);
      await loadOrderRefs(ctx, spec, [record]);
      return planQboOrder(ctx, spec, record, newSeen());
    }
    const record = await ctx.it.get(spec.resource, failed.sourceId, signal);
    const noted = newNoted();
    await noteItPage(ctx, spec, { records: [record], deleted: [] }, { seen: newSeen(), noted });
    return [...(await postBacks(ctx, spec, noted.closed, undefined)), ...(await itCreates(ctx, spec, noted.fresh))];
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/** True when a linked order read from the feed holds what the link says we wrote (links from before values were kept: its version alone). */
function ownWriteEcho(ctx: FlowContext, spec: OrderSpec, link: Link, record: ItOrderRecord): boolean {
  return twoWayState(link).base === undefined || itSideUnchanged(ctx, modelOf(spec), link, record);
}
