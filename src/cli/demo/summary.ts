import { formatReport, type SyncReport } from '../../sync/report.js';
import type { QboRequestKind } from '../../testing/index.js';
import type { DayAction } from './day.js';
import type { QboTally } from './tally.js';

/** Metered reads besides batches that carry only queries. */
const READ_KINDS: readonly QboRequestKind[] = ['query', 'read', 'cdc'];

/** The emulator's request counts at one moment: every request by kind, and those that could write. */
export interface RequestCounts {
  byKind: Partial<Record<QboRequestKind, number>>;
  /** Requests that could change data, by kind (a batch of queries only is a read). */
  writesByKind: Partial<Record<QboRequestKind, number>>;
}

/** QBO calls of one run, measured at the emulator, against one request per page or per 30 writes. */
export interface CallBudget {
  /** Metered reads the emulator answered (queries, reads, CDC, batches of queries only), throttled ones included. */
  reads: number;
  /** Writes (single and batch requests). */
  writes: number;
  /** One request per page: ceil(rows / 1000) per entity read, plus ceil(changes / 1000) when CDC was used. */
  readFloor: number;
  /** ceil(records written / 30). */
  writeFloor: number;
  byKind: Partial<Record<QboRequestKind, number>>;
}

/** One sync run of the demo. */
export interface DemoRun {
  label: string;
  report: SyncReport;
  calls: CallBudget;
  tally: QboTally;
}

/** Everything the demo prints at the end. */
export interface DemoSummary {
  ok: boolean;
  scale: string;
  statePath: string;
  preflight: { ok: boolean; problems: string[] };
  runs: DemoRun[];
  day: DayAction[];
  durationMs: number;
}

const sum = (values: Iterable<number>): number => [...values].reduce((a, b) => a + b, 0);

function diff(
  before: Partial<Record<QboRequestKind, number>>,
  after: Partial<Record<QboRequestKind, number>>,
): Partial<Record<QboRequestKind, number>> {
  const out: Partial<Record<QboRequestKind, number>> = {};
  for (const [kind, n] of Object.entries(after)) {
    const d = (n ?? 0) - (before[kind as QboRequestKind] ?? 0);
    if (d > 0) out[kind as QboRequestKind] = d;
  }
  return out;
}

/** The calls of a run: the emulator's counts after minus before, and the floors from the tally. */
export function callBudget(before: RequestCounts, after: RequestCounts, tally: QboTally): CallBudget {
  const byKind = diff(before.byKind, after.byKind);
  const writesByKind = diff(before.writesByKind, after.writesByKind);
  const writes = sum(Object.values(writesByKind).map((n) => n ?? 0));
  const readOnlyBatches = (byKind.batch ?? 0) - (writesByKind.batch ?? 0);
  const changes = sum(Object.values(tally.changed));
  const cdcUsed = Object.keys(tally.changed).length > 0;
  return {
    reads: sum(READ_KINDS.map((k) => byKind[k] ?? 0)) + readOnlyBatches,
    writes,
    readFloor:
      sum(Object.values(tally.read).map((rows) => Math.max(1, Math.ceil(rows / 1000)))) +
      (cdcUsed ? Math.max(1, Math.ceil(changes / 1000)) : 0),
    writeFloor: Math.ceil(sum(Object.values(tally.written)) / 30),
    byKind,
  };
}

function movedLines(run: DemoRun): string[] {
  const lines: string[] = [];
  const entries = (m: Record<string, number>) =>
    Object.entries(m)
      .filter(([k, n]) => k !== '*' && n > 0)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  const read = entries(run.tally.read);
  const changed = entries(run.tally.changed);
  const written = entries(run.tally.written);
  if (read) lines.push(`  read from QBO by query: ${read}`);
  if (Object.keys(run.tally.changed).length > 0) lines.push(`  read from QBO by CDC: ${changed || 'no changes'}`);
  lines.push(`  written to QBO: ${written || 'nothing'}`);
  return lines;
}

function problemLines(report: SyncReport): string[] {
  const lines: string[] = [];
  for (const [entity, e] of Object.entries(report.entities)) {
    for (const c of e.conflictRecords.slice(0, 5)) lines.push(`  conflict ${entity} ${c.id}: ${c.reason}`);
    for (const d of e.driftRecords.slice(0, 5))
      lines.push(
        `  drift ${entity} ${d.id}: ${d.fields.join(', ')} (${d.overwritten ? 'QBO values restored' : 'reported only'})`,
      );
    for (const f of e.failedRecords.slice(0, 5)) lines.push(`  failed ${entity} ${f.id}: ${f.errorName}: ${f.message}`);
    for (const r of e.fieldRecords.slice(0, 5)) {
      const to = [...r.toQbo.map((f) => `${f} → QBO`), ...r.toIntelliTrack.map((f) => `${f} → IntelliTrack`)];
      lines.push(`  both ways ${entity} ${r.id}: ${to.join(', ')}`);
    }
  }
  return lines;
}

function runText(run: DemoRun): string {
  const c = run.calls;
  return [
    `== ${run.label} ==`,
    formatReport(run.report),
    ...movedLines(run),
    `  QBO calls: ${c.reads} metered reads (one per page would be ${c.readFloor}), ${c.writes} writes (floor ${c.writeFloor})`,
    ...problemLines(run.report),
  ].join('\n');
}

/** The demo's closing report as text. */
export function formatSummary(summary: DemoSummary): string {
  const day = summary.day.map(
    (a) => `  ${a.side.padEnd(12)} ${a.what}: ${a.count}${a.refused ? ` (${a.refused} refused by the rules)` : ''}`,
  );
  return [
    `preflight: ${summary.preflight.ok ? 'ok' : summary.preflight.problems.join('; ')}`,
    '',
    ...summary.runs.slice(0, 1).map(runText),
    '',
    'a day of work:',
    ...day,
    '',
    ...summary.runs.slice(1).map(runText),
    '',
    `demo ${summary.ok ? 'finished' : 'FAILED'} in ${(summary.durationMs / 1000).toFixed(1)} s (${summary.scale}); state in ${summary.statePath}`,
  ].join('\n');
}
