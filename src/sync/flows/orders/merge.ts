import { type FlowContext, mapContext } from '../../context.js';
import { twoWayState, unreadSide } from '../../merge/link-state.js';
import { sameValue } from '../../merge/merge.js';
import type { TwoWayModel } from '../../merge/model.js';
import { hasBundles, orderModel, orderValues, otherLinesOf } from '../../merge/order-model.js';
import { planTwoWay } from '../../merge/plan-record.js';
import type { PlanStep } from '../../plan/steps.js';
import type { Link } from '../../state/store.js';
import { reportConflict } from '../shared.js';
import { type ItOrderRecord, type OrderSpec, type QboOrder, workStarted } from './spec.js';

/** IntelliTrack orders seen in this run's change feed, by IntelliTrack id (fresher than the link). */
export interface SeenOrders {
  /** Every order the feed had. */
  all: Map<string, Record<string, unknown>>;
  /** Linked open orders the feed had that are not merged yet. */
  open: Map<string, { link: Link; record: ItOrderRecord }>;
}

/** An empty {@link SeenOrders}. */
export function newSeen(): SeenOrders {
  return { all: new Map(), open: new Map() };
}

const MODELS = new Map<string, TwoWayModel<QboOrder, ItOrderRecord>>();

/** The field model of an order kind. */
export function modelOf(spec: OrderSpec): TwoWayModel<QboOrder, ItOrderRecord> {
  let model = MODELS.get(spec.entity);
  if (!model) {
    model = orderModel(spec);
    MODELS.set(spec.entity, model);
  }
  return model;
}

/** The price field of an order kind's lines. */
export function priceFieldOf(spec: OrderSpec): 'unitCost' | 'unitPrice' {
  return spec.partyKind === 'vendor' ? 'unitCost' : 'unitPrice';
}

/** What a link keeps of a QBO document for the next rewrite of its lines. */
export function docLayout(ctx: FlowContext, doc: Record<string, unknown>): Record<string, unknown> {
  const lookup = mapContext(ctx).lookup;
  return { otherLines: otherLinesOf(doc, (id) => lookup.itItemId(id) !== undefined), bundles: hasBundles(doc) };
}

/** What a new order link keeps: the synced values and the QBO lines the warehouse does not see. */
export function orderLinkData(
  ctx: FlowContext,
  spec: OrderSpec,
  source: { itShaped: Record<string, unknown>; qboDoc?: Record<string, unknown> },
): Record<string, unknown> {
  return {
    base: orderValues(source.itShaped, priceFieldOf(spec)),
    pending: {},
    decisions: {},
    ...(source.qboDoc ? docLayout(ctx, source.qboDoc) : { otherLines: [], bundles: false }),
  };
}

/** True when work has started on the order (as the feed shows it now, else as last recorded). */
export function started(spec: OrderSpec, link: Link, seen: SeenOrders): boolean {
  const current = seen.all.get(link.itId);
  return current ? workStarted(spec, current) : link.data.workStarted === true;
}

function qboChanged(ctx: FlowContext, model: TwoWayModel, link: Link, qbo: Record<string, unknown>): boolean {
  try {
    return !sameValue(model.qboValues(ctx, qbo), unreadSide(twoWayState(link), 'qbo'));
  } catch {
    // Not mappable: the merge below puts it in the error queue.
    return false;
  }
}

/**
 * Merges a linked order field by field. Once work has started, a QBO edit is a conflict (the
 * warehouse order stays as it is) and only IntelliTrack's edits QBO can take are sent.
 */
export async function mergeOrder(
  ctx: FlowContext,
  spec: OrderSpec,
  target: { link: Link; qbo?: Record<string, unknown> },
  seen: SeenOrders,
): Promise<PlanStep[]> {
  const { link, qbo } = target;
  const it = seen.open.get(link.itId)?.record;
  seen.open.delete(link.itId);
  const model = modelOf(spec);
  if (qbo && started(spec, link, seen) && qboChanged(ctx, model, link, qbo)) {
    reportConflict(ctx, spec.entity, link.qboId, `changed in QBO after ${spec.work} started in IntelliTrack`);
    return it ? planTwoWay(ctx, model, { link, it }) : [];
  }
  const steps = await planTwoWay(ctx, model, { link, qbo, it });
  if (!qbo) return steps;
  // The QBO lines the warehouse does not see, as of this read, for the next rewrite of the lines.
  const layout = docLayout(ctx, qbo);
  for (const step of steps) if ('link' in step) step.link.data = { ...step.link.data, ...layout };
  return steps;
}
