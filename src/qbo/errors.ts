/**
 * Maps QuickBooks Online failures to the SDK's error classes by meaning. QBO reports errors in three
 * shapes: the PascalCase `Fault.Error[]` JSON body, the lower-case `fault.error[]` body of a 401, and
 * XML `IntuitResponse/Fault` (throttling answers in XML even when JSON was asked for). All three are
 * normalised here, and nowhere else.
 */
import {
  type ApiError,
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
import { AuthFaultSchema, type FaultError, FaultResponseSchema } from './schemas/index.js';

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

/** A normalised QBO fault: its `type` and every error it lists. */
export interface ParsedFault {
  type: string | undefined;
  errors: RemoteErrorDetail[];
}

/**
 * Reads a fault from a QBO error body in any of its shapes; `undefined` when the body holds none.
 * @param data Parsed JSON body, or the raw text when it was not JSON.
 */
export function parseFault(data: unknown): ParsedFault | undefined {
  if (typeof data === 'string') return parseXmlFault(data);
  const pascal = FaultResponseSchema.safeParse(data);
  if (pascal.success) return { type: pascal.data.Fault.type, errors: pascal.data.Fault.Error.map(toDetail) };
  const lower = AuthFaultSchema.safeParse(data);
  if (lower.success) {
    const errors = lower.data.fault.error.map((e) => ({
      message: e.message ?? 'Authentication failed',
      ...(e.code === undefined ? {} : { code: e.code }),
      ...(e.detail === undefined ? {} : { detail: e.detail }),
    }));
    return { type: lower.data.fault.type, errors };
  }
  return undefined;
}

/** Converts one PascalCase fault error to the SDK's detail shape. */
export function toDetail(error: FaultError): RemoteErrorDetail {
  return {
    message: error.Message ?? 'QuickBooks Online error',
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.Detail === undefined ? {} : { detail: error.Detail }),
    ...(error.element === undefined || error.element === '' ? {} : { element: error.element }),
  };
}

function parseXmlFault(text: string): ParsedFault | undefined {
  const fault = /<Fault\b([^>]*)>([\s\S]*?)<\/Fault>/.exec(text);
  if (!fault) return undefined;
  const type = /\btype="([^"]*)"/.exec(fault[1] ?? '')?.[1];
  const errors: RemoteErrorDetail[] = [];
  for (const m of (fault[2] ?? '').matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/g)) {
    const attrs = m[1] ?? '';
    const body = m[2] ?? '';
    const code = /\bcode="([^"]*)"/.exec(attrs)?.[1];
    const element = /\belement="([^"]*)"/.exec(attrs)?.[1];
    const message = /<Message>([\s\S]*?)<\/Message>/.exec(body)?.[1];
    const detail = /<Detail>([\s\S]*?)<\/Detail>/.exec(body)?.[1];
    errors.push({
      message: unescapeXml(message ?? 'QuickBooks Online error'),
      ...(code === undefined ? {} : { code }),
      ...(detail === undefined ? {} : { detail: unescapeXml(detail) }),
      ...(element === undefined || element === '' ? {} : { element }),
    });
  }
  return { type, errors };
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

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
 * 610 → NotFoundError, 3001 → RateLimitError, the inventory-lock 6000 and 10000/SystemFault →
 * ServerError, any other fault → ValidationError. Used for HTTP errors and for batch items alike.
 */
export function errorFromFault(
  fault: ParsedFault,
  init: ApiErrorInit & { retryAfterMs?: number | undefined },
): ApiError {
  const { errors } = fault;
  const codes = new Set(errors.map((e) => e.code));
  const message = describe(errors, init.status);
  const withErrors = { ...init, errors };
  if (codes.has(QboErrorCode.ThrottleExceeded) || init.status === 429) return new RateLimitError(message, withErrors);
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

function describe(errors: readonly RemoteErrorDetail[], status: number | undefined): string {
  const first = errors[0];
  if (!first) return `QuickBooks Online request failed${status === undefined ? '' : ` with HTTP ${status}`}`;
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
  const fault = parseFault(context.data) ?? { type: undefined, errors: [] };
  return errorFromFault(fault, { ...errorInitFrom(context), retryAfterMs: context.retryAfterMs });
}

/** QBO's retry classifier: transient errors, which include the inventory-lock business error. */
export function isQboRetryable(error: ApiError): boolean {
  return isTransientError(error);
}
