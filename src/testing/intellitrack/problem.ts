import type { z } from 'zod';
import { QboItSyncError } from '../../core/errors.js';

/** Base of every problem `type` URI the emulator sends (RFC 9457). */
export const INTELLITRACK_PROBLEM_BASE = 'https://qbo-intellitrack-sync.dev/problems/';

/** One field-level error of a validation problem: a JSON Pointer into the request body and a message. */
export interface IntelliTrackProblemFieldError {
  pointer: string;
  detail: string;
}

/** The JSON body of an `application/problem+json` response. */
export interface IntelliTrackProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: IntelliTrackProblemFieldError[];
}

/** Fields of an {@link IntelliTrackProblem}. */
export interface ProblemInit {
  status: number;
  /** Short slug appended to {@link INTELLITRACK_PROBLEM_BASE}, e.g. `"duplicate"`. */
  slug: string;
  title: string;
  detail: string;
  errors?: IntelliTrackProblemFieldError[];
  /** Extra response headers, e.g. `Retry-After` or `Allow`. */
  headers?: Record<string, string>;
}

/**
 * A rule of the IntelliTrack contract was broken. The HTTP layers answer it as RFC 9457 problem+json;
 * in-process callers (`data`, `simulate`) receive it as a thrown error naming the record and field.
 */
export class IntelliTrackProblem extends QboItSyncError {
  override name = 'IntelliTrackProblem';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: readonly IntelliTrackProblemFieldError[];
  readonly headers: Readonly<Record<string, string>>;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.status = init.status;
    this.type = INTELLITRACK_PROBLEM_BASE + init.slug;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.headers = init.headers ?? {};
  }

  /** The problem+json body for the request path `instance`. */
  toBody(instance: string): IntelliTrackProblemBody {
    const body: IntelliTrackProblemBody = {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
    };
    if (this.errors.length > 0) body.errors = [...this.errors];
    return body;
  }
}

/** JSON Pointer (RFC 6901) of a zod issue path. */
export function toPointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** 404 for a record that does not exist. */
export function notFound(what: string, id: string): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status: 404,
    slug: 'not-found',
    title: 'Not Found',
    detail: `${what} ${id} does not exist.`,
  });
}

/** 422 naming the offending field(s). */
export function invalid(detail: string, errors: IntelliTrackProblemFieldError[]): IntelliTrackProblem {
  return new IntelliTrackProblem({ status: 422, slug: 'validation', title: 'Unprocessable Content', detail, errors });
}

/** 422 built from a zod error, for record `what`. */
export function fromZodError(what: string, error: z.ZodError): IntelliTrackProblem {
  const errors = error.issues.map((i) => ({ pointer: toPointer(i.path), detail: i.message }));
  const first = errors[0];
  const where = first ? ` (${first.pointer || '/'}: ${first.detail})` : '';
  return invalid(`The ${what} is invalid${where}.`, errors);
}

/** 409 for a unique name or number already used by another record. */
export function duplicate(what: string, pointer: string, value: string, otherId: string): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status: 409,
    slug: 'duplicate',
    title: 'Conflict',
    detail: `${what}: ${pointer.slice(1)} "${value}" is already used by ${otherId} in this division.`,
    errors: [{ pointer, detail: `already used by ${otherId}` }],
  });
}

/** 409 for an operation the record's state does not allow (closed order, work done, insufficient stock). */
export function stateConflict(slug: string, detail: string, pointer?: string): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status: 409,
    slug,
    title: 'Conflict',
    detail,
    ...(pointer === undefined ? {} : { errors: [{ pointer, detail }] }),
  });
}

/** 412 when `If-Match` names another version than the stored one. */
export function staleVersion(what: string, expected: string, actual: number): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status: 412,
    slug: 'stale-version',
    title: 'Precondition Failed',
    detail: `${what} is at version ${actual}, not ${expected}; read it again and retry.`,
  });
}

/** 400 for a malformed request (bad JSON, bad query parameter, missing header). */
export function badRequest(slug: string, detail: string, pointer?: string): IntelliTrackProblem {
  return new IntelliTrackProblem({
    status: 400,
    slug,
    title: 'Bad Request',
    detail,
    ...(pointer === undefined ? {} : { errors: [{ pointer, detail }] }),
  });
}

/** `error` as a problem: itself when it is one, else a 500 (a bug of the emulator, reported as such). */
export function asProblem(error: unknown): IntelliTrackProblem {
  if (error instanceof IntelliTrackProblem) return error;
  return new IntelliTrackProblem({
    status: 500,
    slug: 'server-error',
    title: 'Internal Server Error',
    detail: String(error),
  });
}
