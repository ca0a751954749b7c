import { persistableMessage } from '../../core/redact.js';
import type { ItResource } from '../../intellitrack/api.js';
import type { FlowContext } from '../context.js';
import { classifyError } from '../engine/errors-policy.js';
import { asError } from '../events.js';
import type { PlanStep } from '../plan/steps.js';
import { readItChanges } from '../read/sources.js';
import type { RecordOrigin, SyncEntity } from '../state/store.js';

/**
 * Puts a record that could not be planned (a mapping error, a missing reference) in the report and
 * the error queue; the run goes on. Fatal errors (auth, configuration, abort) propagate.
 * @throws the error itself when it is fatal.
 */
export async function failRecord(
  ctx: FlowContext,
  record: { entity: SyncEntity; side: RecordOrigin; sourceId: string },
  error: unknown,
): Promise<void> {
  if (classifyError(error) === 'fatal') throw error;
  ctx.report.fail(record.entity, record.sourceId, error);
  ctx.events.emit('error', {
    error: asError(error),
    entity: record.entity,
    id: record.sourceId,
    operation: ctx.operation,
  });
  ctx.events.emit('record', { entity: record.entity, id: record.sourceId, action: 'failed', dryRun: ctx.dryRun });
  await queueRecord(ctx, record, error);
}

/** Puts a record in the error queue with `error` (nothing in a dry run); the report is the caller's. */
export async function queueRecord(
  ctx: FlowContext,
  record: { entity: SyncEntity; side: RecordOrigin; sourceId: string },
  error: unknown,
): Promise<void> {
  if (ctx.dryRun) return;
  const id = `${record.entity}:${record.side}:${record.sourceId}`;
  const now = ctx.clock.now();
  const old = await ctx.store.getFailed(id);
  await ctx.store.putFailed({
    id,
    entity: record.entity,
    side: record.side,
    sourceId: record.sourceId,
    operation: ctx.operation,
    errorName: error instanceof Error ? error.name : 'Error',
    message: persistableMessage(error),
    code: null,
    attempts: (old?.attempts ?? 0) + 1,
    firstFailedAt: old?.firstFailedAt ?? now,
    lastFailedAt: now,
  });
}

/** Reports a conflict and emits it. */
export function reportConflict(ctx: FlowContext, entity: SyncEntity, id: string, reason: string): void {
  ctx.report.conflict(entity, id, reason);
  ctx.events.emit('conflict', { entity, id, reason });
}

/** Keeps the defined steps of a list. */
export function compact(steps: readonly (PlanStep | undefined)[]): PlanStep[] {
  return steps.filter((s): s is PlanStep => s !== undefined);
}

/** The IntelliTrack change feed of `resource` a flow reads: the run's division, store and signal. */
export function itFeed<R extends ItResource>(ctx: FlowContext, resource: R): ReturnType<typeof readItChanges<R>> {
  return readItChanges({
    it: ctx.it,
    watermarks: ctx.watermarks,
    resource,
    divisionId: ctx.settings.division,
    signal: ctx.signal,
  });
}
