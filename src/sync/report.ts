import { isQboItSyncError } from '../core/errors.js';
import { persistableMessage } from '../core/redact.js';
import type { ReportedRecord } from './activity/entries.js';
import { countedCorePlus, type MeteredMonth, type MeteredReport, meteredShare } from './engine/metering-budget.js';
import type { SyncEntity } from './state/store.js';

/** Longest list of skipped/failed/conflict/drift details kept per entity (counts stay exact). */
export const REPORT_DETAIL_LIMIT = 500;

/** A record that was not written, with why. */
export interface SkippedRecord {
  id: string;
  reason: string;
}

/** A record that failed; the error is typed (`errorName`) and waits in the error queue. */
export interface FailedRecordReport {
  id: string;
  errorName: string;
  message: string;
  code: string | null;
}

/** A conflict: something the engine will not guess about. */
export interface ConflictReport {
  id: string;
  reason: string;
}

/**
 * A write whose outcome was unknown (answer lost or unusable), settled by looking it up: `adopted`
 * when the record was found and linked, `absent` when it was not there and was sent again.
 */
export interface ReconciledRecord extends FailedRecordReport {
  outcome: 'adopted' | 'absent';
}

/** IntelliTrack edits to a QBO-owned record, field by field. */
export interface DriftReport {
  id: string;
  fields: string[];
  /** Whether QBO's values were written back (`drift: "overwrite"`). */
  overwritten: boolean;
}

/** The fields of a two-way record carried across in a run, and any both-side edits a policy decided. */
export interface FieldChangeReport {
  id: string;
  /** Fields IntelliTrack changed that were written to QBO. */
  toQbo: string[];
  /** Fields QBO changed that were written to IntelliTrack. */
  toIntelliTrack: string[];
  /** Fields changed on both sides, with the side whose value was kept and the policy that chose it. */
  decided: { field: string; winner: 'qbo' | 'intellitrack'; by: string }[];
}

/** Counts and details for one entity of one run. */
export interface EntityReport {
  read: number;
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  skipped: number;
  failed: number;
  conflicts: number;
  drift: number;
  /** QBO writes planned but held back for manual posting. */
  held: number;
  /** Writes whose outcome was unknown, looked up in QBO this run (see `reconciledRecords`). */
  reconciled: number;
  skippedRecords: SkippedRecord[];
  failedRecords: FailedRecordReport[];
  conflictRecords: ConflictReport[];
  driftRecords: DriftReport[];
  reconciledRecords: ReconciledRecord[];
  /** Two-way records (customers, orders) whose fields were carried across, field by field. */
  fieldRecords: FieldChangeReport[];
}

/** QBO calls by kind (each HTTP request counts once; a batch of 30 is one `batch` call). */
export interface QboCallCounts {
  query: number;
  cdc: number;
  batch: number;
  write: number;
  read: number;
}

/** IntelliTrack calls by kind. */
export interface ItCallCounts {
  read: number;
  changes: number;
  /** Single-write requests. */
  write: number;
  /** Bulk-write requests (each carries up to 100 writes). */
  bulk: number;
}

/** The outcome of one sync run. JSON-serialisable. */
export interface SyncReport {
  runId: string;
  operation: string;
  dryRun: boolean;
  status: 'completed' | 'failed' | 'aborted';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  entities: Partial<Record<SyncEntity, EntityReport>>;
  calls: { qbo: QboCallCounts; intellitrack: ItCallCounts };
  /**
   * QBO calls as Intuit meters them: this run's, the company's month so far, the allowance and its
   * forecast (docs/metering.md). Absent only from reports recorded before metering was counted.
   */
  metered?: MeteredReport;
  /** Why the run stopped, when it did. */
  error?: { name: string; message: string };
  /** Notes about the run as a whole (e.g. a full read instead of CDC). */
  notes: string[];
}

/** An empty entity report. */
export function emptyEntityReport(): EntityReport {
  return {
    read: 0,
    created: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    conflicts: 0,
    drift: 0,
    held: 0,
    reconciled: 0,
    skippedRecords: [],
    failedRecords: [],
    conflictRecords: [],
    driftRecords: [],
    reconciledRecords: [],
    fieldRecords: [],
  };
}

/** Zeroed call counters. */
export function emptyCalls(): SyncReport['calls'] {
  return {
    qbo: { query: 0, cdc: 0, batch: 0, write: 0, read: 0 },
    intellitrack: { read: 0, changes: 0, write: 0, bulk: 0 },
  };
}

function pushCapped<T>(list: T[], item: T): void {
  if (list.length < REPORT_DETAIL_LIMIT) list.push(item);
}

/** Collects one run's counts; flows write to it, the Synchronizer finishes it. */
export class ReportBuilder {
  readonly entities: Partial<Record<SyncEntity, EntityReport>> = {};
  readonly notes: string[] = [];
  /** Told of every skipped, failed, conflicting and drifted record (the run's activity log listens). */
  onRecord: ((record: ReportedRecord) => void) | undefined;

  /** The report of `entity`, created on first use. */
  entity(entity: SyncEntity): EntityReport {
    let report = this.entities[entity];
    if (!report) {
      report = emptyEntityReport();
      this.entities[entity] = report;
    }
    return report;
  }

  count(entity: SyncEntity, field: 'read' | 'created' | 'updated' | 'deleted' | 'unchanged' | 'held', by = 1): void {
    this.entity(entity)[field] += by;
  }

  skip(entity: SyncEntity, id: string, reason: string): void {
    const report = this.entity(entity);
    report.skipped += 1;
    pushCapped(report.skippedRecords, { id, reason });
    this.onRecord?.({ entity, id, action: 'skipped', reason });
  }

  fail(entity: SyncEntity, id: string, error: unknown): void {
    const report = this.entity(entity);
    report.failed += 1;
    pushCapped(report.failedRecords, describeError(id, error));
    this.onRecord?.({ entity, id, action: 'failed', reason: describeError(id, error).message });
  }

  conflict(entity: SyncEntity, id: string, reason: string): void {
    const report = this.entity(entity);
    report.conflicts += 1;
    pushCapped(report.conflictRecords, { id, reason });
    this.onRecord?.({ entity, id, action: 'conflict', reason });
  }

  /** Records a write of unknown outcome that a lookup settled (`error` says why it was unknown). */
  reconciled(entity: SyncEntity, id: string, error: unknown, outcome: ReconciledRecord['outcome']): void {
    const report = this.entity(entity);
    report.reconciled += 1;
    pushCapped(report.reconciledRecords, { ...describeError(id, error), outcome });
  }

  /** Notes which fields of a two-way record were carried across (counted by the writes themselves). */
  fields(entity: SyncEntity, record: FieldChangeReport): void {
    pushCapped(this.entity(entity).fieldRecords, record);
  }

  drift(entity: SyncEntity, record: DriftReport): void {
    const report = this.entity(entity);
    report.drift += 1;
    pushCapped(report.driftRecords, record);
    this.onRecord?.({ entity, id: record.id, action: 'drift', reason: driftReason(record), fields: record.fields });
  }
}

function driftReason(record: DriftReport): string {
  const fields = record.fields.join(', ');
  return `edited in IntelliTrack (${fields})${record.overwritten ? '; QBO values written back' : '; kept'}`;
}

/** The typed facts of an error, for reports and the error queue (never a token: SDK errors redact). */
export function describeError(id: string, error: unknown): FailedRecordReport {
  if (error instanceof Error) {
    const code = isQboItSyncError(error) ? (error as { code?: unknown }).code : undefined;
    return {
      id,
      errorName: error.name,
      message: persistableMessage(error),
      code: typeof code === 'string' ? code : null,
    };
  }
  return { id, errorName: 'Error', message: persistableMessage(error), code: null };
}

const COLUMNS = [
  'read',
  'created',
  'updated',
  'deleted',
  'unchanged',
  'skipped',
  'failed',
  'conflicts',
  'drift',
] as const;

/**
 * Renders a report as a plain-text table: one row per entity, then the call counts.
 * @example
 * console.log(formatReport(await sync.syncAll()));
 */
export function formatReport(report: SyncReport): string {
  const header = ['entity', ...COLUMNS];
  const rows = Object.entries(report.entities).map(([name, e]) => [
    name,
    ...COLUMNS.map((c) => String((e as EntityReport)[c])),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const q = report.calls.qbo;
  const it = report.calls.intellitrack;
  return [
    `${report.operation} ${report.status}${report.dryRun ? ' (dry run)' : ''} in ${report.durationMs} ms`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `QBO calls: query ${q.query}, cdc ${q.cdc}, batch ${q.batch}, write ${q.write}, read ${q.read}`,
    `IntelliTrack calls: read ${it.read}, changes ${it.changes}, write ${it.write}, bulk ${it.bulk}`,
    ...(report.metered ? [formatMetered(report.metered)] : []),
    ...report.notes.map((n) => `note: ${n}`),
    ...(report.error ? [`error: ${report.error.name}: ${report.error.message}`] : []),
  ].join('\n');
}

/**
 * One line on metered calls: this run's (when `m` is a run's), the month's against the allowance
 * (the app's, with this company's part when the store holds several), and the forecast.
 */
export function formatMetered(m: MeteredReport | MeteredMonth): string {
  const share = meteredShare(m);
  const outlook = m.exhausted ? ', used up' : m.exhaustsOn ? `, runs out on ${m.exhaustsOn} at this rate` : '';
  const run = 'corePlus' in m ? ` run ${m.corePlus} CorePlus + ${m.core} Core;` : '';
  const part =
    m.scope === 'app' && m.appTotal.companies > 1
      ? ` by ${m.appTotal.companies} companies, ${m.monthTotal.corePlus} by this one`
      : '';
  return `QBO metered calls:${run} ${m.month}: ${countedCorePlus(m)} of ${m.allowance} CorePlus (${share}%)${part}${outlook}`;
}
