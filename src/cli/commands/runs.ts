import { readActivity, readRuns, type SyncRun } from '../../sync/activity/query.js';
import type { ActivityEntry } from '../../sync/activity/types.js';
import type { CommandContext } from '../context.js';
import { CliUsageError, ExitCode, type ExitCodeValue } from '../exit-codes.js';

/** Entries read per page of `runs show`. */
const PAGE = 1000;

function problemsOf(run: SyncRun): number {
  return Object.values(run.report?.entities ?? {}).reduce((n, e) => n + (e?.failed ?? 0) + (e?.conflicts ?? 0), 0);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new CliUsageError(`${name} must be a whole number ≥ 1, got "${value}".`);
  return n;
}

/** `qbo-it runs [-n count]`: the stored runs, newest first. Needs only the state file. */
export async function runsCommand(ctx: CommandContext, options: { limit?: string }): Promise<ExitCodeValue> {
  const runs = await readRuns(await ctx.store(), positive('--limit', options.limit, 20));
  const rows = runs.map((r) => ({
    id: r.id,
    operation: r.operation,
    status: r.status,
    startedAt: new Date(r.startedAt).toISOString(),
    durationMs: r.finishedAt - r.startedAt,
    problems: problemsOf(r),
  }));
  const text = rows.length
    ? rows.map(
        (r) => `${r.id}  ${r.operation.padEnd(28)} ${r.status.padEnd(9)} ${r.durationMs} ms  ${r.problems} problem(s)`,
      )
    : ['no runs stored yet'];
  ctx.out.result('runs', text.join('\n'), { runs: rows });
  return ExitCode.ok;
}

function entryLine(e: ActivityEntry): string {
  const ids = [e.qboId && `QBO ${e.qboId}`, e.docNumber && `#${e.docNumber}`, e.itKey && `IT ${e.itKey}`].filter(
    Boolean,
  );
  const changes = e.changes.map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  return [
    `  ${e.action.padEnd(11)} ${e.flow.padEnd(11)} ${ids.join(' ') || e.sourceId}: ${e.reason}`,
    ...changes.map((c) => `      ${c}`),
    ...e.warnings.map((w) => `      warning: ${w}`),
  ].join('\n');
}

/**
 * `qbo-it runs show <id> [--flow f] [--action a]`: one run's report and every record it settled,
 * with the action and the reason. Exit 2 when no such run is stored (or it was pruned).
 */
export async function runShowCommand(
  ctx: CommandContext,
  id: string,
  options: { flow?: string; action?: string },
): Promise<ExitCodeValue> {
  const store = await ctx.store();
  const run = (await store.getRun(id)) as SyncRun | undefined;
  if (!run) throw new CliUsageError(`No run "${id}" is stored (see "qbo-it runs"); it may have been pruned.`);
  const entries: ActivityEntry[] = [];
  let cursor: string | null | undefined;
  do {
    const page = await readActivity(store, {
      runId: id,
      limit: PAGE,
      ...(options.flow ? { flow: options.flow } : {}),
      ...(cursor ? { cursor } : {}),
    });
    entries.push(...page.entries.filter((e) => !options.action || e.action === options.action));
    cursor = page.cursor;
  } while (cursor);
  const head = `${run.id}  ${run.operation} ${run.status}, ${entries.length} record(s)`;
  const text = [head, ...(entries.length ? entries.map(entryLine) : ['  no records'])].join('\n');
  ctx.out.result('run', text, { run, records: entries });
  return ExitCode.ok;
}
