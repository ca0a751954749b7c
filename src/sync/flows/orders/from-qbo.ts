import { type FlowContext, qboIdOf, refValue } from '../../context.js';
import type { LinkSeed, PlanStep } from '../../plan/steps.js';
import type { LinkLookup } from '../../state/link-buffer.js';
import type { Link } from '../../state/store.js';
import { failRecord, reportConflict } from '../shared.js';
import { withKeptDoc } from './keep-doc.js';
import { mergeOrder, orderLinkData, type SeenOrders, started } from './merge.js';
import type { OrderSpec, QboOrder } from './spec.js';

function lineItemRefs(record: Record<string, unknown>): string[] {
  const lines = Array.isArray(record.Line) ? (record.Line as Record<string, unknown>[]) : [];
  return lines.map((l) => {
    const detail = (l.ItemBasedExpenseLineDetail ?? l.SalesItemLineDetail) as Record<string, unknown> | undefined;
    return refValue(detail?.ItemRef) ?? '';
  });
}

/** Loads the links the mapper of a page of QBO orders will look up. */
export async function loadOrderRefs(
  ctx: FlowContext,
  spec: OrderSpec,
  page: readonly Record<string, unknown>[],
): Promise<void> {
  await ctx.refs.loadQbo(
    spec.partyKind,
    page.map((r) => refValue(r[spec.partyRef])),
  );
  await ctx.refs.loadQbo('item', page.flatMap(lineItemRefs));
}

/**
 * Plans what a QBO order (created, changed, closed) means for its IntelliTrack order. Its link is
 * looked up in `links` (the links of its page, read together), else in the store.
 */
export async function planQboOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  record: QboOrder,
  seen: SeenOrders,
  links: LinkLookup = ctx.store,
): Promise<PlanStep[]> {
  const qboId = qboIdOf(record);
  const link = await links.getLinkByQboId(spec.entity, qboId);
  if (link?.data.postedBack === true || link?.data.withdrawn === true) {
    ctx.report.count(spec.entity, 'unchanged');
    return [];
  }
  // An order created in IntelliTrack: QBO's edits are merged into it; its status is IntelliTrack's.
  if (link && link.origin !== 'qbo')
    return withKeptDoc(spec, link, record, await mergeOrder(ctx, spec, { link, qbo: record }, seen));
  const step = await planQboOwned(ctx, spec, record, { link, seen });
  return withKeptDoc(spec, link, record, Array.isArray(step) ? step : step ? [step] : []);
}

async function planQboOwned(
  ctx: FlowContext,
  spec: OrderSpec,
  record: QboOrder,
  known: { link: Link | undefined; seen: SeenOrders },
): Promise<PlanStep | PlanStep[] | undefined> {
  const { link, seen } = known;
  const qboId = qboIdOf(record);
  const status = spec.translate(record);
  if (!status.known) {
    ctx.report.skip(spec.entity, qboId, `unknown QBO status "${status.source}" (kept, not translated)`);
    return undefined;
  }
  if (status.disposition === 'wait') {
    if (!link)
      ctx.report.skip(spec.entity, qboId, `QBO status is ${status.source}; not an order for the warehouse yet`);
    return undefined;
  }
  if (status.disposition === 'withdraw') return planWithdraw(ctx, spec, qboId, link, seen);
  return planSyncOrder(ctx, spec, record, link, seen);
}

/** A QBO order closed, rejected or deleted: delete the IntelliTrack order unless work has started. */
export function planWithdraw(
  ctx: FlowContext,
  spec: OrderSpec,
  qboId: string,
  link: Link | undefined,
  seen: SeenOrders,
): PlanStep | undefined {
  if (!link) {
    ctx.report.skip(spec.entity, qboId, `closed in QBO and not in IntelliTrack`);
    return undefined;
  }
  if (link.data.postedBack === true || link.data.withdrawn === true) {
    ctx.report.count(spec.entity, 'unchanged');
    return undefined;
  }
  if (started(spec, link, seen)) {
    reportConflict(ctx, spec.entity, qboId, `closed or deleted in QBO after ${spec.work} started in IntelliTrack`);
    return undefined;
  }
  return {
    kind: 'it.delete',
    key: `${spec.prefix}:${qboId}:delete`,
    entity: spec.entity,
    sourceId: qboId,
    action: 'delete',
    summary: `delete IntelliTrack order ${link.itId}: its QBO ${spec.qboEntity} ${qboId} was closed before ${spec.work} started`,
    resource: spec.resource,
    itId: link.itId,
    qboId,
  };
}

/**
 * A QBO order mapped to its IntelliTrack body. No content hash is taken: a linked order is merged
 * field by field against the values its link keeps (`merge.ts`), never compared by hash, and the
 * link by QBO id is what stops a created order from being created again.
 */
interface MappedOrder {
  qboId: string;
  body: Record<string, unknown>;
  seed: LinkSeed;
}

async function mapQboOrder(ctx: FlowContext, spec: OrderSpec, record: QboOrder): Promise<MappedOrder | undefined> {
  const qboId = qboIdOf(record);
  try {
    const value = spec.toIt(ctx, record);
    const body = { ...value, divisionId: ctx.settings.division, externalRef: qboId, origin: 'qbo' };
    const syncToken = String(record.SyncToken ?? '');
    return { qboId, body, seed: { entity: spec.entity, origin: 'qbo', qboId, qboSyncToken: syncToken } };
  } catch (error) {
    await failRecord(ctx, { entity: spec.entity, side: 'qbo', sourceId: qboId }, error);
    return undefined;
  }
}

function createOrderStep(ctx: FlowContext, spec: OrderSpec, m: MappedOrder, record: QboOrder): PlanStep {
  return {
    kind: 'it.create',
    key: `${spec.prefix}:${m.qboId}:create`,
    entity: spec.entity,
    sourceId: m.qboId,
    action: 'create',
    summary: `create IntelliTrack ${spec.work} order ${String(m.body.orderNumber ?? '')} from QBO ${spec.qboEntity} ${m.qboId}`,
    resource: spec.resource,
    body: m.body,
    link: { ...m.seed, data: orderLinkData(ctx, spec, { itShaped: m.body, qboDoc: record }) },
  };
}

/** An open QBO order: created in IntelliTrack, or merged field by field with its IntelliTrack order. */
async function planSyncOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  record: QboOrder,
  link: Link | undefined,
  seen: SeenOrders,
): Promise<PlanStep | PlanStep[] | undefined> {
  if (link) return mergeOrder(ctx, spec, { link, qbo: record }, seen);
  const mapped = await mapQboOrder(ctx, spec, record);
  return mapped ? createOrderStep(ctx, spec, mapped, record) : undefined;
}
