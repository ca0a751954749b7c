/**
 * Maps IntelliTrack's RFC 9457 `application/problem+json` answers to the SDK's error classes by
 * meaning. This is the only place that reads problem bodies.
 */
import { z } from 'zod';
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
import { errorInitFrom, type HttpErrorContext } from '../core/http.js';
import { redactText } from '../core/redact.js';

/** Base of every problem `type` URI of the contract (docs/intellitrack-api.md). */
export const PROBLEM_TYPE_BASE = 'https://qbo-intellitrack-sync.dev/problems/';

/** One field-level error of a problem: a JSON Pointer into the request (body or query) and a message. */
export const ProblemFieldErrorSchema = z.looseObject({
  pointer: z.string(),
  detail: z.string(),
});

/** An RFC 9457 problem document as IntelliTrack sends it. */
export const ProblemSchema = z.looseObject({
  type: z.string().default('about:blank'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(ProblemFieldErrorSchema).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

/** A 409 for a record whose state forbids the operation (closed order, work done, insufficient stock…). */
export class StateConflictError extends ConflictError {
  override name = 'StateConflictError';
}

/** A 422 for an `Idempotency-Key` that was already used for a different request. */
export class IdempotencyKeyReusedError extends ValidationError {
  override name = 'IdempotencyKeyReusedError';
}

/**
 * A bulk operation the client did not send because it breaks the contract (its body fails the
 * resource's create or update schema, its resource cannot be written that way, its key is empty). It
 * is that operation's failed result, with the status the API gives such a body (`422`), so the other
 * operations still go; `element` names the field and `status` is unset, since nothing was sent.
 */
export class InvalidBulkOperationError extends ValidationError {
  override name = 'InvalidBulkOperationError';
  /** Index of the operation in the `bulk()` call. */
  readonly index: number;

  constructor(message: string, init: ApiErrorInit & { index: number }) {
    super(message, init);
    this.index = init.index;
  }
}

/** The short name of a problem type, e.g. `"duplicate"` for `…/problems/duplicate`. */
export function problemSlug(type: string): string {
  return type.startsWith(PROBLEM_TYPE_BASE) ? type.slice(PROBLEM_TYPE_BASE.length) : type;
}

/** The remote error details of a problem: the problem itself, then one per field error. */
export function problemDetails(problem: Problem, secrets: readonly string[] = []): RemoteErrorDetail[] {
  const clean = (s: string) => redactText(s, secrets);
  const head: RemoteErrorDetail = {
    code: problem.type,
    message: clean(problem.title),
    ...(problem.detail === undefined ? {} : { detail: clean(problem.detail) }),
  };
  const fields = (problem.errors ?? []).map((e) => ({
    code: problem.type,
    message: clean(e.detail),
    element: e.pointer,
  }));
  return [head, ...fields];
}

/**
 * Builds the error of a non-2xx IntelliTrack answer by meaning: 400/422 → ValidationError (422
 * `idempotency-key-reused` → IdempotencyKeyReusedError), 401 → AuthenticationError, 403 →
 * PermissionDeniedError, 404 → NotFoundError, 409 `duplicate` → DuplicateNameError, other 409 →
 * StateConflictError, 412 → ConflictError (stale `If-Match`), 429 → RateLimitError, 5xx → ServerError.
 * @param secrets Values (the API key) removed from anything the server echoed.
 * @example new HttpTransport({ service: 'intellitrack', baseUrl, errorFactory: intelliTrackErrorFactory([apiKey]) })
 */
export function intelliTrackErrorFactory(secrets: readonly string[] = []): (context: HttpErrorContext) => ApiError {
  return (context) => {
    const parsed = ProblemSchema.safeParse(context.data);
    const problem: Problem = parsed.success
      ? parsed.data
      : { type: 'about:blank', title: `HTTP ${context.status}`, status: context.status };
    const details = problemDetails(problem, secrets);
    const init = errorInitFrom(context, details);
    const what = problem.detail === undefined ? problem.title : `${problem.title}: ${problem.detail}`;
    const message = redactText(`${context.method} ${context.url} answered ${context.status} ${what}`, secrets);
    return errorFor(context, problemSlug(problem.type), message, init);
  };
}

function errorFor(
  context: HttpErrorContext,
  slug: string,
  message: string,
  init: ReturnType<typeof errorInitFrom>,
): ApiError {
  const { status } = context;
  if (status === 400) return new ValidationError(message, init);
  if (status === 401) return new AuthenticationError(message, init);
  if (status === 403) return new PermissionDeniedError(message, init);
  if (status === 404) return new NotFoundError(message, init);
  if (status === 409) {
    return slug === 'duplicate' ? new DuplicateNameError(message, init) : new StateConflictError(message, init);
  }
  if (status === 412) return new ConflictError(message, init);
  if (status === 422) {
    return slug === 'idempotency-key-reused'
      ? new IdempotencyKeyReusedError(message, init)
      : new ValidationError(message, init);
  }
  if (status === 429) return new RateLimitError(message, { ...init, retryAfterMs: context.retryAfterMs });
  if (status >= 500) return new ServerError(message, init);
  return new ApiError(message, init);
}
