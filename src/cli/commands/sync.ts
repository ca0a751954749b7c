import type { FlowName } from '../../sync/context.js';
import { formatReport, type SyncReport } from '../../sync/report.js';
import type { SyncScope } from '../../sync/scope.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, type ExitCodeValue, exitCodeForReport } from '../exit-codes.js';
import { formatReasons } from '../reasons.js';

/** Scopes of `qbo-it sync` and `qbo-it plan`: `all` or a flow name (see `Synchronizer.sync`). */
export const SYNC_SCOPES = [
  'all',
  'items',
  'vendors',
  'customers',
  'inventory',
  'receiving',
  'picking',
  'adjustments',
] as const satisfies readonly ('all' | FlowName)[];

/** Checks a scope argument. @throws CliUsageError naming the valid scopes. */
export function parseScope(value: string | undefined): (typeof SYNC_SCOPES)[number] {
  const scope = value ?? 'all';
  if (!(SYNC_SCOPES as readonly string[]).includes(scope)) {
    throw new CliUsageError(`Unknown scope "${scope}"; use one of: ${SYNC_SCOPES.join(', ')}.`);
  }
  return scope as (typeof SYNC_SCOPES)[number];
}

/**
 * Checks a list of scope arguments (`sync items vendors`; commas work too: `items,vendors`):
 * `all` alone, or flow names. @throws CliUsageError naming the first bad scope.
 */
export function parseScopes(values: readonly string[] | undefined): SyncScope {
  const names = (values ?? []).flatMap((v) => v.split(',')).filter((v) => v.length > 0);
  const scopes = names.map(parseScope);
  if (scopes.length === 0 || (scopes.length === 1 && scopes[0] === 'all')) return 'all';
  if (scopes.includes('all')) throw new CliUsageError('Scope "all" cannot be combined with flow names.');
  return [...new Set(scopes as FlowName[])];
}

/** Prints a finished run (the table, then why records were not simply written) and returns its exit code. */
export function printReport(ctx: CommandContext, report: SyncReport): ExitCodeValue {
  const exitCode = exitCodeForReport(report);
  const reasons = formatReasons(report);
  ctx.out.result('report', reasons ? `${formatReport(report)}\n${reasons}` : formatReport(report), {
    report,
    exitCode,
  });
  return exitCode;
}

/** Options of every command that runs a sync. */
export interface RunCommandOptions {
  /** Print every record as it moves. */
  verbose?: boolean;
}

/** Runs `run` while following its progress (and records, with `--verbose`), then prints its report. */
export async function followRun(
  ctx: CommandContext,
  options: RunCommandOptions,
  run: (sync: Awaited<ReturnType<CommandContext['runtime']>>['sync']) => Promise<SyncReport>,
): Promise<ExitCodeValue> {
  const { sync } = await ctx.runtime();
  const stop = ctx.out.follow(sync, { verbose: options.verbose === true });
  try {
    const report = await run(sync);
    stop();
    return printReport(ctx, report);
  } finally {
    stop();
  }
}

/** `qbo-it sync [scope...] [--dry-run] [--force] [--verbose]` */
export function syncCommand(
  ctx: CommandContext,
  scopeArgs: readonly string[] | undefined,
  options: RunCommandOptions & { dryRun?: boolean; force?: boolean },
): Promise<ExitCodeValue> {
  const scope = parseScopes(scopeArgs);
  return followRun(ctx, options, (sync) =>
    sync.sync(scope, {
      signal: ctx.signal,
      dryRun: options.dryRun === true,
      // Started by a person: QBO is read whatever settings.qboReads says.
      readQbo: true,
      ...(options.force ? { force: true } : {}),
    }),
  );
}

/** `qbo-it retry-failed [--verbose]` */
export function retryFailedCommand(ctx: CommandContext, options: RunCommandOptions = {}): Promise<ExitCodeValue> {
  return followRun(ctx, options, (sync) => sync.retryFailed({ signal: ctx.signal }));
}
