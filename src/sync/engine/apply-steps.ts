import type { LinkStateStep, PlanStep, QboWriteStep } from '../plan/steps.js';
import { settleLink } from '../state/links.js';
import type { JournalEntry } from '../state/store.js';
import { resumeMember, runBatchEntry, runQboSteps, sendBatch } from './batch-executor.js';
import {
  type Accepted,
  type ExecContext,
  type JournalBody,
  prefetchLinks,
  runFollowUp,
  runSingle,
  type Settle,
  settleSteps,
  settleTogether,
} from './executor.js';
import { type BulkItem, bulkItemOf, runBulk } from './it-bulk.js';
import { type JournalInit, payloadOf } from './journal.js';
import { settleUnsure, type Unsure } from './uncertain.js';

/** IntelliTrack writes in flight at once. */
const IT_CONCURRENCY = 4;

/** IntelliTrack steps journalled in one store transaction, and settled in one more. */
const IT_GROUP = 32;

/** The same with bulk requests: one group is one bulk request (IntelliTrack's limit per request). */
const IT_BULK_GROUP = 100;

/** Sends any journalled write (a single step, a batch, a follow-up) as stored. */
export async function runJournalled(ctx: ExecContext, entry: JournalEntry): Promise<void> {
  const body = payloadOf<JournalBody>(entry).body;
  if (body.type === 'batch') return runBatchEntry(ctx, entry);
  if (body.type === 'follow') return runFollowUp(ctx, entry);
  return runSingle(ctx, entry);
}

/**
 * Saves the state-only steps of a group in one store transaction (one commit, one `putLinks`). A
 * state-only step writes nothing outside the store: it is saved, not journalled (saving twice is harmless).
 * @returns the group's writes, in order.
 */
async function settleStates(ctx: ExecContext, work: readonly Work[]): Promise<WriteWork[]> {
  const states = work.filter((item) => item.kind === 'state');
  if (states.length > 0) {
    await settleTogether(ctx, async (links) => {
      await prefetchLinks(
        links,
        states.map((state) => state.step),
      );
      for (const { step } of states) {
        const settled = await settleLink(links, step, {}, ctx.clock.now());
        links.put(settled.link, settled.replaced);
      }
    });
  }
  return work.filter((item) => item.kind !== 'state');
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

/** One IntelliTrack step of a group, as the group's opening transaction found or journalled it. */
type Work =
  | { kind: 'state'; step: LinkStateStep }
  | { kind: 'resume'; entry: JournalEntry }
  | { kind: 'new'; entry: JournalEntry };

/** A journalled write of a group (its state steps are saved apart, all in one transaction). */
type WriteWork = Exclude<Work, { kind: 'state' }>;

async function runItSteps(ctx: ExecContext, steps: readonly PlanStep[]): Promise<void> {
  const size = ctx.it.bulk ? IT_BULK_GROUP : IT_GROUP;
  for (let i = 0; i < steps.length; i += size) {
    ctx.signal?.throwIfAborted();
    const group = steps.slice(i, i + size);
    if (ctx.it.bulk) await runItBulkGroup(ctx, group);
    else await runItGroup(ctx, group);
  }
}

/**
 * A group sent as one bulk request: journalled pending in one transaction, sent, then settled in one
 * more. What a bulk request cannot carry (a pending follow-up) is sent on its own.
 */
async function runItBulkGroup(ctx: ExecContext, steps: readonly PlanStep[]): Promise<void> {
  const work = await openGroup(ctx, steps);
  const settled = new SettleGroup(ctx);
  const items: BulkItem[] = [];
  let fatal: { error: unknown } | undefined;
  try {
    for (const item of await settleStates(ctx, work)) {
      const bulk = bulkItemOf(item.entry);
      if (bulk) items.push(bulk);
      else await runJournalled(ctx, item.entry);
    }
    await runBulk(ctx, items, settled.defer);
  } catch (error) {
    fatal = { error };
  }
  await settled.close(fatal);
}

/**
 * Journals a group's new writes (pending) in one transaction before any is sent, sends them with a
 * few workers, and settles the accepted ones in one transaction at the end. A crash in between
 * leaves them pending: the next run re-sends each with its key, which IntelliTrack replays.
 */
async function runItGroup(ctx: ExecContext, steps: readonly PlanStep[]): Promise<void> {
  const work = await openGroup(ctx, steps);
  const settled = new SettleGroup(ctx);
  let fatal: { error: unknown } | undefined;
  const writes = await settleStates(ctx, work).catch((error: unknown) => {
    fatal = { error };
    return [];
  });
  let next = 0;
  // A few workers take the steps in order, so no promise or closure exists per queued step.
  const worker = async (): Promise<void> => {
    while (!fatal && next < writes.length) {
      const item = writes[next] as WriteWork;
      next += 1;
      try {
        ctx.signal?.throwIfAborted();
        await runWork(ctx, item, settled);
      } catch (error) {
        fatal ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IT_CONCURRENCY, writes.length) }, worker));
  await settled.close(fatal);
}

async function openGroup(ctx: ExecContext, steps: readonly PlanStep[]): Promise<Work[]> {
  return ctx.store.transaction(async () => {
    const work: (Work | undefined)[] = [];
    const seen = new Set<string>();
    const stored = await ctx.journal.getMany(
      steps.filter((step) => step.kind !== 'state.link').map((step) => step.key),
    );
    const opening: { key: string; init: JournalInit<JournalBody>; existing: JournalEntry | null }[] = [];
    const slots: number[] = [];
    for (const step of steps) {
      if (step.kind === 'state.link') {
        work.push({ kind: 'state', step });
        continue;
      }
      if (seen.has(step.key)) continue;
      seen.add(step.key);
      const found = stored.get(step.key);
      if (found?.state === 'done') continue;
      if (found?.state === 'pending') {
        work.push({ kind: 'resume', entry: found });
        continue;
      }
      // Journalled below with the others of the group, in one store call; its place is kept.
      slots.push(work.length);
      work.push(undefined);
      opening.push({
        key: step.key,
        init: { entity: step.entity, operation: step.kind, body: { type: 'step', step } },
        existing: found ?? null,
      });
    }
    const opened = await ctx.journal.openAll(opening);
    for (const [i, slot] of slots.entries()) work[slot] = { kind: 'new', entry: opened[i] as JournalEntry };
    return work as Work[];
  });
}

async function runWork(ctx: ExecContext, item: WriteWork, settled: SettleGroup): Promise<void> {
  if (item.kind === 'resume') return runJournalled(ctx, item.entry);
  return runSingle(ctx, item.entry, { settle: settled.defer });
}

/** Accepted IntelliTrack writes waiting to be settled together in one store transaction ({@link settleSteps}). */
class SettleGroup {
  readonly #ctx: ExecContext;
  #queue: Accepted[] = [];

  constructor(ctx: ExecContext) {
    this.#ctx = ctx;
  }

  readonly defer: Settle = async (entry, step, result) => {
    this.#queue.push({ entry, step, result });
  };

  /**
   * Settles what was accepted — also when another write of the group failed fatally — then throws
   * that failure (or the settling's own).
   */
  async close(fatal: { error: unknown } | undefined): Promise<void> {
    try {
      await this.flush();
    } catch (error) {
      if (!fatal) throw error;
    }
    if (fatal) throw fatal.error;
  }

  async flush(): Promise<void> {
    const queue = this.#queue;
    this.#queue = [];
    await settleSteps(this.#ctx, queue);
  }
}

/**
 * Re-sends what a crashed or aborted run left pending (batches byte-identical, same keys), oldest
 * first. Members of a pending batch are re-sent with their batch.
 * @returns how many journal entries were re-sent.
 */
export async function resumePending(ctx: ExecContext): Promise<number> {
  let resumed = 0;
  // Pending IntelliTrack writes go out in bulk requests when the API has them, in journal order.
  const bulk: BulkItem[] = [];
  const orphans: Unsure[] = [];
  const flushBulk = async (): Promise<void> => {
    const settled = new SettleGroup(ctx);
    const items = bulk.splice(0, bulk.length);
    try {
      await runBulk(ctx, items, settled.defer);
    } finally {
      await settled.flush();
    }
  };
  for (const entry of await ctx.journal.pending()) {
    const current = await ctx.journal.get(entry.key);
    if (current?.state !== 'pending') continue;
    const item = ctx.it.bulk ? bulkItemOf(current) : undefined;
    if (item) {
      bulk.push(item);
      resumed += 1;
      if (bulk.length >= IT_BULK_GROUP) await flushBulk();
      continue;
    }
    if (bulk.length > 0) await flushBulk();
    ctx.signal?.throwIfAborted();
    resumed += 1;
    if (payloadOf(current).batchKey === undefined) {
      await runJournalled(ctx, current);
      continue;
    }
    // A member is re-sent with its pending batch, or reconciled when that batch was settled.
    const orphan = await resumeMember(ctx, current);
    if (orphan) orphans.push(orphan);
  }
  if (bulk.length > 0) await flushBulk();
  if (orphans.length > 0) await settleUnsure(ctx, orphans, sendBatch);
  return resumed;
}
