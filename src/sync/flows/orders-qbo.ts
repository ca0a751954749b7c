import { contentHash } from '../../mappers/index.js';
import { type FlowContext, qboIdOf, refValue, runMapper } from '../context.js';
import { shortDigest } from '../journal.js';
import type { LinkSeed, PlanStep } from '../plan.js';
import { hasPlanned } from '../planned.js';
import type { Link } from '../store.js';
import { type OrderSpec, workStarted } from './order-spec.js';
import { failRecord, reportConflict } from './shared.js';

/** IntelliTrack orders seen in this run's change feed, by IntelliTrack id (fresher than the link). */
export type SeenOrders = Map<string, Record<string, unknown>>;

function lineItemRefs(record: Record<string, unknown>): string[] {
  const lines = Array.isArray(record.Line) ? (record.Line as Record<string, unknown>[]) : [];
  return lines.map((l) => {
    const detail = (l.ItemBasedExpenseLineDetail ?? l.SalesItemLineDetail) as Record<string, unknown> | undefined;
    return refValue(detail?.ItemRef) ?? '';
  });
}

/** Loads the links the mapper of a page of QBO orders will look up. */
export async function loadOrderRefs(ctx: FlowContext, spec: OrderSpec, page: Record<string, unknown>[]): Promise<void> {
  await ctx.refs.loadQbo(
    spec.partyKind,
    page.map((r) => refValue(r[spec.partyRef])),
  );
  await ctx.refs.loadQbo('item', page.flatMap(lineItemRefs));
}

function started(spec: OrderSpec, link: Link, seen: SeenOrders): boolean {
  const current = seen.get(link.itId);
  return current ? workStarted(spec, current) : link.data.workStarted === true;
}

/** Plans what a QBO order (created, changed, closed) means for its IntelliTrack order. */
export async function planQboOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  record: Record<string, unknown>,
  seen: SeenOrders,
): Promise<PlanStep | undefined> {
  const qboId = qboIdOf(record);
  const link = await ctx.store.getLinkByQboId(spec.entity, qboId);
  if (link && link.origin !== 'qbo') {
    ctx.report.count(spec.entity, 'unchanged');
    return undefined;
  }
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

/** A QBO order mapped to its IntelliTrack body, with the content hash of that body. */
interface MappedOrder {
  qboId: string;
  body: Record<string, unknown>;
  hash: string;
  seed: LinkSeed;
}

async function mapQboOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  record: Record<string, unknown>,
): Promise<MappedOrder | undefined> {
  const qboId = qboIdOf(record);
  try {
    const value = runMapper<Record<string, unknown>>(ctx, spec.toItMapper, record);
    const body = { ...value, divisionId: ctx.settings.division, externalRef: qboId, origin: 'qbo' };
    const hash = contentHash(body);
    const syncToken = String(record.SyncToken ?? '');
    const seed: LinkSeed = { entity: spec.entity, origin: 'qbo', qboId, qboHash: hash, qboSyncToken: syncToken };
    // A vendor, customer or item this plan creates: the hash is taken again once its id is known.
    if (ctx.dryRun && hasPlanned(body)) seed.hashSource = body;
    return { qboId, body, hash, seed };
  } catch (error) {
    await failRecord(ctx, { entity: spec.entity, side: 'qbo', sourceId: qboId }, error);
    return undefined;
  }
}

function createOrderStep(spec: OrderSpec, m: MappedOrder): PlanStep {
  return {
    kind: 'it.create',
    key: `${spec.prefix}:${m.qboId}:create`,
    entity: spec.entity,
    sourceId: m.qboId,
    action: 'create',
    summary: `create IntelliTrack ${spec.work} order ${String(m.body.orderNumber ?? '')} from QBO ${spec.qboEntity} ${m.qboId}`,
    resource: spec.resource,
    body: m.body,
    link: m.seed,
  };
}

function updateOrderStep(spec: OrderSpec, m: MappedOrder, link: Link): PlanStep {
  const { divisionId: _d, ...patch } = m.body;
  return {
    kind: 'it.update',
    key: `${spec.prefix}:${m.qboId}:update:${shortDigest(m.hash)}`,
    entity: spec.entity,
    sourceId: m.qboId,
    action: 'update',
    summary: `update IntelliTrack order ${link.itId} from QBO ${spec.qboEntity} ${m.qboId}`,
    resource: spec.resource,
    itId: link.itId,
    body: patch,
    ifVersion: link.itVersion,
    link: { ...m.seed, itId: link.itId },
  };
}

/** An open QBO order: created in IntelliTrack, or updated there unless work started or both sides changed. */
async function planSyncOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  record: Record<string, unknown>,
  link: Link | undefined,
  seen: SeenOrders,
): Promise<PlanStep | undefined> {
  const mapped = await mapQboOrder(ctx, spec, record);
  if (!mapped) return undefined;
  if (!link) return createOrderStep(spec, mapped);
  if (link.qboHash === mapped.hash) {
    ctx.report.count(spec.entity, 'unchanged');
    return undefined;
  }
  const current = seen.get(link.itId);
  if (started(spec, link, seen) || (current && current.version !== link.itVersion)) {
    const reason = `changed in QBO and in IntelliTrack (or after ${spec.work} started) since the last sync`;
    reportConflict(ctx, spec.entity, mapped.qboId, reason);
    return undefined;
  }
  return updateOrderStep(spec, mapped, link);
}
