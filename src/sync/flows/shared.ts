import type { FlowContext } from '../context.js';
import { classifyError } from '../errors-policy.js';
import { asError } from '../events.js';
import type { PlanStep } from '../plan.js';
import type { RecordOrigin, SyncEntity } from '../store.js';

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
    message: error instanceof Error ? error.message : String(error),
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
