import { asError } from '../events.js';
import type { FollowUp } from '../plan/steps.js';
import { describeError } from '../report.js';
import type { FailedRecord, JournalEntry } from '../state/store.js';
import type { ExecContext, JournalBody } from './executor.js';

/**
 * How many times a follow-up write (an IntelliTrack adjustment marked exported, an `externalRef`
 * set after a QBO write) is sent, across runs, while IntelliTrack refuses it (a 409, 404 or 422):
 * after that it is a failed record in the error queue, no longer re-sent automatically;
 * `retryFailed()` sends it once more. Transient failures (5xx, throttling, a lost answer) do not
 * count: the write stays pending and the next run re-sends it.
 */
export const MAX_FOLLOW_UP_ATTEMPTS = 3;

/** `FailedRecord.operation` of a follow-up given up on (see {@link MAX_FOLLOW_UP_ATTEMPTS}). */
export const FOLLOW_UP_OPERATION = 'follow-up';

/** The error-queue id of the follow-up journalled under `key`. */
export function followUpFailedId(key: string): string {
  return `${FOLLOW_UP_OPERATION}:${key}`;
}

/** The journal key of a follow-up in the error queue, or undefined for any other failed record. */
export function followUpKeyOf(failed: FailedRecord): string | undefined {
  if (failed.operation !== FOLLOW_UP_OPERATION) return undefined;
  return failed.id.slice(FOLLOW_UP_OPERATION.length + 1);
}

/** The IntelliTrack record a follow-up writes to. */
function followUpTarget(follow: FollowUp): string {
  return follow.kind === 'it.markAdjustmentExported' ? follow.adjustmentId : follow.itId;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Records a follow-up IntelliTrack refused: a failed record of this run's report and an `error`
 * event each time; pending (re-sent by the next run) until its {@link MAX_FOLLOW_UP_ATTEMPTS}th
 * refusal, then failed in the journal and put in the error queue with the reason.
 */
export async function refuseFollowUp(
  ctx: ExecContext,
  entry: JournalEntry,
  body: Extract<JournalBody, { type: 'follow' }>,
  error: unknown,
): Promise<void> {
  const sourceId = followUpTarget(body.follow);
  const attempts = entry.attempts + 1;
  ctx.report.fail(entry.entity, sourceId, error);
  ctx.events.emit('error', { error: asError(error), entity: entry.entity, id: sourceId, operation: ctx.operation });
  if (attempts < MAX_FOLLOW_UP_ATTEMPTS) {
    const now = ctx.clock.now();
    await ctx.store.putJournal({ ...entry, attempts, error: errorText(error), updatedAt: now });
    ctx.report.notes.push(
      `follow-up ${entry.key} refused (${attempts} of ${MAX_FOLLOW_UP_ATTEMPTS} attempts): ${errorText(error)}; the next run sends it again`,
    );
    return;
  }
  await ctx.store.transaction(async () => {
    await ctx.journal.failed(entry, error);
    await queueFollowUp(ctx, entry, sourceId, error);
  });
  ctx.report.notes.push(
    `follow-up ${entry.key} refused ${attempts} times: ${errorText(error)}; not re-sent automatically, it is in the error queue (retryFailed() sends it again)`,
  );
}

async function queueFollowUp(ctx: ExecContext, entry: JournalEntry, sourceId: string, error: unknown): Promise<void> {
  const id = followUpFailedId(entry.key);
  const old = await ctx.store.getFailed(id);
  const now = ctx.clock.now();
  const { errorName, message, code } = describeError(sourceId, error);
  await ctx.store.putFailed({
    id,
    entity: entry.entity,
    side: 'intellitrack',
    sourceId,
    operation: FOLLOW_UP_OPERATION,
    errorName,
    message,
    code,
    attempts: Math.max(entry.attempts + 1, (old?.attempts ?? 0) + 1),
    firstFailedAt: old?.firstFailedAt ?? entry.createdAt,
    lastFailedAt: now,
  });
}
