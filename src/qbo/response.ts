/**
 * Validation of QBO responses against the entity schemas, shared by the client, batch and CDC.
 * A mismatch throws {@link ResponseValidationError} naming the entity, id, field paths and URL.
 */
import type { z } from 'zod';
import { type ApiErrorInit, ResponseValidationError, type SchemaIssue } from '../core/errors.js';
import type { HttpResponse } from '../core/http.js';
import { safeParseExact } from '../core/schema/parse.js';
import type { EntityOf, QboEntityName } from './api.js';
import { errorFromFault, parseFault } from './errors.js';
import { entitySchemas } from './schemas/index.js';

/** Flattens zod issues to `{ path, message }`. */
export function toIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * Parses `record` with the schema of `entity`.
 * @throws ResponseValidationError naming entity, id (when the record has one), paths and `url`
 */
export function parseEntity<N extends QboEntityName>(entity: N, record: unknown, url: string | undefined): EntityOf<N> {
  const result = safeParseExact(entitySchemas[entity], record);
  if (result.success) return result.data as EntityOf<N>;
  const id = typeof record === 'object' && record !== null ? (record as { Id?: unknown }).Id : undefined;
  throw new ResponseValidationError({
    service: 'qbo',
    entity,
    id: typeof id === 'string' ? id : undefined,
    url,
    issues: toIssues(result.error),
    cause: result.error,
  });
}

/**
 * Parses a response envelope with `schema`.
 * @throws ResponseValidationError with `entity` set to what the envelope describes
 */
export function parseEnvelope<S extends z.ZodType>(schema: S, data: unknown, entity: string, url: string): z.infer<S> {
  const result = safeParseExact(schema, data);
  if (result.success) return result.data;
  throw new ResponseValidationError({
    service: 'qbo',
    entity,
    url,
    issues: toIssues(result.error),
    cause: result.error,
  });
}

/**
 * QBO sometimes answers 200 with a `Fault` (top level or inside `QueryResponse`); turns it into the
 * error it means.
 * @throws the mapped ApiError when the body holds a fault
 */
export function throwIfFault(response: HttpResponse, method: string): void {
  const data = response.data as { Fault?: unknown; QueryResponse?: { Fault?: unknown } } | undefined;
  const faultBody = data?.Fault ?? data?.QueryResponse?.Fault;
  if (faultBody === undefined) return;
  const fault = parseFault({ Fault: faultBody });
  if (!fault) return;
  const init: ApiErrorInit = {
    service: 'qbo',
    status: response.status,
    method,
    url: response.url,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
  throw errorFromFault(fault, init);
}

/** The record of `entity` in a read/create/update response (`{ Item: {...}, time }`). */
export function entityFromBody<N extends QboEntityName>(entity: N, response: HttpResponse): EntityOf<N> {
  const body = response.data as Record<string, unknown> | undefined;
  return parseEntity(entity, body?.[entity], response.url);
}
