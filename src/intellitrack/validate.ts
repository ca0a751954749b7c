/** Validation of IntelliTrack responses and request bodies against the contract's zod schemas. */
import type { z } from 'zod';
import { InvalidArgumentError, ResponseValidationError, type SchemaIssue } from '../core/errors.js';
import { safeParseExact } from '../core/schema/parse.js';

function issuesOf(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Parses a response body with `schema`.
 * @throws ResponseValidationError naming the entity, id, field paths and URL
 */
export function parseResponse<T extends z.ZodType>(
  schema: T,
  data: unknown,
  where: { entity: string; id?: string | undefined; url: string },
): z.infer<T> {
  const result = safeParseExact(schema, data);
  if (result.success) return result.data;
  throw new ResponseValidationError({
    service: 'intellitrack',
    entity: where.entity,
    id: where.id,
    url: where.url,
    issues: issuesOf(result.error),
    cause: result.error,
  });
}

/** Why a request body breaks its schema: a message naming the record and field, and the first field's pointer. */
export interface BodyProblem {
  message: string;
  /** JSON Pointer of the first failing field, e.g. `/itemNumber` (`""` for the body itself). */
  pointer: string;
  cause: z.ZodError;
}

/** The problem of a request body, or undefined when `schema` accepts it. */
export function bodyProblem(schema: z.ZodType, body: unknown, what: string): BodyProblem | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  const first = issuesOf(result.error)
    .slice(0, 3)
    .map((i) => `${i.path || '(root)'}: ${i.message}`)
    .join('; ');
  const path = result.error.issues[0]?.path ?? [];
  const pointer = path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
  return { message: `Invalid ${what}: ${first}`, pointer, cause: result.error };
}

/**
 * Checks a request body before it is sent, so a bad input fails fast and names its field. The body
 * is sent as given (not the parsed output), so the server sees exactly what the caller wrote.
 * @throws InvalidArgumentError naming the record and the field
 */
export function checkBody(schema: z.ZodType, body: unknown, what: string): void {
  const problem = bodyProblem(schema, body, what);
  if (problem) throw new InvalidArgumentError(problem.message, { cause: problem.cause });
}
