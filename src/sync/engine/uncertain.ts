/**
 * QBO writes of a batch that the batch's answer did not settle, and how they are settled in the same
 * run: a create is first looked up in QBO (it may exist: the answer was lost or unusable, or the
 * client retried the batch after a lost answer and got a fault for it) and adopted when found; what
 * is proven absent, and every update (a sparse update of the same values is idempotent in effect; a
 * stale SyncToken is re-read once), is sent again under a new request id, after a backoff when QBO
 * asked to try again (a throttle's `backoffMs`: `Retry-After`, else Intuit's 60 seconds). Bounded
 * rounds; what is left stays pending and uncertain for the next run.
 */
import { sleep } from '../../core/abort.js';
import { WriteOutcomeUnknownError } from '../../core/errors.js';
import { ThrottleExceededError } from '../../qbo/errors.js';
import type { QboWriteStep } from '../plan/steps.js';
import type { JournalEntry } from '../state/store.js';
import { classifyError, isOutcomeUnknown } from './errors-policy.js';
import { type ExecContext, type JournalBody, recordFailure, settleStep } from './executor.js';
import { shortDigest } from './journal.js';
import { type LookupTarget, lookUpCreates } from './reconcile.js';

/**
 * A batch member left pending: `unknown` — its outcome is unknown; `transient` — answered "try
 * again"; `rejected` — answered "refused" (a create, which is looked up before it is failed).
 */
export interface Unsure {
  entry: JournalEntry;
  step: QboWriteStep;
  kind: 'unknown' | 'transient' | 'rejected';
  error: unknown;
}

/** Sends journalled batch `entry` and returns the members its answer left unsettled. */
export type BatchSend = (ctx: ExecContext, entry: JournalEntry) => Promise<Unsure[]>;

/** Re-sends after the first answer, at most. */
const MAX_ROUNDS = 4;
/** First backoff before re-sending what QBO asked to try again; doubled each round. */
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** Longest wait a `Retry-After` hint may ask for within a run. */
const MAX_HINT_MS = 60_000;

/** The typed error an operator sees for a member: says the outcome is unknown and will be reconciled. */
export function outcomeError(u: Pick<Unsure, 'step' | 'error'>): WriteOutcomeUnknownError {
  if (u.error instanceof WriteOutcomeUnknownError) return u.error;
  return new WriteOutcomeUnknownError({ service: 'qbo', entity: u.step.qboEntity, key: u.step.key, cause: u.error });
}

/**
 * Settles `unsure` members (see the module header); `send` sends the batch they are re-sent in.
 * @throws fatal errors (auth, abort); the journal stays resumable
 */
export async function settleUnsure(ctx: ExecContext, unsure: Unsure[], send: BatchSend): Promise<void> {
  let left = unsure;
  for (let round = 1; left.length > 0; round += 1) {
    const resend = await reconcile(ctx, left);
    if (resend.length === 0) return;
    if (round > MAX_ROUNDS) return park(ctx, resend);
    if (resend.some((u) => u.kind === 'transient')) await wait(ctx, round, resend);
    left = await send(ctx, await rebatch(ctx, resend));
  }
}

async function wait(ctx: ExecContext, round: number, resend: readonly Unsure[]): Promise<void> {
  const hinted = Math.max(0, ...resend.map((u) => hintOf(u.error)));
  const ms = Math.max(Math.min(hinted, MAX_HINT_MS), Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (round - 1)));
  await (ctx.clock.sleep ? ctx.clock.sleep(ms, ctx.signal) : sleep(ms, ctx.signal));
}

/** How long QBO asked to wait: a throttle's back-off (`Retry-After`, else 60 s), else `retryAfterMs`. */
function hintOf(error: unknown): number {
  if (error instanceof ThrottleExceededError) return error.backoffMs;
  return Number((error as { retryAfterMs?: unknown }).retryAfterMs ?? 0);
}

/** Adopts the creates found in QBO, fails refused ones proven absent; returns what to send again. */
async function reconcile(ctx: ExecContext, left: readonly Unsure[]): Promise<Unsure[]> {
  const creates = left.filter((u) => u.step.kind === 'qbo.create');
  let found: Map<string, Record<string, unknown>>;
  try {
    found = creates.length === 0 ? new Map() : await lookUpCreates(ctx.qbo, creates, lookupOptions(ctx));
  } catch (error) {
    if (classifyError(error) === 'fatal') throw error;
    await park(ctx, left);
    return [];
  }
  const resend: Unsure[] = [];
  for (const u of left) {
    const record = found.get(u.step.key);
    if (record) {
      ctx.report.reconciled(u.step.entity, u.step.sourceId, outcomeError(u), 'adopted');
      await settleStep(ctx, u.entry, u.step, record);
    } else if (u.kind === 'rejected') {
      await recordFailure(ctx, u.entry, u.step, u.error);
    } else {
      if (u.kind === 'unknown' && u.step.kind === 'qbo.create') {
        ctx.report.reconciled(u.step.entity, u.step.sourceId, outcomeError(u), 'absent');
      }
      resend.push(u);
    }
  }
  return resend;
}

function lookupOptions(ctx: ExecContext) {
  return {
    signal: ctx.signal,
    // A record linked to another IntelliTrack record is that record's, not this write's.
    taken: async ({ step }: LookupTarget, id: string): Promise<boolean> => {
      if (typeof step.link.resultField === 'string') return false;
      const link = await ctx.store.getLinkByQboId(step.entity, id);
      return link !== undefined && link.itId !== step.link.itId;
    },
  };
}

/** Journals `resend` as a new batch: each member under a request id never used before. */
async function rebatch(ctx: ExecContext, resend: readonly Unsure[]): Promise<JournalEntry> {
  const identity = resend.map((u) => `${u.step.key}#${u.entry.attempts + 1}`).join('\n');
  const batchKey = `qbo-batch:${shortDigest(identity, 24)}`;
  const steps = resend.map((u) => u.step);
  const first = steps[0] as QboWriteStep;
  return ctx.store.transaction(async () => {
    const body: JournalBody = { type: 'batch', steps };
    const batch = await ctx.journal.open(batchKey, { entity: first.entity, operation: 'qbo.batch', body });
    for (const u of resend) await ctx.journal.rekey(u.entry, batchKey);
    return batch;
  });
}

/**
 * Leaves members pending for the next run, uncertain when their outcome is unknown, each in the report
 * and the error queue with the typed error that says so.
 */
export async function park(ctx: ExecContext, members: readonly Unsure[]): Promise<void> {
  for (const u of members) {
    const entry = await ctx.journal.markUncertain(u.entry);
    // A create is uncertain until a lookup settles it; an update answered "try again" is just that.
    const plain = u.step.kind === 'qbo.update' && u.kind === 'transient' && !isOutcomeUnknown(u.error);
    await recordFailure(ctx, entry, u.step, plain ? u.error : outcomeError(u));
  }
}
