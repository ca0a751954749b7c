import type { EntityReport, SyncReport } from '../sync/report.js';

/** Records listed per entity and kind under the summary table (the report keeps them all). */
const SHOWN = 10;

function capped(entity: string, kind: string, lines: string[]): string[] {
  const shown = lines.slice(0, SHOWN).map((line) => `  ${kind} ${entity} ${line}`);
  if (lines.length > SHOWN) shown.push(`  … and ${lines.length - SHOWN} more ${kind} ${entity} record(s)`);
  return shown;
}

function entityReasons(entity: string, e: EntityReport): string[] {
  return [
    ...capped(
      entity,
      'failed',
      e.failedRecords.map((f) => `${f.id}: ${f.errorName}: ${f.message}`),
    ),
    ...capped(
      entity,
      'conflict',
      e.conflictRecords.map((c) => `${c.id}: ${c.reason}`),
    ),
    ...capped(
      entity,
      'skipped',
      e.skippedRecords.map((s) => `${s.id}: ${s.reason}`),
    ),
    ...capped(
      entity,
      'drift',
      e.driftRecords.map(
        (d) => `${d.id}: ${d.fields.join(', ')} (${d.overwritten ? 'QBO values written back' : 'kept'})`,
      ),
    ),
  ];
}

/**
 * The records a run did not simply write, with why: failed, conflict, skipped and drift, per entity
 * (at most ten of each; the JSON report has every one). Empty when there are none.
 */
export function formatReasons(report: SyncReport): string {
  const lines = Object.entries(report.entities).flatMap(([entity, e]) => (e ? entityReasons(entity, e) : []));
  return lines.length > 0 ? ['why:', ...lines].join('\n') : '';
}
