import type { SyncRun } from '../sync/activity/query.js';
import type { FlowName } from '../sync/context.js';
import type { FailedRecord, SyncEntity } from '../sync/state/store.js';
import { flowOfEntity, runCovers } from './flows.js';

/** A record the Errors page lists: a failure in the error queue or a conflict of a flow's last run. */
export interface OpenProblem {
  kind: 'failed' | 'conflict';
  flow: FlowName;
  entity: SyncEntity;
  /** The record as the report names it (QBO id or IntelliTrack key). */
  record: string;
  /** Which system the record came from, when known. */
  side: 'qbo' | 'intellitrack' | null;
  /** Why, in words (the error message or the conflict's reason). */
  reason: string;
  /** Failures: how many times it failed; conflicts: 1. */
  attempts: number;
  /** Epoch milliseconds of the last failure or of the run that found the conflict. */
  at: number;
}

/** The error queue's records, then the conflicts of the newest run of each entity not yet in it. */
export function openProblems(failed: readonly FailedRecord[], runs: readonly SyncRun[]): OpenProblem[] {
  const out: OpenProblem[] = failed.map((f) => ({
    kind: 'failed',
    flow: flowOfEntity(f.entity),
    entity: f.entity,
    record: f.sourceId,
    side: f.side,
    reason: `${f.errorName}: ${f.message}`,
    attempts: f.attempts,
    at: f.lastFailedAt,
  }));
  const seen = new Set<SyncEntity>();
  for (const run of runs) {
    if (run.report.dryRun) continue;
    for (const [entity, report] of Object.entries(run.report.entities) as [
      SyncEntity,
      (typeof run.report.entities)[SyncEntity],
    ][]) {
      if (seen.has(entity) || !report || !runCovers(run.operation, flowOfEntity(entity))) continue;
      seen.add(entity);
      for (const c of report.conflictRecords) {
        if (out.some((p) => p.entity === entity && p.record === c.id)) continue;
        out.push({
          kind: 'conflict',
          flow: flowOfEntity(entity),
          entity,
          record: c.id,
          side: null,
          reason: c.reason,
          attempts: 1,
          at: run.finishedAt,
        });
      }
    }
  }
  return out;
}
