import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  LeaseLostError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../core/errors.js';

/**
 * How the engine treats an error from one write:
 * - `fatal`: stop the run (auth, permission, configuration, abort, a lease taken over); the journal
 *   stays resumable.
 * - `transient`: the service may or may not have applied it; keep the entry pending so the next run
 *   re-sends it with the same idempotency key.
 * - `rejected`: the service refused it (validation, duplicate, not found, mapping); nothing happened,
 *   so the record goes to the error queue and a retry gets a fresh key.
 */
export type ErrorKind = 'fatal' | 'transient' | 'rejected';

/** Classifies `error` for the write journal and the error queue. */
export function classifyError(error: unknown): ErrorKind {
  if (
    error instanceof AbortError ||
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof ConfigurationError ||
    error instanceof LeaseLostError
  ) {
    return 'fatal';
  }
  if (
    error instanceof RateLimitError ||
    error instanceof ServerError ||
    error instanceof ConnectionError ||
    error instanceof TimeoutError
  ) {
    return 'transient';
  }
  if (error instanceof Error && error.name === 'AbortError') return 'fatal';
  return 'rejected';
}
