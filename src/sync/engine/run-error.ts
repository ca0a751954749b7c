import { isQboItSyncError, SyncError } from '../../core/errors.js';
import type { SyncReport } from '../report.js';

/**
 * An error a sync run threw, with the run's report: what it read and wrote before it stopped (also
 * stored in `history()` and sent as the `run` event). Every error a Synchronizer run throws has it.
 */
export type ErrorWithReport = Error & { readonly report: SyncReport };

/**
 * The error a failed run throws: the SDK's own error unchanged (so `instanceof` and the CLI exit
 * code still tell the cause), anything else (a host store's or port's own error) wrapped in a
 * {@link SyncError} whose `cause` is the original; either way with `report` attached.
 */
export function runFailure(error: unknown, operation: string): Error {
  const own = isQboItSyncError(error) || (error instanceof Error && error.name === 'AbortError');
  if (own) return error as Error;
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError(`The ${operation} run stopped: ${message}`, { cause: error });
}

/** Attaches `report` to `error` as its (non-enumerable) `report` property. */
export function attachReport(error: Error, report: SyncReport): ErrorWithReport {
  Object.defineProperty(error, 'report', { value: report, enumerable: false, configurable: true });
  return error as ErrorWithReport;
}

/**
 * The report of the run that threw `error` (undefined for an error that did not come from a run).
 * @example
 * try {
 *   await sync.syncAll();
 * } catch (error) {
 *   const report = reportOf(error);
 *   if (report) console.error(formatReport(report));
 *   throw error;
 * }
 */
export function reportOf(error: unknown): SyncReport | undefined {
  if (typeof error !== 'object' || error === null || !('report' in error)) return undefined;
  const report = (error as { report: unknown }).report;
  return typeof report === 'object' && report !== null && 'runId' in report ? (report as SyncReport) : undefined;
}
