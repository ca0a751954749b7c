/**
 * A write refused for a stale version (QBO 5010 SyncToken, IntelliTrack 409/412) is re-applied once
 * on the record as it is now, unless a field it writes was changed on that side since the write was
 * planned (`step.expect`): re-applying it then would overwrite that edit silently.
 */
import { sameValue } from '../merge/merge.js';
import type { ItUpdateStep, PlanStep, QboWriteStep } from '../plan/steps.js';
import type { ExecContext } from './executor.js';

/**
 * A stale-version write re-read once: the step with the current SyncToken / version, or undefined
 * when it cannot be refreshed (see the module header).
 */
export async function refreshStep(ctx: ExecContext, step: PlanStep): Promise<PlanStep | undefined> {
  const signal = ctx.signal ? { signal: ctx.signal } : {};
  if (step.kind === 'qbo.update') {
    const current = (await ctx.qbo.read(step.qboEntity, String(step.body.Id), signal)) as Record<string, unknown>;
    return refreshedUpdate(step, current);
  }
  if (step.kind === 'it.update') {
    const current = (await ctx.it.get(step.resource, step.itId, signal)) as unknown as Record<string, unknown>;
    if (!unchangedSincePlan(step, current)) return undefined;
    return typeof current.version === 'number' ? { ...step, ifVersion: current.version } : undefined;
  }
  return undefined;
}

/**
 * QBO update `step` re-applied on `current`, the record as QBO holds it now: with its SyncToken, or
 * undefined when `step` is not an update or a field it writes was changed in QBO since it was planned.
 */
export function refreshedUpdate(step: QboWriteStep, current: Record<string, unknown>): QboWriteStep | undefined {
  if (step.kind !== 'qbo.update' || !unchangedSincePlan(step, current)) return undefined;
  return { ...step, body: { ...step.body, SyncToken: current.SyncToken } };
}

/**
 * True when every field `step` writes holds, in `current`, either its value when the write was planned
 * (nobody else changed it) or the value the write carries (our own earlier attempt already applied).
 */
function unchangedSincePlan(step: QboWriteStep | ItUpdateStep, current: Record<string, unknown>): boolean {
  return Object.entries(step.expect ?? {}).every(
    ([field, value]) => sameValue(current[field], value) || holds(current[field], step.body[field]),
  );
}

/** `actual` holds `written`: equal, or for objects and arrays every member written is held (the service may add ids). */
function holds(actual: unknown, written: unknown): boolean {
  if (Array.isArray(written)) {
    return Array.isArray(actual) && actual.length === written.length && written.every((w, i) => holds(actual[i], w));
  }
  if (written !== null && typeof written === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    const record = actual as Record<string, unknown>;
    return Object.entries(written).every(([key, value]) => holds(record[key], value));
  }
  return sameValue(actual, written);
}
