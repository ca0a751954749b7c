import type { FlowName } from '../../sync/context.js';
import { formatReport, type SyncReport } from '../../sync/report.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue, exitCodeForReport } from '../exit-codes.js';

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

/** Prints a finished run and returns its exit code. */
export function printReport(ctx: CommandContext, report: SyncReport): ExitCodeValue {
  const exitCode = exitCodeForReport(report);
  ctx.out.result('report', formatReport(report), { report, exitCode });
  return exitCode;
}

/** `qbo-it sync [scope] [--dry-run] [--force]` */
export async function syncCommand(
  ctx: CommandContext,
  scopeArg: string | undefined,
  options: { dryRun?: boolean; force?: boolean },
): Promise<ExitCodeValue> {
  const scope = parseScope(scopeArg);
  const { sync } = await ctx.runtime();
  const stop = ctx.out.follow(sync);
  try {
    const report = await sync.sync(scope, {
      signal: ctx.signal,
      dryRun: options.dryRun === true,
      ...(options.force ? { force: true } : {}),
    });
    stop();
    return printReport(ctx, report);
  } finally {
    stop();
  }
}

/** `qbo-it retry-failed` */
export async function retryFailedCommand(ctx: CommandContext): Promise<ExitCodeValue> {
  const { sync } = await ctx.runtime();
  const stop = ctx.out.follow(sync);
  try {
    const report = await sync.retryFailed({ signal: ctx.signal });
    stop();
    return printReport(ctx, report);
  } finally {
    stop();
  }
}

const AUTH_ERRORS = new Set(['ReauthorizationRequiredError', 'AuthenticationError', 'PermissionDeniedError']);

/**
 * `qbo-it watch [--interval <minutes>]`: syncs now and then every interval until SIGINT/SIGTERM
 * (exit 0 after the run in progress stops), or until QBO needs re-authorization (exit 3).
 */
export async function watchCommand(ctx: CommandContext, options: { interval?: string }): Promise<ExitCodeValue> {
  const minutes = options.interval === undefined ? undefined : Number(options.interval);
  if (minutes !== undefined && !(minutes > 0)) {
    throw new CliUsageError(`--interval must be a positive number of minutes, got "${options.interval}".`);
  }
  const { sync } = await ctx.runtime();
  const stopFollowing = ctx.out.follow(sync);
  const stopped = new AbortController();
  let exitCode: ExitCodeValue = ExitCode.ok;
  const offRun = sync.on('run', (report) => {
    printReport(ctx, report);
    if (report.status === 'failed' && AUTH_ERRORS.has(report.error?.name ?? '')) {
      exitCode = ExitCode.auth;
      stopped.abort();
    }
  });
  const onSignal = (): void => stopped.abort();
  ctx.signal.addEventListener('abort', onSignal, { once: true });
  try {
    ctx.out.info(`Watching: a sync every ${minutes ?? sync.settings.autoSyncIntervalMinutes} minute(s); Ctrl+C stops.`);
    sync.startAutoSync({ ...(minutes === undefined ? {} : { intervalMinutes: minutes }) });
    if (!ctx.signal.aborted)
      await new Promise((resolve) => stopped.signal.addEventListener('abort', resolve, { once: true }));
    ctx.out.info('Stopping: waiting for the run in progress to finish.');
    await sync.stopAutoSync();
    ctx.out.event('stopped', { exitCode });
    return exitCode;
  } finally {
    ctx.signal.removeEventListener('abort', onSignal);
    offRun();
    stopFollowing();
  }
}
