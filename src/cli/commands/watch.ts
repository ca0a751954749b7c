import { createWebhookHandler } from '../../qbo/webhook-handler.js';
import type { FlowName } from '../../sync/context.js';
import { describeQboReads } from '../../sync/read/gate.js';
import { formatReport, type SyncReport } from '../../sync/report.js';
import type { FlowSchedule } from '../../sync/schedule/types.js';
import type { Synchronizer } from '../../sync/synchronizer.js';
import { SECRET_ENV } from '../config.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue, exitCodeForErrorName, exitCodeForReport } from '../exit-codes.js';
import { listenFetch, portOf } from '../listen.js';
import { LiveBlock } from '../live-block.js';
import { formatReasons } from '../reasons.js';
import { parseScope } from './sync.js';

const AUTH_ERRORS = new Set(['ReauthorizationRequiredError', 'AuthenticationError', 'PermissionDeniedError']);

/** Options of `qbo-it watch`. */
export interface WatchOptions {
  interval?: string;
  every?: string;
  verbose?: boolean;
  /** Port on which QBO's webhook notifications are received and recorded as notices. */
  webhooks?: string;
  /** Address of that endpoint. @default 127.0.0.1 */
  webhooksHost?: string;
}

function positiveMinutes(name: string, value: string): number {
  const minutes = Number(value);
  if (!(minutes > 0) || !Number.isFinite(minutes)) {
    throw new CliUsageError(`${name} must be a positive number of minutes, got "${value}".`);
  }
  return minutes;
}

/** Parses `--every items=60,adjustments=5`. @throws CliUsageError naming the bad flow or interval. */
export function parseEvery(text: string): Partial<Record<FlowName, number>> {
  const intervals: Partial<Record<FlowName, number>> = {};
  for (const part of text.split(',').filter((p) => p.trim().length > 0)) {
    const [name = '', minutes, ...rest] = part.split('=').map((s) => s.trim());
    if (minutes === undefined || rest.length > 0) {
      throw new CliUsageError(`--every takes flow=minutes pairs (e.g. items=60,adjustments=5), got "${part}".`);
    }
    const flow = parseScope(name);
    if (flow === 'all') throw new CliUsageError('--every names flows; use --interval for every flow.');
    intervals[flow] = positiveMinutes(`--every ${flow}`, minutes);
  }
  return intervals;
}

function scheduleLines(schedule: FlowSchedule[]): string[] {
  return schedule
    .filter((s) => s.intervalMs !== null)
    .map(
      (s) =>
        `  ${s.flow.padEnd(12)} every ${Number(s.intervalMs) / 60_000} min  last ${s.lastResult ?? 'never'} ${s.lastRunAt ?? ''}  next ${s.nextDueAt ?? '-'}`,
    );
}

/** The watch screen after a run: its report, why records were not written, and what runs next. */
function screen(report: SyncReport, schedule: FlowSchedule[]): string {
  const reasons = formatReasons(report);
  return [formatReport(report), ...(reasons ? [reasons] : []), 'schedule:', ...scheduleLines(schedule)].join('\n');
}

/**
 * `qbo-it watch [--interval <minutes>] [--every flow=minutes,...] [--verbose]`: syncs now and then
 * each flow at its interval until SIGINT/SIGTERM (exit 0 after the run in progress stops), or
 * until QBO needs re-authorization (exit 3). On a terminal the report is redrawn in place.
 */
export async function watchCommand(ctx: CommandContext, options: WatchOptions): Promise<ExitCodeValue> {
  const minutes = options.interval === undefined ? undefined : positiveMinutes('--interval', options.interval);
  const intervals = options.every === undefined ? undefined : parseEvery(options.every);
  const { sync } = await ctx.runtime();
  const webhooks = await receiveNotices(ctx, sync, options);
  const verbose = options.verbose === true;
  const stopFollowing = ctx.out.follow(sync, { verbose, clearBars: true });
  const stopped = new AbortController();
  // Record lines printed between drawings would be drawn over: with --verbose the screen is appended.
  const block = new LiveBlock(ctx.deps.io.stdout, ctx.deps.io.isTTY && !ctx.out.json && !verbose);
  let exitCode: ExitCodeValue = ExitCode.ok;
  const offRun = sync.on('run', (report) => {
    const code = exitCodeForReport(report);
    if (ctx.out.json) ctx.out.event('report', { report, exitCode: code });
    else void sync.schedule().then((s) => block.draw(screen(report, s)));
    if (report.status === 'failed' && AUTH_ERRORS.has(report.error?.name ?? '')) {
      exitCode = ExitCode.auth;
      stopped.abort();
    }
  });
  // Auto sync stopped on an error every run would repeat (settings, authorization).
  const offAlert = sync.on('alert', (alert) => {
    if (alert.kind !== 'auto-sync-stopped') return;
    if (exitCode === ExitCode.ok) exitCode = exitCodeForErrorName(alert.error.name);
    stopped.abort();
  });
  const onSignal = (): void => stopped.abort();
  ctx.signal.addEventListener('abort', onSignal, { once: true });
  try {
    const every = intervals
      ? 'each flow at its interval'
      : `a sync every ${minutes ?? sync.settings.autoSyncIntervalMinutes} minute(s)`;
    ctx.out.info(`Watching: ${every}; Ctrl+C stops.`);
    const shortest = intervals
      ? Math.min(...Object.values(intervals))
      : (minutes ?? sync.settings.autoSyncIntervalMinutes);
    const reads = adaptiveReads(sync, shortest);
    if (reads) ctx.out.info(reads);
    sync.startAutoSync({
      runNow: true,
      ...(minutes === undefined ? {} : { intervalMinutes: minutes }),
      ...(intervals === undefined ? {} : { intervals }),
    });
    if (!ctx.signal.aborted)
      await new Promise((resolve) => stopped.signal.addEventListener('abort', resolve, { once: true }));
    block.release();
    ctx.out.info('Stopping: waiting for the run in progress to finish.');
    await sync.stopAutoSync();
    ctx.out.event('stopped', { exitCode });
    return exitCode;
  } finally {
    ctx.signal.removeEventListener('abort', onSignal);
    offRun();
    offAlert();
    stopFollowing();
    await webhooks?.close();
  }
}

/**
 * Under `qboReads: 'adaptive'` with a run more often than `qboReconcileMinutes`, when QBO is read: a
 * quiet company's runs do not all read it (at longer intervals every run does, and nothing is said).
 */
function adaptiveReads(sync: Synchronizer, shortestMinutes: number): string | undefined {
  const { settings } = sync;
  if (settings.qboReads !== 'adaptive' || shortestMinutes >= settings.qboReconcileMinutes) return undefined;
  return `${describeQboReads(settings)} (settings.qboReads "adaptive"; "every-run" reads every run; qbo-it sync always reads.)`;
}

/**
 * With `--webhooks <port>`: serves QBO's webhook endpoint, recording each notification as notices
 * (`recordQboNotices`). Without it under `qboReads: 'on-notice'`, says how rarely QBO will be read.
 * @throws CliUsageError without the verifier token, or when the address cannot be listened on.
 */
async function receiveNotices(ctx: CommandContext, sync: Synchronizer, options: WatchOptions) {
  if (options.webhooks === undefined) {
    if (sync.settings.qboReads === 'on-notice') {
      ctx.out.info(
        `qboReads is "on-notice" and this watch receives no webhooks (--webhooks <port>): QBO is read every ` +
          `${sync.settings.qboReconcileMinutes} minute(s) unless another process records notices in this state store.`,
      );
    }
    return undefined;
  }
  const port = portOf('--webhooks', options.webhooks, 0);
  const verifierToken = ctx.secrets.webhookVerifierToken;
  if (!verifierToken) {
    throw new CliUsageError(`--webhooks needs ${SECRET_ENV.webhookVerifierToken} (your app's webhook verifier token).`);
  }
  const handler = createWebhookHandler({ verifierToken, onEvents: (events) => sync.recordQboNotices(events) });
  const host = options.webhooksHost ?? '127.0.0.1';
  const listening = await listenFetch(handler, { host, port, what: 'The webhook endpoint' });
  ctx.out.result('webhooks', `Receiving QBO webhooks at ${listening.url} (any path).`, { url: listening.url });
  return listening;
}
