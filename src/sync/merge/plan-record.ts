import { FieldConflictError } from '../../core/errors.js';
import { contentHash } from '../../mappers/index.js';
import type { FlowContext } from '../context.js';
import { shortDigest } from '../engine/journal.js';
import { failRecord, queueRecord, reportConflict } from '../flows/shared.js';
import type { ItUpdateStep, LinkSeed, PlanStep, QboWriteStep } from '../plan/steps.js';
import type { Link } from '../state/store.js';
import { isDeleted } from './deletion.js';
import { nextLinkData, sourceIdOf, type TwoWayState, twoWayState, unreadSide } from './link-state.js';
import { type MergeResult, mergeFields, sameValue } from './merge.js';
import { itUpdatedAt, qboUpdatedAt, type TwoWayModel } from './model.js';

/** A linked record and whichever of its sides this run read (a side not read has not changed). */
export interface TwoWayTarget {
  link: Link;
  qbo?: Record<string, unknown> | undefined;
  it?: Record<string, unknown> | undefined;
}

/**
 * The sides this run read. Our own last write coming back through CDC or the feed is compared like
 * any read (it matches the last synced values): a SyncToken or version alone cannot tell it from an
 * edit someone saved while the write was re-sent after a stale-version refusal.
 */
function fresh(target: TwoWayTarget): { qbo?: Record<string, unknown>; it?: Record<string, unknown> } {
  const { qbo, it } = target;
  return { ...(qbo ? { qbo } : {}), ...(it ? { it } : {}) };
}

/**
 * True when an IntelliTrack record read from the feed holds exactly what the link says its side holds
 * (the last synced values, or its own side of an open conflict): e.g. our own write coming back.
 */
export function itSideUnchanged(
  ctx: FlowContext,
  model: TwoWayModel,
  link: Link,
  record: Record<string, unknown>,
): boolean {
  const state = twoWayState(link);
  return state.base !== undefined && sameValue(model.itValues(ctx, record), unreadSide(state, 'intellitrack'));
}

function merge(ctx: FlowContext, model: TwoWayModel, state: TwoWayState, read: ReturnType<typeof fresh>) {
  const result = mergeFields({
    fields: model.fields,
    base: state.base ?? {},
    qbo: {
      values: read.qbo ? model.qboValues(ctx, read.qbo) : unreadSide(state, 'qbo'),
      updatedAt: read.qbo ? qboUpdatedAt(read.qbo) : undefined,
    },
    it: {
      values: read.it ? model.itValues(ctx, read.it) : unreadSide(state, 'intellitrack'),
      updatedAt: read.it ? itUpdatedAt(read.it) : undefined,
    },
    policies: ctx.settings.conflicts[model.entity],
    decisions: state.decisions,
  });
  // A decision for a side this run did not read waits until that side is read (or retried).
  if (!read.qbo) holdBack(result, 'toIt', state);
  if (!read.it) holdBack(result, 'toQbo', state);
  return result;
}

function holdBack(result: MergeResult, list: 'toIt' | 'toQbo', state: TwoWayState): void {
  for (const field of result[list].splice(0)) {
    const pair = result.differing.find((d) => d.field === field);
    result.merged[field] = state.base?.[field] ?? null;
    if (pair) result.conflicts.push(pair);
  }
}

/** Drops the fields QBO cannot take (reported as skipped with the reason); they stay as last synced. */
function refuse(ctx: FlowContext, model: TwoWayModel, target: TwoWayTarget, result: MergeResult, it: unknown) {
  const refusal = model.refuseToQbo?.(it as Record<string, unknown>, result.toQbo, target.link);
  if (!refusal) return;
  const { fields, reason } = refusal;
  result.toQbo = result.toQbo.filter((f) => !fields.includes(f));
  const base = twoWayState(target.link).base ?? {};
  for (const field of fields) result.merged[field] = base[field] ?? null;
  ctx.report.skip(model.entity, sourceIdOf(target.link), `IntelliTrack edit not sent to QBO: ${reason}`);
}

/**
 * Plans one linked two-way record: a three-way merge of the sides this run read against the last
 * synced values, then an IntelliTrack update with QBO's changes, a QBO sparse update with
 * IntelliTrack's, and the new last synced values on the link. Fields in a `manual` conflict are
 * reported and queued with both values. A mapping failure goes to the error queue.
 */
export async function planTwoWay(ctx: FlowContext, model: TwoWayModel, target: TwoWayTarget): Promise<PlanStep[]> {
  const { link } = target;
  const id = sourceIdOf(link);
  if (isDeleted(link)) {
    const side = link.data.deletedInQbo === true ? 'QBO' : 'IntelliTrack';
    ctx.report.skip(model.entity, id, `deleted in ${side} (the other side was made inactive); edits are not synced`);
    return [];
  }
  const state = twoWayState(link);
  const read = fresh(target);
  let result: MergeResult;
  let steps: PlanStep[] = [];
  try {
    result = merge(ctx, model, state, read);
    if (result.toQbo.length > 0) refuse(ctx, model, target, result, read.it);
    // A record with a field waiting for a decision waits whole: nothing of it is written.
    if (result.conflicts.length === 0) steps = writeSteps(ctx, model, { link, read, result, state });
  } catch (error) {
    await failRecord(ctx, { entity: model.entity, side: link.origin, sourceId: id }, error);
    return [];
  }
  if (result.conflicts.length > 0) await queueConflict(ctx, model, link, result);
  else if (result.toIt.length > 0 || result.toQbo.length > 0) ctx.report.fields(model.entity, fieldReport(id, result));
  else ctx.report.count(model.entity, 'unchanged');
  const data = nextLinkData(result, state);
  const changed = ['base', 'pending', 'decisions'].some((k) => !sameValue(data[k], state[k as keyof TwoWayState]));
  if (steps.length === 0 && changed) steps.push(stateStep(model, link, data));
  return steps;
}

function fieldReport(id: string, result: MergeResult) {
  return { id, toQbo: result.toQbo, toIntelliTrack: result.toIt, decided: result.decided };
}

async function queueConflict(ctx: FlowContext, model: TwoWayModel, link: Link, result: MergeResult): Promise<void> {
  const error = new FieldConflictError({ entity: model.entity, sourceId: sourceIdOf(link), fields: result.conflicts });
  reportConflict(ctx, model.entity, sourceIdOf(link), error.message);
  await queueRecord(ctx, { entity: model.entity, side: link.origin, sourceId: sourceIdOf(link) }, error);
}

function seedOf(link: Link, data: Record<string, unknown>): LinkSeed {
  return { entity: link.entity, origin: link.origin, qboId: link.qboId, itId: link.itId, data };
}

function stateStep(model: TwoWayModel, link: Link, data: Record<string, unknown>): PlanStep {
  return {
    kind: 'state.link',
    key: `${model.prefix}:${sourceIdOf(link)}:fields`,
    entity: model.entity,
    sourceId: sourceIdOf(link),
    action: 'none',
    summary: `remember the synced fields of ${model.entity} ${sourceIdOf(link)}`,
    link: { ...seedOf(link, data), qboId: link.qboId, itId: link.itId },
  };
}

interface Planned {
  link: Link;
  read: ReturnType<typeof fresh>;
  result: MergeResult;
  state: TwoWayState;
}

/** Link data of a write that carries `sent` fields: their synced values (and those both sides agree on). */
function writtenData(data: Record<string, unknown>, fields: readonly string[], other: readonly string[]) {
  const base = data.base as Record<string, unknown>;
  const kept = fields.filter((f) => !other.includes(f));
  return { ...data, base: Object.fromEntries(kept.map((f) => [f, base[f] ?? null])) };
}

function writeSteps(ctx: FlowContext, model: TwoWayModel, planned: Planned): PlanStep[] {
  const { link, read, result } = planned;
  const data = nextLinkData(result, planned.state);
  const steps: PlanStep[] = [];
  // Each write settles only the fields it carries: if the other is lost (a crash, a refusal, a write
  // held for manual posting), the next run still sees those fields differ and plans them again.
  const toQbo =
    result.toQbo.length > 0 && read.it
      ? qboStep(ctx, model, planned, writtenData(data, model.fields, result.toIt))
      : undefined;
  if (result.toIt.length > 0 && read.qbo) {
    const step = itStep(ctx, model, planned, writtenData(data, model.fields, result.toQbo));
    // The QBO write settles the SyncToken; without one, the token read is the current one.
    if (!toQbo) step.link.qboSyncToken = String(read.qbo.SyncToken ?? link.qboSyncToken ?? '');
    steps.push(step);
  }
  if (toQbo) {
    if (steps.length === 0 && read.it) toQbo.link.itVersion = Number(read.it.version);
    // One record updated on both sides counts once (a held QBO write is counted as held).
    if (steps.length > 0 && !ctx.settings.manualPosting) toQbo.action = 'none';
    steps.push(toQbo);
  }
  return steps;
}

function itStep(ctx: FlowContext, model: TwoWayModel, planned: Planned, data: Record<string, unknown>): ItUpdateStep {
  const { link, read, result } = planned;
  const body = model.itPatch(ctx, read.qbo ?? {}, result.toIt);
  const ifVersion = read.it ? Number(read.it.version) : link.itVersion;
  const id = sourceIdOf(link);
  return {
    kind: 'it.update',
    key: `${model.prefix}:${id}:to-it:${shortDigest(contentHash({ body, ifVersion }))}`,
    entity: model.entity,
    sourceId: id,
    action: 'update',
    summary: `update ${result.toIt.join(', ')} of IntelliTrack ${model.entity} ${link.itId} from QBO ${model.qboEntity} ${link.qboId}`,
    resource: model.resource,
    itId: link.itId,
    body,
    ifVersion,
    link: seedOf(link, data),
    ...(read.it ? { expect: valuesOf(read.it, body) } : {}),
  };
}

function qboStep(ctx: FlowContext, model: TwoWayModel, planned: Planned, data: Record<string, unknown>): QboWriteStep {
  const { link, read, result } = planned;
  const token = String(read.qbo?.SyncToken ?? link.qboSyncToken ?? '0');
  const patch = model.qboPatch(ctx, read.it ?? {}, result.toQbo, link);
  const body = { ...patch, Id: link.qboId, SyncToken: token, sparse: true };
  const id = sourceIdOf(link);
  return {
    kind: 'qbo.update',
    key: `${model.prefix}:${id}:to-qbo:${shortDigest(contentHash(body))}`,
    entity: model.entity,
    sourceId: id,
    action: 'update',
    summary: `update ${result.toQbo.join(', ')} of QBO ${model.qboEntity} ${link.qboId} from IntelliTrack ${model.entity} ${link.itId}`,
    qboEntity: model.qboEntity,
    body,
    link: seedOf(link, data),
    ...(read.qbo ? { expect: valuesOf(read.qbo, patch) } : {}),
  };
}

/** The values `record` held for each field `patch` writes (null where it had none). */
function valuesOf(record: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(patch).map((field) => [field, record[field] ?? null]));
}
