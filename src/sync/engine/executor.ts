import type { Clock } from '../../core/clock.js';
import {
  ConflictError,
  DuplicateNameError,
  NotFoundError,
  ResponseValidationError,
  WriteOutcomeUnknownError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { persistableMessage } from '../../core/redact.js';
import type { IntelliTrackApi } from '../../intellitrack/api.js';
import type { QboApi } from '../../qbo/api.js';
import type { ActivityRecorder } from '../activity/recorder.js';
import type { SyncEventEmitter } from '../events.js';
import { asError } from '../events.js';
import { type FollowUp, isQboStep, type PlanStep, type QboWriteStep } from '../plan/steps.js';
import type { ReportBuilder } from '../report.js';
import { LinkBuffer } from '../state/link-buffer.js';
import { linkOfStep, resultSummary, settleLink } from '../state/links.js';
import type { LinkSide } from '../state/many-reads.js';
import { removeFailedRecords } from '../state/many-writes.js';
import type { FailedRecord, JournalEntry, RecordOrigin, StateStore, SyncEntity } from '../state/store.js';
import { classifyError, isOutcomeUnknown } from './errors-policy.js';
import { refuseFollowUp } from './follow-ups.js';
import { type Journal, payloadOf } from './journal.js';
import { refreshStep } from './refresh.js';

/** What applying a plan needs. */
export interface ExecContext {
  qbo: QboApi;
  it: IntelliTrackApi;
  store: StateStore;
  journal: Journal;
  report: ReportBuilder;
  events: SyncEventEmitter;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal | undefined;
  /** The flow or operation name, for the error queue. */
  operation: string;
  /** The run's activity log (runs that write only). */
  activity?: ActivityRecorder;
  /** Where settled QBO writes leave their journalled follow-ups, to be sent together; else each is sent at once. */
  followUps?: JournalEntry[];
}

/** Journal payload bodies, by shape. */
export type JournalBody =
  | { type: 'step'; step: PlanStep }
  | { type: 'batch'; steps: QboWriteStep[] }
  | { type: 'follow'; follow: FollowUp; qboId: string };

type Sent = Record<string, unknown>;

/** What settles a write the service accepted (e.g. at once, or later with others in one transaction). */
export type Settle = (entry: JournalEntry, step: PlanStep, result: Record<string, unknown>) => Promise<void>;

/** How {@link runSingle} sends a journalled step. */
export interface RunSingleOptions {
  /** Re-read and re-apply once after a stale version. @default true */
  refresh?: boolean;
  /** Settles the accepted write. @default {@link settleStep}, in a transaction of its own */
  settle?: Settle;
}

async function sendStep(ctx: ExecContext, step: PlanStep, requestId: string): Promise<Sent> {
  const signal = ctx.signal;
  const it = { idempotencyKey: requestId, ...(signal ? { signal } : {}) };
  switch (step.kind) {
    case 'it.create':
      return (await ctx.it.create(step.resource, step.body as never, it)) as Sent;
    case 'it.update':
      return (await ctx.it.update(step.resource, step.itId, step.body as never, {
        ...it,
        ...(step.ifVersion === null ? {} : { ifVersion: step.ifVersion }),
      })) as Sent;
    case 'it.delete':
      await ctx.it.delete(step.resource, step.itId, it);
      return {};
    case 'it.loadInventory':
      return (await ctx.it.loadInventory(step.body, it)) as Sent;
    case 'qbo.create':
      return (await ctx.qbo.create(step.qboEntity, step.body, {
        idempotencyKey: requestId,
        ...(signal ? { signal } : {}),
      })) as Sent;
    case 'qbo.update':
      return (await ctx.qbo.update(step.qboEntity, step.body, {
        idempotencyKey: requestId,
        ...(signal ? { signal } : {}),
      })) as Sent;
    case 'state.link':
      return {};
  }
}

async function sendFollowUp(ctx: ExecContext, follow: FollowUp, qboId: string, requestId: string): Promise<Sent> {
  const options = { idempotencyKey: requestId, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  if (follow.kind === 'it.markAdjustmentExported') {
    return (await ctx.it.markAdjustmentExported(follow.adjustmentId, { externalRef: qboId }, options)) as Sent;
  }
  return (await ctx.it.update(follow.resource, follow.itId, { externalRef: qboId }, options)) as Sent;
}

/** Counts a settled write in the report and emits its `record` event. */
export function countAction(ctx: ExecContext, step: PlanStep): void {
  if (step.action === 'none') return;
  const field = step.action === 'create' ? 'created' : step.action === 'update' ? 'updated' : 'deleted';
  ctx.report.count(step.entity, field);
  ctx.events.emit('record', { entity: step.entity, id: step.sourceId, action: field, dryRun: false });
}

/**
 * Runs `settle` in one store transaction that saves the links and activity entries of its writes
 * together at its end (one `putLinks` and one `putActivity` call, not one each).
 */
export async function settleTogether<T>(ctx: ExecContext, settle: (links: LinkBuffer) => Promise<T>): Promise<T> {
  return ctx.store.transaction(async () => {
    try {
      const links = new LinkBuffer(ctx.store);
      const out = await settle(links);
      await links.flush();
      await ctx.activity?.flush();
      return out;
    } catch (error) {
      // The transaction is rolled back: its entries describe writes that are not saved.
      ctx.activity?.discard();
      throw error;
    }
  });
}

/**
 * Settles the link of a successful write inside {@link settleTogether} (saved or removed through
 * `links`), and records its activity entry. Its journal entry and error-queue record are settled
 * with the group's by {@link settleSteps}.
 */
async function saveOutcome(ctx: ExecContext, links: LinkBuffer, done: Accepted): Promise<void> {
  const { step, result } = done;
  if (ctx.activity) ctx.activity.settled(step, result, await linkOfStep(links, step));
  if (step.kind === 'it.delete') await links.delete(step.entity, step.qboId);
  else {
    const settled = await settleLink(links, step, result, ctx.clock.now());
    links.put(settled.link, settled.replaced);
  }
}

/** The side a write's record comes from, and its error-queue id (`entity:side:sourceId`). */
function failedRecordOf(step: PlanStep): { side: RecordOrigin; id: string } {
  const side = 'link' in step ? step.link.origin : 'qbo';
  return { side, id: `${step.entity}:${side}:${step.sourceId}` };
}

/** A write the service accepted, with its answer. */
export interface Accepted {
  entry: JournalEntry;
  step: PlanStep;
  result: Sent;
}

/**
 * Settles accepted writes atomically, all in one store transaction: journal done, link saved (or
 * removed), follow-ups journalled as pending. Then sends the follow-ups.
 */
export async function settleSteps(ctx: ExecContext, accepted: readonly Accepted[]): Promise<void> {
  if (accepted.length === 0) return;
  const opened = await settleTogether(ctx, async (links) => {
    await prefetchLinks(
      links,
      accepted.map((done) => done.step),
    );
    for (const done of accepted) await saveOutcome(ctx, links, done);
    // The group's journal entries marked done, its error-queue records cleared and its follow-ups
    // journalled as pending: one store call each.
    await ctx.journal.doneAll(accepted.map(({ entry, result }) => ({ entry, result: resultSummary(result) })));
    await removeFailedRecords(
      ctx.store,
      accepted.map(({ step }) => failedRecordOf(step).id),
    );
    return openFollowUps(ctx, accepted);
  });
  for (const done of accepted) countAction(ctx, done.step);
  // Inside a run of QBO batches the follow-ups are gathered and sent in bulk (see follow-up-bulk.ts).
  if (ctx.followUps) ctx.followUps.push(...opened);
  else for (const follow of opened) await runFollowUp(ctx, follow);
}

/**
 * Reads the stored links of a group's steps, by the ids their settles look them up by, in one store
 * call per entity and side instead of one or two per step (a single step's are read when asked).
 */
export async function prefetchLinks(links: LinkBuffer, steps: readonly PlanStep[]): Promise<void> {
  if (steps.length < 2) return;
  const ids = new Map<string, { entity: SyncEntity; side: LinkSide; ids: string[] }>();
  const add = (entity: SyncEntity, side: LinkSide, id: string | undefined) => {
    if (id === undefined) return;
    const key = `${entity}\u0000${side}`;
    const group = ids.get(key) ?? { entity, side, ids: [] };
    group.ids.push(id);
    ids.set(key, group);
  };
  for (const step of steps) {
    const seed = 'link' in step ? step.link : undefined;
    // The link its activity entry describes (linkOfStep), then the one its settle merges (settleLink).
    add(step.entity, 'qbo', seed?.qboId ?? ('qboId' in step ? step.qboId : undefined));
    add(step.entity, 'it', seed?.itId ?? ('itId' in step ? step.itId : undefined));
    if (seed) add(seed.entity, 'qbo', seed.qboId);
    if (seed) add(seed.entity, 'it', seed.itId);
  }
  for (const group of ids.values()) await links.prefetch(group.entity, group.side, group.ids);
}

/** Settles one accepted write in a transaction of its own (see {@link settleSteps}). */
export function settleStep(ctx: ExecContext, entry: JournalEntry, step: PlanStep, result: Sent): Promise<void> {
  return settleSteps(ctx, [{ entry, step, result }]);
}

/** Journals the follow-ups of accepted QBO writes as pending, looked up and saved together. */
async function openFollowUps(ctx: ExecContext, accepted: readonly Accepted[]): Promise<JournalEntry[]> {
  const byKey = new Map<string, { step: PlanStep; follow: FollowUp; qboId: string }>();
  for (const { step, result } of accepted) {
    if (step.kind !== 'qbo.create' && step.kind !== 'qbo.update') continue;
    const qboId = typeof result.Id === 'string' ? result.Id : '';
    for (const follow of step.followUps ?? [])
      if (!byKey.has(follow.key)) byKey.set(follow.key, { step, follow, qboId });
  }
  const follows = [...byKey.values()];
  if (follows.length === 0) return [];
  const stored = await ctx.journal.getMany(follows.map(({ follow }) => follow.key));
  return ctx.journal.openAll<JournalBody>(
    follows.map(({ step, follow, qboId }) => ({
      key: follow.key,
      init: { entity: step.entity, operation: follow.kind, body: { type: 'follow', follow, qboId } },
      existing: stored.get(follow.key) ?? null,
    })),
  );
}

/** Records a failed write in the report, the error queue and (unless transient) the journal. */
export async function recordFailure(
  ctx: ExecContext,
  entry: JournalEntry,
  step: PlanStep,
  error: unknown,
): Promise<void> {
  const kind = classifyError(error);
  if (kind === 'fatal') throw error;
  if (kind === 'rejected') await ctx.journal.failed(entry, error);
  else if (isOutcomeUnknown(error)) {
    // Kept pending under its key; marked so that no later path sends it under another without a lookup.
    const marked = payloadOf(entry).uncertain ? entry : await ctx.journal.markUncertain(entry);
    if (!(error instanceof WriteOutcomeUnknownError))
      return recordFailure(ctx, marked, step, unknownOutcome(step, error));
  }
  // A stale version after one re-apply, or a name another record already uses, is a conflict to report.
  const conflict = error instanceof ConflictError || error instanceof DuplicateNameError;
  if (conflict) ctx.report.conflict(step.entity, step.sourceId, errorText(error));
  else ctx.report.fail(step.entity, step.sourceId, error);
  const now = ctx.clock.now();
  const { side, id } = failedRecordOf(step);
  const old = await ctx.store.getFailed(id);
  const failed: FailedRecord = {
    id,
    entity: step.entity,
    side,
    sourceId: step.sourceId,
    operation: ctx.operation,
    errorName: error instanceof Error ? error.name : 'Error',
    message: errorText(error),
    code: codeOf(error),
    attempts: (old?.attempts ?? 0) + 1,
    firstFailedAt: old?.firstFailedAt ?? now,
    lastFailedAt: now,
  };
  await ctx.store.transaction(async () => {
    await ctx.store.putFailed(failed);
    await ctx.activity?.flush();
  });
  ctx.events.emit('error', { error: asError(error), entity: step.entity, id: step.sourceId, operation: ctx.operation });
  if (conflict) ctx.events.emit('conflict', { entity: step.entity, id: step.sourceId, reason: errorText(error) });
}

/** `error` (a lost or unusable answer) as the typed error that says the write's outcome is unknown. */
function unknownOutcome(step: PlanStep, error: unknown): WriteOutcomeUnknownError {
  if (error instanceof WriteOutcomeUnknownError) return error;
  const service = isQboStep(step) ? 'qbo' : 'intellitrack';
  const entity = isQboStep(step) ? step.qboEntity : 'resource' in step ? step.resource : 'inventory';
  return new WriteOutcomeUnknownError({ service, entity, key: step.key, cause: error });
}

function errorText(error: unknown): string {
  return persistableMessage(error);
}

function codeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Sends a journalled follow-up. A transient failure leaves it pending for the next run (same key);
 * a refusal counts towards `MAX_FOLLOW_UP_ATTEMPTS` (see follow-ups.ts), after which it goes to the error queue.
 */
export async function runFollowUp(ctx: ExecContext, entry: JournalEntry): Promise<void> {
  const payload = payloadOf<JournalBody>(entry);
  if (payload.body.type !== 'follow') return;
  try {
    const result = await sendFollowUp(ctx, payload.body.follow, payload.body.qboId, payload.requestId);
    await ctx.journal.done(entry, resultSummary(result));
  } catch (error) {
    await followUpFailed(ctx, entry, error);
  }
}

/**
 * What follows a follow-up that was not accepted, sent alone or in a bulk request: a fatal error is
 * thrown, a refusal counts towards its attempts, anything else leaves it pending (same key) for the next run.
 */
export async function followUpFailed(ctx: ExecContext, entry: JournalEntry, error: unknown): Promise<void> {
  const body = payloadOf<JournalBody>(entry).body;
  const kind = classifyError(error);
  if (kind === 'fatal') throw error;
  if (kind === 'rejected' && body.type === 'follow') return refuseFollowUp(ctx, entry, body, error);
  ctx.logger.warn({ key: entry.key, err: errorText(error) }, 'follow-up write left pending');
  ctx.report.notes.push(`follow-up ${entry.key} left pending: ${errorText(error)}`);
}

/**
 * Sends a journalled single step and settles it. A stale version (QBO 5010, IntelliTrack 409/412)
 * is re-read and re-applied once unless `options.refresh` is false; a second one is a conflict.
 */
export async function runSingle(ctx: ExecContext, entry: JournalEntry, options: RunSingleOptions = {}): Promise<void> {
  const settle: Settle = options.settle ?? ((done, step, result) => settleStep(ctx, done, step, result));
  const payload = payloadOf<JournalBody>(entry);
  if (payload.body.type !== 'step') return;
  const step = payload.body.step;
  try {
    const result = await sendStep(ctx, step, payload.requestId);
    const unusable = isQboStep(step) ? unusableAnswer(step, result) : undefined;
    if (unusable) throw unusable;
    await settle(entry, step, result);
  } catch (error) {
    await settleRefused(ctx, entry, step, error, { settle, refresh: options.refresh ?? true });
  }
}

/**
 * What follows a write the service did not accept, sent alone or inside a bulk request: a delete of
 * a record already gone (a resumed delete, or deleted by hand) is the outcome wanted; a stale version
 * is re-read and the write sent again once, alone; anything else is recorded as failed.
 */
export async function settleRefused(
  ctx: ExecContext,
  entry: JournalEntry,
  step: PlanStep,
  error: unknown,
  options: { settle: Settle; refresh: boolean },
): Promise<void> {
  if (step.kind === 'it.delete' && error instanceof NotFoundError) return options.settle(entry, step, {});
  if (error instanceof ConflictError && options.refresh) {
    const fresh = await retryAfterConflict(ctx, entry, step, error);
    if (fresh) return runSingle(ctx, fresh, { refresh: false, settle: options.settle });
  }
  await recordFailure(ctx, entry, step, error);
}

/** Marks `entry` failed, re-reads the record and journals the refreshed step (or undefined). */
export async function retryAfterConflict(
  ctx: ExecContext,
  entry: JournalEntry,
  step: PlanStep,
  error: unknown,
): Promise<JournalEntry | undefined> {
  const failed = await ctx.journal.failed(entry, error);
  const fresh = await refreshStep(ctx, step);
  if (!fresh) return undefined;
  const body: JournalBody = { type: 'step', step: fresh };
  return ctx.journal.open(step.key, { entity: step.entity, operation: step.kind, body }, failed);
}

/**
 * Why a 2xx answer to QBO write `step` cannot settle it: no record, or one without `Id` / `SyncToken`
 * (undefined when it can). Such an answer is never accepted silently: the outcome is unknown.
 */
export function unusableAnswer(step: QboWriteStep, record: Record<string, unknown> | undefined): Error | undefined {
  const entity = step.qboEntity;
  if (record === undefined) {
    const issues = [{ path: entity, message: 'no record in the answer' }];
    return new ResponseValidationError({ service: 'qbo', entity, issues });
  }
  const absent = (['Id', 'SyncToken'] as const).filter((f) => typeof record[f] !== 'string' || record[f] === '');
  if (absent.length === 0) return undefined;
  const issues = absent.map((path) => ({ path, message: 'Required' }));
  return new ResponseValidationError({ service: 'qbo', entity, issues });
}
