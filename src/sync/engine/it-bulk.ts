import { ResponseValidationError } from '../../core/errors.js';
import type { ItBulkOperation } from '../../intellitrack/api.js';
import type { PlanStep } from '../plan/steps.js';
import type { JournalEntry } from '../state/store.js';
import { classifyError } from './errors-policy.js';
import { type ExecContext, type JournalBody, recordFailure, type Settle, settleRefused } from './executor.js';
import { payloadOf } from './journal.js';

/** A journalled IntelliTrack write and the bulk operation that sends it. */
export interface BulkItem {
  entry: JournalEntry;
  step: PlanStep;
  operation: ItBulkOperation;
}

/**
 * The bulk operation of a journalled step, keyed by the step's journalled request id; undefined for
 * what a bulk request cannot carry (QBO steps, follow-ups, batches).
 */
export function bulkItemOf(entry: JournalEntry): BulkItem | undefined {
  const payload = payloadOf<JournalBody>(entry);
  if (payload.body.type !== 'step') return undefined;
  const step = payload.body.step;
  const idempotencyKey = payload.requestId;
  const operation = bulkOperation(step, idempotencyKey);
  return operation ? { entry, step, operation } : undefined;
}

function bulkOperation(step: PlanStep, idempotencyKey: string): ItBulkOperation | undefined {
  switch (step.kind) {
    case 'it.create':
      return { kind: 'create', resource: step.resource, body: step.body as never, idempotencyKey };
    case 'it.update':
      return {
        kind: 'update',
        resource: step.resource,
        id: step.itId,
        body: step.body as never,
        ...(step.ifVersion === null ? {} : { ifVersion: step.ifVersion }),
        idempotencyKey,
      };
    case 'it.delete':
      return { kind: 'delete', resource: step.resource, id: step.itId, idempotencyKey };
    case 'it.loadInventory':
      return { kind: 'loadInventory', body: step.body, idempotencyKey };
    default:
      return undefined;
  }
}

/**
 * Sends journalled IntelliTrack writes in one bulk request (the client splits it into requests of
 * its own size limit) and settles each by its own result, exactly as a single request would be
 * ({@link settleRefused} for the refused ones). A failure of the request as a whole fails each of
 * its writes the same way (fatal errors stop the run; the journal keeps them pending for the next).
 */
export async function runBulk(ctx: ExecContext, items: readonly BulkItem[], settle: Settle): Promise<void> {
  if (items.length === 0) return;
  const bulk = ctx.it.bulk?.bind(ctx.it);
  if (!bulk) throw new TypeError('runBulk needs an IntelliTrackApi with bulk()');
  let results: Awaited<ReturnType<typeof bulk>>;
  try {
    results = await bulk(
      items.map((item) => item.operation),
      ctx.signal ? { signal: ctx.signal } : {},
    );
  } catch (error) {
    if (classifyError(error) === 'fatal') throw error;
    for (const item of items) await recordFailure(ctx, item.entry, item.step, error);
    return;
  }
  for (const [i, item] of items.entries()) {
    const result = results[i];
    if (!result) {
      // Whether it took effect is unknown: left pending (uncertain), re-sent with its key next run.
      const issues = [{ path: `results.${i}`, message: `no result for ${item.step.key}` }];
      const error = new ResponseValidationError({
        service: 'intellitrack',
        entity: 'BulkResponse',
        url: '/bulk',
        issues,
      });
      await recordFailure(ctx, item.entry, item.step, error);
    } else if (result.ok) {
      await settle(item.entry, item.step, (result.record ?? {}) as Record<string, unknown>);
    } else {
      await settleRefused(ctx, item.entry, item.step, result.error, { settle, refresh: true });
    }
  }
}
