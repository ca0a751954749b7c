import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  InvalidArgumentError,
  isQboItSyncError,
  LeaseLostError,
  PermissionDeniedError,
  ReauthorizationRequiredError,
  SyncInProgressError,
} from '../core/errors.js';
import type { SyncReport } from '../sync/report.js';

/**
 * Exit codes of `qbo-it` and `npm run demo`. Scripts and schedulers can branch on them.
 */
export const ExitCode = Object.freeze({
  /** Everything asked for was done. */
  ok: 0,
  /** The run finished, but some records failed, conflicted, or preflight found problems. */
  attention: 1,
  /** Bad arguments or configuration (unknown command, invalid config file, missing secret). */
  usage: 2,
  /** QBO needs a person to authorize the app again (`qbo-it connect`), or a key was refused. */
  auth: 3,
  /** Stopped by SIGINT or SIGTERM before the run finished (the journal stays resumable). */
  interrupted: 4,
  /** The run could not complete: a service was unreachable or kept failing. */
  failed: 5,
  /** Another sync of the same company holds its lease (or took it over): nothing more was written. */
  busy: 6,
});

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage or configuration problem found by the CLI itself (exit code 2). */
export class CliUsageError extends ConfigurationError {
  override name = 'CliUsageError';
}

/** The exit code for an error that stopped a command. */
export function exitCodeForError(error: unknown): ExitCodeValue {
  if (error instanceof AbortError) return ExitCode.interrupted;
  if (error instanceof ReauthorizationRequiredError) return ExitCode.auth;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return ExitCode.auth;
  if (error instanceof ConfigurationError || error instanceof InvalidArgumentError) return ExitCode.usage;
  if (error instanceof SyncInProgressError || error instanceof LeaseLostError) return ExitCode.busy;
  if (isQboItSyncError(error) && error.name === 'AbortError') return ExitCode.interrupted;
  return ExitCode.failed;
}

/** The exit code for a finished run: aborted, failed (by its error), with problems, or ok. */
export function exitCodeForReport(report: SyncReport): ExitCodeValue {
  if (report.status === 'aborted') return ExitCode.interrupted;
  if (report.status === 'failed') return exitCodeForErrorName(report.error?.name);
  const troubled = Object.values(report.entities).some((e) => e.failed > 0 || e.conflicts > 0);
  return troubled ? ExitCode.attention : ExitCode.ok;
}

/** The exit code for an error known by its class name (a stored report's `error.name`, an alert's). */
export function exitCodeForErrorName(name: string | undefined): ExitCodeValue {
  if (name === 'AbortError') return ExitCode.interrupted;
  if (name === 'ReauthorizationRequiredError' || name === 'AuthenticationError' || name === 'PermissionDeniedError')
    return ExitCode.auth;
  if (name === 'ConfigurationError' || name === 'InvalidArgumentError') return ExitCode.usage;
  if (name === 'SyncInProgressError' || name === 'LeaseLostError') return ExitCode.busy;
  return ExitCode.failed;
}
