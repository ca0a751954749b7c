import type { SyncReport } from '../report.js';
import type { FailedRecord } from '../state/store.js';
import type { VerifyReport } from '../verify/types.js';
import type { Alert, RecordFailedAlert, RunFailedAlert, VerifyDifferencesAlert } from './types.js';

/** An alert before the fields every alert gets when raised (`id`, `at`, `realmId`). */
export type AlertDraft = Alert extends infer A ? (A extends Alert ? Omit<A, 'id' | 'at' | 'realmId'> : never) : never;

/** `run-failed` for a run that stopped with an error. */
export function runFailedAlert(report: SyncReport): Omit<RunFailedAlert, 'id' | 'at' | 'realmId'> {
  const error = report.error ?? { name: 'Error', message: 'the run failed' };
  return {
    kind: 'run-failed',
    message: `Sync run ${report.operation} failed: ${error.name}: ${error.message}`,
    runId: report.runId,
    operation: report.operation,
    error: { name: error.name, message: error.message },
  };
}

/** `record-failed` for a record of the error queue that failed too often. */
export function recordFailedAlert(failed: FailedRecord): Omit<RecordFailedAlert, 'id' | 'at' | 'realmId'> {
  return {
    kind: 'record-failed',
    message: `${failed.entity} ${failed.sourceId} failed ${failed.attempts} times: ${failed.errorName}: ${failed.message}`,
    entity: failed.entity,
    side: failed.side,
    sourceId: failed.sourceId,
    attempts: failed.attempts,
    error: { name: failed.errorName, message: failed.message, code: failed.code },
  };
}

/** `verify-differences` for a verify report that found some. */
export function verifyAlert(report: VerifyReport): Omit<VerifyDifferencesAlert, 'id' | 'at' | 'realmId'> {
  const inventory = report.inventory.filter((d) => !d.explained).length;
  return {
    kind: 'verify-differences',
    message: `Verify found ${report.differences} difference(s) between QBO and IntelliTrack`,
    differences: report.differences,
    flows: report.flows.map((f) => ({ flow: f.flow, oneSided: f.oneSided.length, differing: f.differences.length })),
    inventory,
  };
}
