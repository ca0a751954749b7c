import { ConflictError, ResponseValidationError } from '../../core/errors.js';
import type { BatchOperation, BatchResult } from '../../qbo/api.js';
import { ThrottleExceededError } from '../../qbo/errors.js';
import type { QboWriteStep } from '../plan/steps.js';
import type { JournalEntry } from '../state/store.js';
import { classifyError, isOutcomeUnknown } from './errors-policy.js';
import {
  type Accepted,
  type ExecContext,
  type JournalBody,
  recordFailure,
  runSingle,
  settleSteps,
  unusableAnswer,
} from './executor.js';
import { sendFollowUps } from './follow-up-bulk.js';
import { payloadOf, shortDigest } from './journal.js';
import { IT_BULK_SIZE, QBO_BATCH_SIZE } from './metered.js';
import { type StaleMember, settleStaleMembers } from './stale-members.js';
import { outcomeError, settleUnsure, type Unsure } from './uncertain.js';

/**
 * QBO batch requests in flight at once: enough that latency, not Intuit's limits, no longer sets the
 * pace, and well inside its 10 requests in flight per realm (the rate limiter enforces 40 batch
 * requests and 500 requests per minute).
 */
export const QBO_BATCHES_IN_FLIGHT = 4;

/** The batch operations of `steps`, derived only from the steps (a replay is byte-identical). */
export function batchOperations(steps: readonly QboWriteStep[]): BatchOperation[] {
  return steps.map((step, index) => ({
    bId: String(index),
    operation: step.kind === 'qbo.create' ? 'create' : 'update',
    entity: step.qboEntity,
    body: step.body,
  }));
}

/**
 * Applies QBO writes in batches of ≤ 30. A member already done is skipped; a member of a batch that
 * a crash left pending makes that whole batch be re-sent as journalled, with its request id; a
 * member left pending by a settled batch is reconciled (looked up) before it is sent again.
 */
export async function runQboSteps(ctx: ExecContext, steps: readonly QboWriteStep[]): Promise<void> {
  const fresh: { step: QboWriteStep; entry: JournalEntry | null }[] = [];
  const orphans: Unsure[] = [];
  const stored = await ctx.journal.getMany(steps.map((step) => step.key));
  for (const step of steps) {
    let found = stored.get(step.key);
    // Resuming an earlier member's pending batch may have settled this one since the read: read it again.
    if (found?.state === 'pending') found = await ctx.journal.get(step.key);
    if (found?.state === 'done') continue;
    if (found?.state === 'pending') {
      const orphan = await resumeMember(ctx, found);
      if (orphan) orphans.push(orphan);
      continue;
    }
    fresh.push({ step, entry: found ?? null });
  }
  if (orphans.length > 0) await settleUnsure(ctx, orphans, sendBatch);
  const batches: (typeof fresh)[] = [];
  for (let i = 0; i < fresh.length; i += QBO_BATCH_SIZE) batches.push(fresh.slice(i, i + QBO_BATCH_SIZE));
  const followUps: JournalEntry[] = [];
  const inner: ExecContext = { ...ctx, followUps };
  await inFlight(batches, QBO_BATCHES_IN_FLIGHT, async (members) => {
    ctx.signal?.throwIfAborted();
    await runNewBatch(inner, members);
    // Follow-ups go out in bulk requests of a full 100 while batches still run; the rest at the end.
    while (followUps.length >= IT_BULK_SIZE) await sendFollowUps(ctx, followUps.splice(0, IT_BULK_SIZE));
  });
  await sendFollowUps(ctx, followUps.splice(0));
}

/**
 * Runs `work` on every item with at most `limit` running at once, in order of start. The first error
 * stops new starts; the running ones finish, then it is thrown.
 */
async function inFlight<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next] as T;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Resumes a pending QBO write: its pending batch is re-sent as journalled; a write sent alone is
 * re-sent with its own id. A member of a batch already settled was sent only inside that batch:
 * its own id was never sent, so it is returned to be reconciled instead.
 */
export async function resumeMember(ctx: ExecContext, entry: JournalEntry): Promise<Unsure | undefined> {
  const payload = payloadOf<JournalBody>(entry);
  const batch = payload.batchKey === undefined ? undefined : await ctx.journal.get(payload.batchKey);
  if (batch?.state === 'pending') {
    await runBatchEntry(ctx, batch);
    return undefined;
  }
  if (payload.batchKey === undefined || payload.body.type !== 'step') {
    await runSingle(ctx, entry);
    return undefined;
  }
  const step = payload.body.step as QboWriteStep;
  const cause = new Error(`its batch ${payload.batchKey} was settled without settling it`);
  return { entry, step, kind: 'unknown', error: outcomeError({ step, error: cause }) };
}

async function runNewBatch(
  ctx: ExecContext,
  members: readonly { step: QboWriteStep; entry: JournalEntry | null }[],
): Promise<void> {
  const first = members[0];
  if (!first) return;
  // Failed members get a fresh request id on retry, so the attempt count is part of the batch's identity.
  const identity = members.map((m) => `${m.step.key}#${m.entry?.attempts ?? 0}`).join('\n');
  const batchKey = `qbo-batch:${shortDigest(identity, 24)}`;
  const steps = members.map((m) => m.step);
  const batch = await ctx.store.transaction(async () => {
    // The batch and its members are journalled in one store call.
    const [entry] = await ctx.journal.openAll<JournalBody>([
      {
        key: batchKey,
        init: { entity: first.step.entity, operation: 'qbo.batch', body: { type: 'batch', steps } },
        existing: (await ctx.journal.get(batchKey)) ?? null,
      },
      ...members.map((m) => ({
        key: m.step.key,
        init: {
          entity: m.step.entity,
          operation: m.step.kind,
          body: { type: 'step' as const, step: m.step },
          batchKey,
        },
        existing: m.entry,
      })),
    ]);
    return entry as JournalEntry;
  });
  await runBatchEntry(ctx, batch);
}

/** Sends a journalled batch (as stored), settles each member from its own result, then the unsettled ones. */
export async function runBatchEntry(ctx: ExecContext, entry: JournalEntry): Promise<void> {
  await settleUnsure(ctx, await sendBatch(ctx, entry), sendBatch);
}

/**
 * Sends a journalled batch with its request id and settles what its answer settles. A lost answer
 * leaves the batch pending (re-sent with the same id). An answer that cannot be read, and members
 * whose result is not a definite success, are returned; the batch is then settled and they are
 * marked uncertain in the same transaction.
 */
export async function sendBatch(ctx: ExecContext, entry: JournalEntry): Promise<Unsure[]> {
  const payload = payloadOf<JournalBody>(entry);
  if (payload.body.type !== 'batch') return [];
  const steps = payload.body.steps;
  let results: BatchResult[];
  try {
    results = await ctx.qbo.batch(batchOperations(steps), {
      idempotencyKey: payload.requestId,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (error) {
    if (classifyError(error) !== 'transient') throw error;
    if (error instanceof ResponseValidationError) {
      // QBO answered 2xx: the batch may have been applied, and its answer cannot say which members.
      return settleBatch(ctx, entry, await pendingMembers(ctx, steps, error));
    }
    // No answer: the batch stays pending and is re-sent with the same id.
    for (const u of await pendingMembers(ctx, steps, error)) {
      await recordFailure(ctx, u.entry, u.step, isOutcomeUnknown(error) ? outcomeError(u) : error);
    }
    // QBO asked for a longer wait than the client makes: the run's other batches would only meet the
    // same 429, so it stops here; the next run re-sends this batch and plans the rest again.
    if (error instanceof ThrottleExceededError) throw error;
    return [];
  }
  const unsure: Unsure[] = [];
  const stale: StaleMember[] = [];
  const accepted: Accepted[] = [];
  // The members' entries as stored, read together.
  const members = await ctx.journal.getMany(steps.map((step) => step.key));
  for (const [index, step] of steps.entries()) {
    const left = await settleMember(ctx, { step, member: members.get(step.key) }, results[index], { stale, accepted });
    if (left) unsure.push(left);
  }
  // The members the answer settles, in one transaction.
  await settleSteps(ctx, accepted);
  // Refused for a stale SyncToken: re-read together, one query per entity, then re-applied one by one.
  await settleStaleMembers(ctx, stale);
  return settleBatch(ctx, entry, unsure);
}

async function pendingMembers(ctx: ExecContext, steps: readonly QboWriteStep[], error: unknown): Promise<Unsure[]> {
  const members = await ctx.journal.getMany(steps.map((step) => step.key));
  return steps.flatMap((step): Unsure[] => {
    const member = members.get(step.key);
    return member?.state === 'pending' ? [{ entry: member, step, kind: 'unknown', error }] : [];
  });
}

/** Marks `unsure` members uncertain and the batch done, in one transaction. */
async function settleBatch(ctx: ExecContext, batch: JournalEntry, unsure: readonly Unsure[]): Promise<Unsure[]> {
  return ctx.store.transaction(async () => {
    const marked: Unsure[] = [];
    for (const u of unsure) marked.push({ ...u, entry: await ctx.journal.markUncertain(u.entry) });
    const body = payloadOf<JournalBody>(batch).body;
    await ctx.journal.done(batch, { members: body.type === 'batch' ? body.steps.length : 0, unsettled: unsure.length });
    return marked;
  });
}

/**
 * Sorts one member by its result: an accepted one is added to `accepted`, to be settled with the
 * others; one refused for a stale SyncToken to `stale`, to be re-read with the others. Returns it
 * when the result does not settle it.
 */
async function settleMember(
  ctx: ExecContext,
  { step, member }: { step: QboWriteStep; member: JournalEntry | undefined },
  result: BatchResult | undefined,
  to: { stale: StaleMember[]; accepted: Accepted[] },
): Promise<Unsure | undefined> {
  const { stale, accepted } = to;
  if (member?.state !== 'pending') return undefined;
  if (result?.ok) {
    const missing = unusableAnswer(step, result.record);
    if (missing === undefined) return void accepted.push({ entry: member, step, result: result.record ?? {} });
    return { entry: member, step, kind: 'unknown', error: missing };
  }
  const error = result?.error ?? new Error(`QBO returned no result for batch member ${step.key}.`);
  if (error instanceof ConflictError) return void stale.push({ entry: member, step, error });
  const kind = classifyError(error);
  if (kind === 'fatal') throw error;
  if (kind === 'rejected' && step.kind === 'qbo.update') return void (await recordFailure(ctx, member, step, error));
  return { entry: member, step, kind: kind === 'rejected' ? 'rejected' : 'transient', error };
}
