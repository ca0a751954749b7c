import { NotFoundError } from '../../../core/errors.js';
import type { Flow, FlowContext } from '../../context.js';
import { twoWayState } from '../../merge/link-state.js';
import { itSideUnchanged } from '../../merge/plan-record.js';
import { retryTwoWay } from '../../merge/retry.js';
import type { PlanStep } from '../../plan/steps.js';
import { ProgressMeter } from '../../read/progress.js';
import { QBO_READ_QUERIES } from '../../read/qbo-reads.js';
import { itWatermarkKey } from '../../read/sources.js';
import type { FailedRecord, Link } from '../../state/store.js';
import { failRecord, itFeed, reportConflict } from '../shared.js';
import {
  type ItOrder,
  itOrderStep,
  type MappedItOrder,
  mapItOrder,
  planPostBack,
  readQboDocs,
  takenDocNumbers,
} from './from-it.js';
import { loadOrderRefs, planQboOrder, planWithdraw } from './from-qbo.js';
import { mergeOrder, modelOf, newSeen, type SeenOrders } from './merge.js';
import { type OrderSpec, workStarted } from './spec.js';

/** Post-backs for closed orders of one feed page: their QBO documents are read in one query. */
async function postBacks(ctx: FlowContext, spec: OrderSpec, closed: ItOrder[]): Promise<PlanStep[]> {
  const linked = closed.filter((c): c is ItOrder & { link: NonNullable<ItOrder['link']> } => c.link !== undefined);
  if (linked.length === 0) return [];
  const docs = await readQboDocs(
    ctx,
    spec,
    linked.map((c) => c.link.qboId),
  );
  // The post-back mappers match lines by item too: they need the documents' item links.
  await loadOrderRefs(ctx, spec, [...docs.values()]);
  const steps: PlanStep[] = [];
  for (const order of linked) {
    try {
      const step = planPostBack(ctx, spec, order, docs.get(order.link.qboId));
      if (step) steps.push(step);
    } catch (error) {
      await failRecord(ctx, { entity: spec.entity, side: 'intellitrack', sourceId: String(order.record.id) }, error);
    }
  }
  return steps;
}

/** QBO creates for new IntelliTrack-originated orders of one feed page (numbers checked in one query). */
async function itCreates(ctx: FlowContext, spec: OrderSpec, records: Record<string, unknown>[]): Promise<PlanStep[]> {
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

async function notePage(
  ctx: FlowContext,
  spec: OrderSpec,
  page: { records: unknown[]; deleted: { id: string; deletedAt: string }[] },
  seen: SeenOrders,
): Promise<PlanStep[]> {
  const closed: ItOrder[] = [];
  const fresh: Record<string, unknown>[] = [];
  for (const record of page.records as Record<string, unknown>[]) {
    const link = await ctx.store.getLinkByItId(spec.entity, String(record.id));
    // Our own write coming back through the feed — unless an edit saved just before that write (while a
    // stale version was re-read) rode along in the version the write returned: values decide, not versions.
    if (link && link.itVersion === record.version && ownWriteEcho(ctx, spec, link, record)) continue;
    ctx.report.count(spec.entity, 'read');
    seen.all.set(String(record.id), record);
    if (!link) {
      if (record.origin === 'intellitrack') fresh.push(record);
      continue;
    }
    if (record.status === 'Closed') {
      if (link.data.postedBack !== true) closed.push({ record, link });
      continue;
    }
    if (!itSideUnchanged(ctx, modelOf(spec), link, record)) seen.open.set(String(record.id), { link, record });
    if (!ctx.dryRun && workStarted(spec, record) && link.data.workStarted !== true) {
      await ctx.store.putLinks([{ ...link, data: { ...link.data, workStarted: true }, updatedAt: ctx.clock.now() }]);
    }
  }
  for (const gone of page.deleted) {
    const link = await ctx.store.getLinkByItId(spec.entity, gone.id);
    if (link) reportConflict(ctx, spec.entity, link.qboId, `deleted in IntelliTrack at ${gone.deletedAt}`);
  }
  return [...(await postBacks(ctx, spec, closed)), ...(await itCreates(ctx, spec, fresh))];
}

/** Linked open orders IntelliTrack changed that QBO did not: their edits go to QBO. */
async function itEdits(ctx: FlowContext, spec: OrderSpec, seen: SeenOrders): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const { link } of [...seen.open.values()]) steps.push(...(await mergeOrder(ctx, spec, { link }, seen)));
  return steps;
}

async function* planOrders(ctx: FlowContext, spec: OrderSpec, watermarks: Record<string, string>) {
  const seen = newSeen();
  const feed = itFeed(ctx, spec.resource);
  for await (const page of feed.pages) yield await notePage(ctx, spec, page, seen);
  const cursor = feed.cursor();
  // The mappers of IntelliTrack edits look up the orders' parties and items.
  await modelOf(spec).load?.(ctx, { qbo: [], it: [...seen.open.values()].map((o) => o.record) });
  const read = await ctx.reader.read(QBO_READ_QUERIES[spec.qboEntity] as never);
  if (read.mode === 'full') ctx.report.notes.push(`${spec.qboEntity}: full read (no recent watermark)`);
  const meter = new ProgressMeter(ctx, spec.entity, read.total);
  for await (const page of read.pages) {
    const records = page as unknown as Record<string, unknown>[];
    ctx.report.count(spec.entity, 'read', records.length);
    await loadOrderRefs(ctx, spec, records);
    const steps: PlanStep[] = [];
    for (const record of records) steps.push(...(await planQboOrder(ctx, spec, record, seen)));
    yield steps;
    meter.advance(records.length);
  }
  yield await itEdits(ctx, spec, seen);
  const withdrawn: PlanStep[] = [];
  for (const qboId of read.deleted) {
    const step = planWithdraw(ctx, spec, qboId, await ctx.store.getLinkByQboId(spec.entity, qboId), seen);
    if (step) withdrawn.push(step);
  }
  yield withdrawn;
  if (cursor !== undefined) watermarks[itWatermarkKey(spec.resource)] = cursor;
  watermarks[read.watermark.key] = read.watermark.value;
}

async function retryOrder(ctx: FlowContext, spec: OrderSpec, failed: FailedRecord): Promise<PlanStep[]> {
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  try {
    const link =
      failed.side === 'qbo'
        ? await ctx.store.getLinkByQboId(spec.entity, failed.sourceId)
        : await ctx.store.getLinkByItId(spec.entity, failed.sourceId);
    if (link && link.data.postedBack !== true) {
      const it = (await ctx.it.get(spec.resource, link.itId, signal)) as unknown as Record<string, unknown>;
      // A closed order's failure was its post-back: planned again below.
      if (it.status !== 'Closed') return retryTwoWay(ctx, modelOf(spec), link, it);
    }
    if (failed.side === 'qbo') {
      const record = (await ctx.qbo.read(spec.qboEntity, failed.sourceId, signal)) as Record<string, unknown>;
      await loadOrderRefs(ctx, spec, [record]);
      return planQboOrder(ctx, spec, record, newSeen());
    }
    const record = (await ctx.it.get(spec.resource, failed.sourceId, signal)) as unknown as Record<string, unknown>;
    return notePage(ctx, spec, { records: [record], deleted: [] }, newSeen());
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
}

/** A flow for one order kind: IntelliTrack work and new orders first, then QBO changes. */
export function orderFlow(spec: OrderSpec): Flow {
  return {
    name: spec.flow,
    entity: spec.entity,
    qboEntities: [spec.qboEntity],
    plan: (ctx, watermarks) => planOrders(ctx, spec, watermarks),
    retry: (ctx, failed) => retryOrder(ctx, spec, failed),
  };
}

/** True when a linked order read from the feed holds what the link says we wrote (links from before values were kept: its version alone). */
function ownWriteEcho(ctx: FlowContext, spec: OrderSpec, link: Link, record: Record<string, unknown>): boolean {
  return twoWayState(link).base === undefined || itSideUnchanged(ctx, modelOf(spec), link, record);
}
