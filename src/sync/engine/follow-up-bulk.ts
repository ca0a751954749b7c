import { ResponseValidationError } from '../../core/errors.js';
import type { ItBulkOperation, ItBulkResult } from '../../intellitrack/api.js';
import { resultSummary } from '../state/links.js';
import type { JournalEntry } from '../state/store.js';
import { type ExecContext, followUpFailed, type JournalBody, runFollowUp } from './executor.js';
import { payloadOf } from './journal.js';
import { IT_BULK_SIZE } from './metered.js';

/** The bulk operation of a journalled follow-up, with its journalled request id as its key. */
export function followUpOperation(entry: JournalEntry): ItBulkOperation | undefined {
  const payload = payloadOf<JournalBody>(entry);
  if (payload.body.type !== 'follow') return undefined;
  const { follow, qboId } = payload.body;
  const idempotencyKey = payload.requestId;
  if (follow.kind === 'it.markAdjustmentExported') {
    return { kind: 'exportAdjustment', id: follow.adjustmentId, body: { externalRef: qboId }, idempotencyKey };
  }
  return {
    kind: 'update',
    resource: follow.resource,
    id: follow.itId,
    body: { externalRef: qboId } as never,
    idempotencyKey,
  } as ItBulkOperation;
}

/**
 * Sends journalled follow-ups (IntelliTrack writes after QBO writes) in bulk requests of ≤ 100, each
 * settled by its own result exactly as {@link runFollowUp} settles it alone; without `bulk()` on the
 * IntelliTrack port, one request each. A failure of a request as a whole fails each of its follow-ups
 * the same way (a lost answer leaves them pending, re-sent with the same keys).
 */
export async function sendFollowUps(ctx: ExecContext, entries: readonly JournalEntry[]): Promise<void> {
  const bulk = ctx.it.bulk?.bind(ctx.it);
  if (!bulk) {
    for (const entry of entries) await runFollowUp(ctx, entry);
    return;
  }
  for (let i = 0; i < entries.length; i += IT_BULK_SIZE) {
    ctx.signal?.throwIfAborted();
    const group = entries.slice(i, i + IT_BULK_SIZE);
    const operations = group.map((entry) => followUpOperation(entry) as ItBulkOperation);
    let results: ItBulkResult[];
    try {
      results = await bulk(operations, ctx.signal ? { signal: ctx.signal } : {});
    } catch (error) {
      for (const entry of group) await followUpFailed(ctx, entry, error);
      continue;
    }
    // The accepted ones are settled in one store call, then the others one by one.
    await ctx.journal.doneAll(
      group.flatMap((entry, index) => {
        const result = results[index];
        return result?.ok ? [{ entry, result: resultSummary(result.record ?? {}) }] : [];
      }),
    );
    for (const [index, entry] of group.entries()) {
      const result = results[index];
      if (!result?.ok) await followUpFailed(ctx, entry, result?.error ?? missingResult(entry, index));
    }
  }
}

/** No result for a follow-up: whether it took effect is unknown, so it stays pending under its key. */
function missingResult(entry: JournalEntry, index: number): Error {
  const issues = [{ path: `results.${index}`, message: `no result for follow-up ${entry.key}` }];
  return new ResponseValidationError({ service: 'intellitrack', entity: 'BulkResponse', url: '/bulk', issues });
}
