import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  LeaseLostError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  WriteOutcomeUnknownError,
} from '../../core/errors.js';
import { MeteredAllowanceExhaustedError } from '../../qbo/errors.js';

/**
 * How the engine treats an error from one write:
 * - `fatal`: stop the run (auth, permission, configuration, abort, a lease taken over, QBO's monthly
 *   read allowance used up); the journal
 *   stays resumable.
 * - `transient`: the service may or may not have applied it (a 5xx, a throttle, a lost answer, or a
 *   2xx answer that cannot be used); keep the entry pending so it is sent again with the same
 *   idempotency key, never a new one.
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
  if (error instanceof MeteredAllowanceExhaustedError) return 'fatal';
  if (error instanceof RateLimitError || error instanceof ServerError || isOutcomeUnknown(error)) {
    return 'transient';
  }
  if (error instanceof Error && error.name === 'AbortError') return 'fatal';
  return 'rejected';
}

/**
 * True when a write's answer was lost or unusable, so whether it took effect is unknown: a transport
 * failure, or a 2xx answer off its schema (the service answered success, so it may have written).
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return (
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof ResponseValidationError ||
    error instanceof WriteOutcomeUnknownError
  );
}
