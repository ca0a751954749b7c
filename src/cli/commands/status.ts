import { systemClock } from '../../core/clock.js';
import { type MeteredMonth, readMeteredMonth } from '../../sync/engine/metering-budget.js';
import { formatMetered, type SyncReport } from '../../sync/report.js';
import type { FailedRecord, RunRecord, StateStore } from '../../sync/state/store.js';
import type { CommandContext } from '../context.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { configuredRealmId } from '../runtime.js';

/** What `qbo-it status` shows. */
export interface StatusView {
  runs: { id: string; operation: string; status: string; startedAt: string; finishedAt: string; problems: number }[];
  watermarks: Record<string, string>;
  failed: FailedRecord[];
  pendingWrites: number;
  /**
   * The company's metered QBO calls this month, as the state store holds them (docs/metering.md);
   * null before any run counted them, or when the company is not known yet.
   */
  metered: MeteredMonth | null;
}

function problemsOf(run: RunRecord): number {
  const report = run.report as Partial<SyncReport> | null;
  return Object.values(report?.entities ?? {}).reduce((n, e) => n + (e?.failed ?? 0) + (e?.conflicts ?? 0), 0);
}

function formatStatus(view: StatusView): string {
  const runs = view.runs.map(
    (r) => `  ${r.finishedAt}  ${r.operation.padEnd(26)} ${r.status.padEnd(9)} ${r.problems} problem(s)`,
  );
  const marks = Object.entries(view.watermarks).map(([k, v]) => `  ${k.padEnd(28)} ${v}`);
  const failed = view.failed.map((f) => `  ${f.id}  ${f.errorName}: ${f.message} (attempts ${f.attempts})`);
  return [
    `last runs (${view.runs.length}):`,
    ...(runs.length ? runs : ['  none yet']),
    'watermarks:',
    ...(marks.length ? marks : ['  none yet']),
    `error queue (${view.failed.length}):`,
    ...(failed.length ? failed : ['  empty']),
    `writes pending from an interrupted run: ${view.pendingWrites}`,
    view.metered ? formatMetered(view.metered) : 'QBO metered calls: none counted yet',
  ].join('\n');
}

/**
 * This month's metered calls from the store, for the company of the configuration (or of the token
 * file `connect` wrote), against the allowance the newest run counted with; so a new month shows its
 * own count, not last month's. Null when no run counted any or the company is not known.
 */
async function meteredOf(
  ctx: CommandContext,
  store: StateStore,
  runs: readonly RunRecord[],
): Promise<MeteredMonth | null> {
  const newest = runs.map((r) => (r.report as Partial<SyncReport> | null)?.metered).find((m) => m !== undefined);
  if (!newest) return null;
  const config = await ctx.config();
  const realmId = await configuredRealmId(config).catch(() => undefined);
  if (!realmId) return null;
  const options = { monthlyAllowance: newest.allowance, ...(newest.scope ? { scope: newest.scope } : {}) };
  return readMeteredMonth({ store, realmId, clock: systemClock }, options);
}

/** `qbo-it status [--runs n]`: last runs, watermarks, the error queue and unfinished writes. */
export async function statusCommand(ctx: CommandContext, options: { runs?: string }): Promise<ExitCodeValue> {
  const limit = Math.max(1, Number(options.runs ?? 10) || 10);
  const store = await ctx.store();
  const [runs, watermarks, failed, pending] = await Promise.all([
    store.listRuns(limit),
    store.listWatermarks(),
    store.listFailed(),
    store.listJournal({ state: 'pending' }),
  ]);
  const view: StatusView = {
    runs: runs.map((r) => ({
      id: r.id,
      operation: r.operation,
      status: r.status,
      startedAt: new Date(r.startedAt).toISOString(),
      finishedAt: new Date(r.finishedAt).toISOString(),
      problems: problemsOf(r),
    })),
    watermarks,
    failed,
    pendingWrites: pending.length,
    metered: await meteredOf(ctx, store, runs),
  };
  ctx.out.result('status', formatStatus(view), { ...view });
  return ExitCode.ok;
}
