/**
 * Retention: how much of its own history the Synchronizer keeps in the state store. Settled journal
 * entries and old runs are deleted; pending journal entries never are. Why each kind of settled
 * entry may go is worked out per step kind in docs/state-stores.md ("Retention").
 */

import { z } from 'zod';
import { ConfigurationError, InvalidArgumentError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { SyncPlan } from '../plan/steps.js';
import type { SyncReport } from '../report.js';
import type { StateStore } from './store.js';

const DAY_MS = 86_400_000;

/**
 * Watermark holding the latest instant before which settled journal entries were deleted. A plan
 * made before it is refused by `apply()`: the entries that would stop its writes from being sent
 * twice may be gone.
 */
export const JOURNAL_PRUNED_KEY = 'pruned:journal';

/** How much history the Synchronizer keeps (setting `retention`). */
export interface RetentionSettings {
  /**
   * Prune after every completed run (never after a failed, aborted or dry run). `false` leaves it
   * to the host, which calls `Synchronizer.prune()` on its own schedule.
   * @default true
   */
  afterRun?: boolean;
  /**
   * Settled (`done` / `failed`) journal entries last updated more than this many days ago are
   * deleted. At least `cdcMaxAgeDays`: a deletion QBO's change data capture can still report is
   * kept from being applied twice by its journal entry alone.
   * @default 30
   */
  journalDays?: number;
  /**
   * How many of the newest runs the run history keeps.
   * @default 1000
   */
  runs?: number;
  /** Runs that started more than this many days ago are deleted too. @default no age limit */
  runDays?: number;
}

/** The `retention` setting's schema (also the configuration file's). */
export const RetentionSettingsSchema = z.strictObject({
  afterRun: z.boolean().optional(),
  journalDays: z.number().positive().optional(),
  runs: z.number().int().min(1).optional(),
  runDays: z.number().positive().optional(),
});

/** Retention with every default filled in. */
export interface ResolvedRetention {
  afterRun: boolean;
  journalDays: number;
  runs: number;
  runDays: number | undefined;
}

/** The defaults of {@link RetentionSettings}. */
export const RETENTION_DEFAULTS: Readonly<ResolvedRetention> = Object.freeze({
  afterRun: true,
  journalDays: 30,
  runs: 1000,
  runDays: undefined,
});

/**
 * Fills in the defaults of the `retention` setting and checks it.
 * @param cdcMaxAgeDays the resolved `cdcMaxAgeDays`: the journal is kept at least that long.
 * @throws ConfigurationError naming the field when a value cannot be used.
 */
export function resolveRetention(value: RetentionSettings | undefined, cdcMaxAgeDays: number): ResolvedRetention {
  const parsed = RetentionSettingsSchema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
    throw new ConfigurationError(`settings.retention${field}: ${issue?.message ?? 'invalid'}.`);
  }
  const resolved: ResolvedRetention = {
    afterRun: parsed.data.afterRun ?? RETENTION_DEFAULTS.afterRun,
    journalDays: parsed.data.journalDays ?? RETENTION_DEFAULTS.journalDays,
    runs: parsed.data.runs ?? RETENTION_DEFAULTS.runs,
    runDays: parsed.data.runDays,
  };
  if (resolved.journalDays < cdcMaxAgeDays) {
    throw new ConfigurationError(
      `settings.retention.journalDays must be at least settings.cdcMaxAgeDays (${cdcMaxAgeDays}), got ${resolved.journalDays}: a deletion QBO's change data capture can still report is kept from being applied twice only by its journal entry.`,
    );
  }
  return resolved;
}

/** What `Synchronizer.prune()` deletes; every limit defaults to the `retention` setting. */
export interface PruneOptions {
  /**
   * Settled journal entries last updated before this instant are deleted. No later than
   * `cdcMaxAgeDays` ago.
   * @default now − retention.journalDays
   */
  before?: Date | number;
  /** How many of the newest runs to keep. @default retention.runs */
  keepRuns?: number;
  /** Runs started before this instant are deleted too. @default now − retention.runDays, when set */
  runsBefore?: Date | number;
  signal?: AbortSignal;
}

/** What a prune deleted. */
export interface PruneResult {
  /** Settled journal entries deleted. */
  journal: number;
  /** Runs deleted from the history. */
  runs: number;
  /** ISO instant: settled journal entries last updated before it were deleted. */
  journalBefore: string;
  /** The newest runs kept. */
  keptRuns: number;
}

/** Everything {@link pruneState} works with. */
export interface PruneContext {
  store: StateStore;
  retention: ResolvedRetention;
  cdcMaxAgeDays: number;
  /** The current instant, epoch milliseconds. */
  now: number;
}

function instant(name: string, value: Date | number): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) throw new InvalidArgumentError(`prune: ${name} must be a date, got ${String(value)}.`);
  return Math.floor(ms);
}

function journalCutoff(ctx: PruneContext, before: Date | number | undefined): number {
  const latest = ctx.now - ctx.cdcMaxAgeDays * DAY_MS;
  const cutoff = before === undefined ? ctx.now - ctx.retention.journalDays * DAY_MS : instant('before', before);
  if (cutoff > latest) {
    throw new InvalidArgumentError(
      `prune: before must be at least cdcMaxAgeDays (${ctx.cdcMaxAgeDays}) days ago, no later than ${new Date(latest).toISOString()}; got ${new Date(cutoff).toISOString()}.`,
    );
  }
  return cutoff;
}

/**
 * Deletes settled journal entries and old runs as `options` and the retention setting say, and
 * records how far the journal was pruned (see {@link JOURNAL_PRUNED_KEY}).
 * @throws InvalidArgumentError when a limit cannot be used or `before` is within the CDC look-back.
 */
export async function pruneState(ctx: PruneContext, options: PruneOptions = {}): Promise<PruneResult> {
  options.signal?.throwIfAborted();
  const before = journalCutoff(ctx, options.before);
  const keepRuns = options.keepRuns ?? ctx.retention.runs;
  if (!Number.isSafeInteger(keepRuns) || keepRuns < 0) {
    throw new InvalidArgumentError(`prune: keepRuns must be a non-negative integer, got ${keepRuns}.`);
  }
  const { runDays } = ctx.retention;
  const runsBefore =
    options.runsBefore !== undefined
      ? instant('runsBefore', options.runsBefore)
      : runDays === undefined
        ? undefined
        : ctx.now - runDays * DAY_MS;
  const { store } = ctx;
  const journal = await store.transaction(async () => {
    const count = await store.pruneJournal({ before });
    const pruned = await store.getWatermark(JOURNAL_PRUNED_KEY);
    if (count > 0 && (pruned === undefined || Date.parse(pruned) < before)) {
      await store.setWatermark(JOURNAL_PRUNED_KEY, new Date(before).toISOString());
    }
    return count;
  });
  const runs = await store.pruneRuns(
    runsBefore === undefined ? { keep: keepRuns } : { keep: keepRuns, before: runsBefore },
  );
  return { journal, runs, journalBefore: new Date(before).toISOString(), keptRuns: keepRuns };
}

/** The report note of a prune that deleted something. */
function pruneNote(result: PruneResult): string {
  return `retention: deleted ${result.journal} settled journal entr${result.journal === 1 ? 'y' : 'ies'} last updated before ${result.journalBefore} and ${result.runs} run(s) beyond the newest ${result.keptRuns} or past their age`;
}

/**
 * Refuses a plan made before the journal was pruned: applying it could send again a write whose
 * journal entry, the only thing that makes a second `apply()` skip it, is gone.
 * @throws InvalidArgumentError naming the plan's `createdAt`.
 */
export async function assertPlanRetained(store: StateStore, plan: SyncPlan): Promise<void> {
  const pruned = await store.getWatermark(JOURNAL_PRUNED_KEY);
  if (pruned === undefined) return;
  const made = Date.parse(plan.createdAt);
  if (Number.isNaN(made) || made < Date.parse(pruned)) {
    throw new InvalidArgumentError(
      `plan.createdAt ${plan.createdAt || '(none)'} is before ${pruned}, the instant the write journal was pruned to: applying this plan could write twice. Make a new plan.`,
    );
  }
}

/**
 * Prunes after a completed run (never after a failed, aborted or dry one) and notes what it deleted
 * in `report`, which is stored again with the note. A prune that fails is logged and noted; the run
 * stays completed.
 */
export async function pruneAfterRun(
  report: SyncReport,
  deps: { prune: () => Promise<PruneResult>; store: StateStore; logger: Logger },
): Promise<SyncReport> {
  if (report.status !== 'completed' || report.dryRun) return report;
  try {
    const result = await deps.prune();
    if (result.journal + result.runs === 0) return report;
    report.notes.push(pruneNote(result));
    await deps.store.putRun({
      id: report.runId,
      operation: report.operation,
      startedAt: Date.parse(report.startedAt),
      finishedAt: Date.parse(report.finishedAt),
      status: report.status,
      report,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.warn({ err: message }, 'pruning after the run failed');
    report.notes.push(`retention: pruning after the run failed: ${message}`);
  }
  return report;
}
