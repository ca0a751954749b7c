import { runBatchEntry, runQboSteps } from './batch-executor.js';
import { type ExecContext, type JournalBody, runFollowUp, runSingle } from './executor.js';
import { payloadOf } from './journal.js';
import { settleLink } from './links.js';
import type { LinkStateStep, PlanStep, QboWriteStep } from './plan.js';
import type { JournalEntry } from './store.js';

/** IntelliTrack writes in flight at once. */
const IT_CONCURRENCY = 4;

/** Sends any journalled write (a single step, a batch, a follow-up) as stored. */
export async function runJournalled(ctx: ExecContext, entry: JournalEntry): Promise<void> {
  const body = payloadOf<JournalBody>(entry).body;
  if (body.type === 'batch') return runBatchEntry(ctx, entry);
  if (body.type === 'follow') return runFollowUp(ctx, entry);
  return runSingle(ctx, entry);
}

/**
 * Applies one IntelliTrack step exactly once: a done entry is not sent again, a pending one is
 * re-sent as stored, a new one is journalled (pending) before it is sent.
 */
export async function runItStep(ctx: ExecContext, step: PlanStep): Promise<void> {
  ctx.signal?.throwIfAborted();
  if (step.kind === 'state.link') return settleState(ctx, step);
  const found = await ctx.journal.get(step.key);
  if (found?.state === 'done') return;
  if (found?.state === 'pending') return runJournalled(ctx, found);
  const body: JournalBody = { type: 'step', step };
  const entry = await ctx.journal.open(step.key, { entity: step.entity, operation: step.kind, body }, found);
  return runSingle(ctx, entry);
}

/** A state-only step writes nothing outside the store: it is saved, not journalled (saving twice is harmless). */
async function settleState(ctx: ExecContext, step: LinkStateStep): Promise<void> {
  await ctx.store.putLinks([await settleLink(ctx.store, step, {}, ctx.clock.now())]);
}

/**
 * Applies steps in order: IntelliTrack writes a few at a time, QBO writes in batches of ≤ 30.
 * @throws the first fatal error (auth, configuration, abort); the journal stays resumable.
 */
export async function applySteps(ctx: ExecContext, steps: readonly PlanStep[]): Promise<void> {
  let i = 0;
  while (i < steps.length) {
    ctx.signal?.throwIfAborted();
    const qbo = isQbo(steps[i]);
    let j = i;
    while (j < steps.length && isQbo(steps[j]) === qbo) j += 1;
    const run = steps.slice(i, j);
    if (qbo) await runQboSteps(ctx, run as QboWriteStep[]);
    else await runItSteps(ctx, run);
    i = j;
  }
}

function isQbo(step: PlanStep | undefined): boolean {
  return step?.kind.startsWith('qbo.') === true;
}

async function runItSteps(ctx: ExecContext, steps: readonly PlanStep[]): Promise<void> {
  let fatal: { error: unknown } | undefined;
  let next = 0;
  // A few workers take the steps in order, so no promise or closure exists per queued step.
  const worker = async (): Promise<void> => {
    while (!fatal && next < steps.length) {
      const step = steps[next] as PlanStep;
      next += 1;
      try {
        await runItStep(ctx, step);
      } catch (error) {
        fatal ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IT_CONCURRENCY, steps.length) }, worker));
  if (fatal) throw fatal.error;
}

/**
 * Re-sends what a crashed or aborted run left pending (batches byte-identical, same keys), oldest
 * first. Members of a pending batch are re-sent with their batch.
 * @returns how many journal entries were re-sent.
 */
export async function resumePending(ctx: ExecContext): Promise<number> {
  let resumed = 0;
  for (const entry of await ctx.journal.pending()) {
    const current = await ctx.journal.get(entry.key);
    if (current?.state !== 'pending') continue;
    const batchKey = payloadOf(current).batchKey;
    if (batchKey !== undefined) {
      const batch = await ctx.journal.get(batchKey);
      if (batch?.state === 'pending') {
        await runBatchEntry(ctx, batch);
        resumed += 1;
        continue;
      }
      // The batch was settled but this member was not (crash in between): re-send it on its own key.
    }
    ctx.signal?.throwIfAborted();
    await runJournalled(ctx, current);
    resumed += 1;
  }
  return resumed;
}
