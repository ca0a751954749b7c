import { resolveSettings } from '../../sync/settings.js';
import { type PruneOptions, type PruneResult, pruneState, resolveRetention } from '../../sync/state/retention.js';
import { toSyncSettings } from '../config.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';

function parseOptions(options: { before?: string; keepRuns?: string }): PruneOptions {
  const out: PruneOptions = {};
  if (options.before !== undefined) {
    const at = Date.parse(options.before);
    if (Number.isNaN(at)) throw new CliUsageError(`--before must be a date (ISO 8601), got "${options.before}".`);
    out.before = at;
  }
  if (options.keepRuns !== undefined) {
    const keep = Number(options.keepRuns);
    if (!Number.isSafeInteger(keep) || keep < 0) {
      throw new CliUsageError(`--keep-runs must be a non-negative integer, got "${options.keepRuns}".`);
    }
    out.keepRuns = keep;
  }
  return out;
}

function formatPrune(result: PruneResult): string {
  return [
    `journal: deleted ${result.journal} settled entr${result.journal === 1 ? 'y' : 'ies'} last updated before ${result.journalBefore}`,
    `runs:    deleted ${result.runs}, keeping the newest ${result.keptRuns}`,
  ].join('\n');
}

/**
 * `qbo-it prune [--before <date>] [--keep-runs <n>]`: deletes settled journal entries and old run
 * history as `settings.retention` says (pending writes are never deleted). Needs only the state file.
 */
export async function pruneCommand(
  ctx: CommandContext,
  options: { before?: string; keepRuns?: string },
): Promise<ExitCodeValue> {
  const prune = parseOptions(options);
  const settings = toSyncSettings((await ctx.config()).settings);
  const { cdcMaxAgeDays } = resolveSettings(settings);
  const retention = resolveRetention(settings.retention, cdcMaxAgeDays);
  const store = await ctx.store();
  const result = await pruneState(
    { store, retention, cdcMaxAgeDays, now: Date.now() },
    { ...prune, signal: ctx.signal },
  );
  ctx.out.result('prune', formatPrune(result), { ...result });
  return ExitCode.ok;
}
