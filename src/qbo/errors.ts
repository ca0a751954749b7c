/**
 * Maps QuickBooks Online failures to the SDK's error classes by meaning. Faults are read in every
 * shape by `fault-parse.ts`; messages are redacted here (no token, no e-mail address), while each
 * error's `detail` stays on `error.errors[i].detail` with only credentials removed.
 */
import {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  ConflictError,
  DuplicateNameError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type RemoteErrorDetail,
  ServerError,
  ValidationError,
} from '../core/errors.js';
import { errorInitFrom, type HttpErrorContext, isTransientError } from '../core/http.js';
import { redactSensitive } from '../core/redact.js';
import { gatewaySummary, type ParsedFault, parseFault } from './fault-parse.js';

export { type ParsedFault, parseFault, toDetail } from './fault-parse.js';

/** Intuit's advice after a throttle 429: wait a minute before sending again. */
export const THROTTLE_BACKOFF_MS = 60_000;

/**
 * QBO's per-minute throttle (fault 3001 `ThrottleExceeded`, HTTP 429, an XML body even to a JSON
 * client): more than 500 requests, 40 batch requests or 10 in flight for one company. Transient: the
 * client retries it, and a write stays pending for the next run. `backoffMs` is how long to wait
 * (`Retry-After` when sent, else Intuit's 60 seconds).
 */
export class ThrottleExceededError extends RateLimitError {
  override name = 'ThrottleExceededError';
  /** How long to wait before the next request to this company. */
  readonly backoffMs: number;
  constructor(message: string, init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(message, init);
    this.backoffMs = init.retryAfterMs ?? THROTTLE_BACKOFF_MS;
  }
}

/**
 * QBO blocked a metered (CorePlus: read, query, CDC) call because the app's monthly allowance of
 * the App Partner Program tier is used up (HTTP 429 that is not a 3001 throttle), or the
 * Synchronizer's own count reached `metering.monthlyAllowance` and it did not send the call. Not
 * retried: reads resume next month or after a tier upgrade; writes that need no read go on.
 */
export class MeteredAllowanceExhaustedError extends ApiError {
  override name = 'MeteredAllowanceExhaustedError';
}

/** The words of an allowance block's fault; a 3001 throttle never matches (see docs/metering.md). */
const ALLOWANCE_WORDS = /allowance|quota|monthly|CorePlus|tier|usage limit|call limit/i;

/** QBO error codes with a meaning of their own. */
export const QboErrorCode = Object.freeze({
  ObjectNotFound: '610',
  InvalidReference: '2500',
  ThrottleExceeded: '3001',
  StaleObject: '5010',
  BusinessValidation: '6000',
  DuplicateName: '6240',
  SystemFailure: '10000',
});

/**
 * True for QBO's transient business-validation error (code 6000) raised when another user was
 * editing a transaction with inventory products at the same time; Intuit's advice is to try again.
 */
export function isInventoryLockError(errors: readonly RemoteErrorDetail[]): boolean {
  return errors.some(
    (e) =>
      (e.code === undefined || e.code === QboErrorCode.BusinessValidation) &&
      /another user .*editing .*inventory|inventory .*at the same time/i.test(`${e.message} ${e.detail ?? ''}`),
  );
}

/**
 * Builds the error of a fault by meaning: 6240 → DuplicateNameError, 5010 → ConflictError,
 * 610 → NotFoundError, 3001 → ThrottleExceededError, another 429 → MeteredAllowanceExhaustedError when
 * its fault speaks of the monthly allowance (else ThrottleExceededError), the inventory-lock 6000 and 10000/SystemFault →
 * ServerError, any other fault → ValidationError. Used for HTTP errors and for batch items alike.
 */
export function errorFromFault(
  fault: ParsedFault,
  init: ApiErrorInit & { retryAfterMs?: number | undefined },
  page?: string,
): ApiError {
  const errors = fault.errors.map(withoutCredentials);
  const codes = new Set(errors.map((e) => e.code));
  const message = redactSensitive(describe(errors, init.status, page));
  const withErrors = { ...init, errors };
  if (codes.has(QboErrorCode.ThrottleExceeded)) return new ThrottleExceededError(message, withErrors);
  if (init.status === 429) {
    const text = errors.map((e) => `${e.message} ${e.detail ?? ''}`).join(' ');
    if (ALLOWANCE_WORDS.test(text) && !/ThrottleExceeded/i.test(text)) {
      return new MeteredAllowanceExhaustedError(message, withErrors);
    }
    return new ThrottleExceededError(message, withErrors);
  }
  if (init.status === 401) return new AuthenticationError(message, withErrors);
  if (codes.has(QboErrorCode.DuplicateName)) return new DuplicateNameError(message, withErrors);
  if (codes.has(QboErrorCode.StaleObject)) return new ConflictError(message, withErrors);
  if (codes.has(QboErrorCode.ObjectNotFound) || init.status === 404) return new NotFoundError(message, withErrors);
  if (isInventoryLockError(errors)) return new ServerError(message, withErrors);
  if (init.status === 403) return new PermissionDeniedError(message, withErrors);
  if (codes.has(QboErrorCode.SystemFailure) || fault.type === 'SystemFault' || (init.status ?? 0) >= 500) {
    return new ServerError(message, withErrors);
  }
  return new ValidationError(message, withErrors);
}

/** A fault's message and detail without credentials: kept for people fixing data (e-mail addresses stay). */
function withoutCredentials(error: RemoteErrorDetail): RemoteErrorDetail {
  const clean = (text: string): string => redactSensitive(text, [], { emails: false });
  return {
    ...error,
    message: clean(error.message),
    ...(error.detail === undefined ? {} : { detail: clean(error.detail) }),
  };
}

function describe(errors: readonly RemoteErrorDetail[], status: number | undefined, page?: string): string {
  const first = errors[0];
  if (!first) {
    const http = status === undefined ? '' : ` with HTTP ${status}`;
    return `QuickBooks Online request failed${http}${page === undefined ? '' : `: ${page}`}`;
  }
  const code = first.code === undefined ? '' : ` (${first.code})`;
  const element = first.element === undefined ? '' : ` [${first.element}]`;
  const detail = first.detail === undefined || first.detail === first.message ? '' : `: ${first.detail}`;
  return `${first.message}${code}${element}${detail}`;
}

/**
 * The transport's error factory for QBO: parses the fault in any shape and maps it by meaning.
 * The `intuit_tid` header becomes `requestId`; `Retry-After` becomes `retryAfterMs`.
 */
export function qboErrorFactory(context: HttpErrorContext): ApiError {
  const fault = parseFault(context.data);
  const init = { ...errorInitFrom(context), retryAfterMs: context.retryAfterMs };
  return errorFromFault(
    fault ?? { type: undefined, errors: [] },
    init,
    fault ? undefined : gatewaySummary(context.data),
  );
}

/**
 * How long the client waits before retrying `error`: a throttle 429 waits its `backoffMs`
 * (`Retry-After`, else Intuit's 60 seconds); other errors keep the transport's rules (`undefined`).
 */
export function throttleBackoff(error: ApiError): number | undefined {
  return error instanceof ThrottleExceededError ? error.backoffMs : undefined;
}

/** QBO's retry classifier: transient errors, which include the inventory-lock business error. */
export function isQboRetryable(error: ApiError): boolean {
  return isTransientError(error);
}
