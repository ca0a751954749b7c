import { ConflictError } from '../core/errors.js';
import type { BatchOperation, BatchResult } from '../qbo/api.js';
import { classifyError } from './errors-policy.js';
import {
  type ExecContext,
  type JournalBody,
  recordFailure,
  retryAfterConflict,
  runSingle,
  settleStep,
} from './executor.js';
import { payloadOf, shortDigest } from './journal.js';
import { QBO_BATCH_SIZE } from './metered.js';
import type { QboWriteStep } from './plan.js';
import type { JournalEntry } from './store.js';

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
 * a crash left pending makes that whole batch be re-sent as journalled, with its request id.
 */
export async function runQboSteps(ctx: ExecContext, steps: readonly QboWriteStep[]): Promise<void> {
  const fresh: { step: QboWriteStep; entry: JournalEntry | undefined }[] = [];
  for (const step of steps) {
    const found = await ctx.journal.get(step.key);
    if (found?.state === 'done') continue;
    if (found?.state === 'pending') {
      const batchKey = payloadOf(found).batchKey;
      const batch = batchKey === undefined ? undefined : await ctx.journal.get(batchKey);
      if (batch?.state === 'pending') await runBatchEntry(ctx, batch);
      else await runSingle(ctx, found);
      continue;
    }
    fresh.push({ step, entry: found });
  }
  for (let i = 0; i < fresh.length; i += QBO_BATCH_SIZE) {
    ctx.signal?.throwIfAborted();
    await runNewBatch(ctx, fresh.slice(i, i + QBO_BATCH_SIZE));
  }
}

async function runNewBatch(
  ctx: ExecContext,
  members: readonly { step: QboWriteStep; entry: JournalEntry | undefined }[],
): Promise<void> {
  const first = members[0];
  if (!first) return;
  // Failed members get a fresh request id on retry, so the attempt count is part of the batch's identity.
  const identity = members.map((m) => `${m.step.key}#${m.entry?.attempts ?? 0}`).join('\n');
  const batchKey = `qbo-batch:${shortDigest(identity, 24)}`;
  const steps = members.map((m) => m.step);
  const batch = await ctx.store.transaction(async () => {
    const body: JournalBody = { type: 'batch', steps };
    const entry = await ctx.journal.open(batchKey, { entity: first.step.entity, operation: 'qbo.batch', body });
    for (const m of members) {
      const memberBody: JournalBody = { type: 'step', step: m.step };
      await ctx.journal.open(
        m.step.key,
        { entity: m.step.entity, operation: m.step.kind, body: memberBody, batchKey },
        m.entry,
      );
    }
    return entry;
  });
  await runBatchEntry(ctx, batch);
}

/** Sends a journalled batch (as stored) and settles each member from its own result. */
export async function runBatchEntry(ctx: ExecContext, entry: JournalEntry): Promise<void> {
  const payload = payloadOf<JournalBody>(entry);
  if (payload.body.type !== 'batch') return;
  const steps = payload.body.steps;
  let results: BatchResult[];
  try {
    results = await ctx.qbo.batch(batchOperations(steps), {
      requestId: payload.requestId,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  } catch (error) {
    if (classifyError(error) !== 'transient') throw error;
    // The batch may or may not have been applied: it stays pending and is re-sent with the same id.
    for (const step of steps) {
      const member = await ctx.journal.get(step.key);
      if (member?.state === 'pending') await recordFailure(ctx, member, step, error);
    }
    return;
  }
  for (const [index, step] of steps.entries()) {
    await settleMember(ctx, step, results[index]);
  }
  await ctx.journal.done(entry, { members: steps.length });
}

async function settleMember(ctx: ExecContext, step: QboWriteStep, result: BatchResult | undefined): Promise<void> {
  const member = await ctx.journal.get(step.key);
  if (member?.state !== 'pending') return;
  if (result?.ok) {
    await settleStep(ctx, member, step, result.record ?? {});
    return;
  }
  const error = result?.error ?? new Error(`QBO returned no result for batch member ${step.key}.`);
  if (error instanceof ConflictError) {
    const fresh = await retryAfterConflict(ctx, member, step, error);
    if (fresh) return runSingle(ctx, fresh, { refresh: false });
  }
  const kind = classifyError(error);
  if (kind === 'fatal') throw error;
  await recordFailure(ctx, member, step, error);
}
