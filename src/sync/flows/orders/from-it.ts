import type { FlowContext } from '../../context.js';
import type { PlanStep, QboWriteStep } from '../../plan/steps.js';
import type { Link } from '../../state/store.js';
import { failRecord, reportConflict } from '../shared.js';
import { orderLinkData } from './merge.js';
import { fullyDone, type ItOrderRecord, type OrderSpec, partyIdOf, type QboOrder, workStarted } from './spec.js';

/** One linked IntelliTrack order from the change feed, with its link. */
export interface ItOrder {
  record: ItOrderRecord;
  link: Link;
}

/**
 * Whether a closed IntelliTrack order is posted back, decided from the order and the settings alone
 * (nothing is read from QBO for an order that is not); a skip is reported with its reason.
 */
export function wantsPostBack(ctx: FlowContext, spec: OrderSpec, order: ItOrder): boolean {
  const itId = String(order.record.id);
  const options = spec.options(ctx.settings);
  if (!options.enabled) {
    ctx.report.skip(spec.entity, itId, `closed in IntelliTrack; ${spec.work} post-back is off`);
    return false;
  }
  if (!fullyDone(spec, order.record) && !options.partial) {
    ctx.report.skip(spec.entity, itId, `closed with less than ordered; partial post-back is off`);
    return false;
  }
  return true;
}

/** The post-back (Bill / Invoice) of a closed IntelliTrack order to post back, given its QBO document. */
export function planPostBack(
  ctx: FlowContext,
  spec: OrderSpec,
  order: ItOrder,
  doc: QboOrder | undefined,
): PlanStep | undefined {
  const itId = String(order.record.id);
  if (!doc) {
    reportConflict(ctx, spec.entity, itId, `its QBO ${spec.qboEntity} ${order.link.qboId} no longer exists`);
    return undefined;
  }
  const body = spec.postBack(ctx, order.record, doc);
  return {
    kind: 'qbo.create',
    key: `${spec.prefix}:${itId}:postback`,
    entity: spec.entity,
    sourceId: itId,
    action: 'update',
    summary: `post the ${spec.work} of IntelliTrack order ${itId} to QBO as a ${spec.postBackEntity} linked to ${spec.qboEntity} ${order.link.qboId}`,
    qboEntity: spec.postBackEntity,
    body,
    link: {
      entity: spec.entity,
      origin: order.link.origin,
      qboId: order.link.qboId,
      itId,
      itVersion: Number(order.record.version),
      resultField: spec.resultField,
      data: { postedBack: true, workStarted: true },
    },
  };
}

/** An IntelliTrack-originated order mapped to its QBO document body. */
export interface MappedItOrder {
  record: ItOrderRecord;
  body: Record<string, unknown>;
  docNumber: string;
}

/** Maps an IntelliTrack-originated order (number prefixed); a mapping failure goes to the error queue. */
export async function mapItOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  record: ItOrderRecord,
): Promise<MappedItOrder | undefined> {
  const itId = String(record.id);
  await ctx.refs.loadIt(spec.partyKind, [partyIdOf(spec, record)]);
  const lines = Array.isArray(record.lines) ? (record.lines as Record<string, unknown>[]) : [];
  await ctx.refs.loadIt(
    'item',
    lines.map((l) => String(l.itemId)),
  );
  try {
    const body = spec.toQbo(ctx, record);
    return { record, body, docNumber: typeof body.DocNumber === 'string' ? body.DocNumber : '' };
  } catch (error) {
    await failRecord(ctx, { entity: spec.entity, side: 'intellitrack', sourceId: itId }, error);
    return undefined;
  }
}

/** The QBO create for a mapped IntelliTrack-originated order; a taken order number is a conflict. */
export function itOrderStep(
  ctx: FlowContext,
  spec: OrderSpec,
  mapped: MappedItOrder,
  taken: ReadonlySet<string>,
): QboWriteStep | undefined {
  const { record, body, docNumber } = mapped;
  const itId = String(record.id);
  if (docNumber !== '' && taken.has(docNumber)) {
    reportConflict(ctx, spec.entity, itId, `order number ${docNumber} is already used by a QBO ${spec.qboEntity}`);
    return undefined;
  }
  return {
    kind: 'qbo.create',
    key: `${spec.itPrefix}:${itId}:create`,
    entity: spec.entity,
    sourceId: itId,
    action: 'create',
    summary: `create QBO ${spec.qboEntity} ${docNumber} from IntelliTrack order ${itId}`,
    qboEntity: spec.qboEntity,
    body,
    link: {
      entity: spec.entity,
      origin: 'intellitrack',
      itId,
      itVersion: Number(record.version),
      data: { workStarted: workStarted(spec, record), ...orderLinkData(ctx, spec, { itShaped: record }) },
    },
    followUps: [{ kind: 'it.setExternalRef', key: `${spec.itPrefix}:${itId}:ref`, resource: spec.resource, itId }],
  };
}

/** QBO DocNumbers among `numbers` already in use (one query per ≤ 1000 numbers). */
export async function takenDocNumbers(
  ctx: FlowContext,
  spec: OrderSpec,
  numbers: readonly string[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < numbers.length; i += 1000) {
    const query = {
      entity: spec.qboEntity,
      where: [{ field: 'DocNumber', operator: 'IN' as const, value: numbers.slice(i, i + 1000) }],
    };
    for await (const page of ctx.qbo.pages(query, ctx.signal ? { signal: ctx.signal } : {})) {
      for (const doc of page.records as unknown as Record<string, unknown>[]) {
        if (typeof doc.DocNumber === 'string') taken.add(doc.DocNumber);
      }
    }
  }
  return taken;
}
