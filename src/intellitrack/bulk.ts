/** `POST /bulk` for {@link IntelliTrackClient.bulk}: checks, splits, sends and reads bulk writes. */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { canonicalJson } from '../core/canonical-json.js';
import { type ApiError, InvalidArgumentError, ResponseValidationError } from '../core/errors.js';
import type { HttpErrorContext, HttpResponse } from '../core/http.js';
import { pathSegment } from '../core/wire-safety.js';
import type { ItBulkOperation, ItBulkResult, ItCallOptions, ItRecordOf, ItResource } from './api.js';
import { InvalidBulkOperationError, PROBLEM_TYPE_BASE } from './errors.js';
import type { IntelliTrackRequester } from './requester.js';
import { findResource } from './resources.js';
import {
  AdjustmentExportSchema,
  AdjustmentSchema,
  BULK_MAX_OPERATIONS,
  type BulkOperation,
  type BulkResponse,
  BulkResponseSchema,
  InventoryLoadSchema,
  InventoryRecordSchema,
} from './schemas/index.js';
import { bodyProblem, parseResponse } from './validate.js';

/** What {@link sendBulk} needs from the client. */
export interface BulkContext {
  req: IntelliTrackRequester;
  /** Base URL without a trailing slash, to name each operation's URL in its error. */
  baseUrl: string;
  /** The client's error factory: each failed operation becomes the error its single request would throw. */
  errorFactory: (context: HttpErrorContext) => ApiError;
}

/** An operation ready to send: its wire form and how to read its answer. */
interface Prepared {
  index: number;
  wire: BulkOperation;
  /** Schema of the record it answers; undefined for a delete (`204`). */
  record: z.ZodType | undefined;
  entity: string;
  id: string | undefined;
}

/**
 * Sends `operations` as `POST /bulk` requests of at most {@link BULK_MAX_OPERATIONS}, one after the
 * other, and returns one result per operation in input order. An operation that breaks the contract
 * is not sent: its result is an {@link InvalidBulkOperationError}.
 * @throws what any call throws when a request as a whole fails (auth, network after retries, abort),
 *   and ResponseValidationError when an answer breaks the contract
 */
export async function sendBulk(
  ctx: BulkContext,
  operations: readonly ItBulkOperation[],
  options: ItCallOptions,
): Promise<ItBulkResult[]> {
  const results: ItBulkResult[] = new Array(operations.length);
  const ready: Prepared[] = [];
  for (const [index, op] of operations.entries()) {
    const prepared = prepare(op, index);
    if (prepared instanceof InvalidBulkOperationError) results[index] = { ok: false, status: 422, error: prepared };
    else ready.push(prepared);
  }
  for (let start = 0; start < ready.length; start += BULK_MAX_OPERATIONS) {
    const chunk = ready.slice(start, start + BULK_MAX_OPERATIONS);
    const wires = chunk.map((p) => p.wire);
    const response = await ctx.req.post('/bulk', { operations: wires }, bulkIdempotencyKey(wires), options);
    const answer = parseResponse(BulkResponseSchema, response.data, { entity: 'BulkResponse', url: response.url });
    if (answer.results.length !== chunk.length) {
      const message = `expected ${chunk.length} results, got ${answer.results.length}`;
      const issues = [{ path: 'results', message }];
      throw new ResponseValidationError({ service: 'intellitrack', entity: 'BulkResponse', url: response.url, issues });
    }
    for (const [i, prepared] of chunk.entries()) {
      results[prepared.index] = readResult(
        ctx,
        prepared,
        answer.results[i] as BulkResponse['results'][number],
        response,
      );
    }
  }
  return results;
}

/**
 * The `Idempotency-Key` of one bulk request: a digest of its operations (their keys, methods,
 * paths, `If-Match` and bodies, key order ignored). A retry of the same operations — by the
 * transport or by a later run — sends the same key and gets the first answer replayed.
 */
export function bulkIdempotencyKey(operations: readonly BulkOperation[]): string {
  return `bulk_${createHash('sha256').update(canonicalJson(operations)).digest('hex')}`;
}

function readResult(
  ctx: BulkContext,
  prepared: Prepared,
  result: BulkResponse['results'][number],
  response: HttpResponse,
): ItBulkResult {
  const url = `${ctx.baseUrl}${prepared.wire.path}`;
  if ('problem' in result) {
    const error = ctx.errorFactory({
      service: 'intellitrack',
      method: prepared.wire.method,
      url,
      status: result.status,
      headers: new Headers(),
      text: JSON.stringify(result.problem),
      data: result.problem,
      requestId: response.requestId,
      retryAfterMs: undefined,
    });
    return { ok: false, status: result.status, error };
  }
  const where = { entity: prepared.entity, id: prepared.id, url };
  const record = prepared.record
    ? (parseResponse(prepared.record, result.body, where) as ItRecordOf<ItResource>)
    : undefined;
  // A replayed bulk answer is the first one: every operation in it took effect back then.
  const replayed = result.replayed || response.headers.get('idempotent-replayed') === 'true';
  return { ok: true, status: result.status, record, replayed };
}

/** The wire form of one operation, or why it cannot be sent. */
function prepare(op: ItBulkOperation, index: number): Prepared | InvalidBulkOperationError {
  const refuse = (message: string, pointer = '') => invalid(index, message, pointer);
  const key = (op as { idempotencyKey?: unknown }).idempotencyKey;
  if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
    return refuse(`bulk operation ${index}: idempotencyKey must be 1-255 characters`, '/idempotencyKey');
  }
  if (op.kind === 'loadInventory') {
    const problem = bodyProblem(InventoryLoadSchema, op.body, `inventory load (bulk operation ${index})`);
    if (problem) return refuse(problem.message, problem.pointer);
    const wire: BulkOperation = { method: 'POST', path: '/inventory', idempotencyKey: key, body: op.body };
    return { index, wire, record: InventoryRecordSchema, entity: 'InventoryRecord', id: undefined };
  }
  if (op.kind === 'exportAdjustment') return prepareExport(op, index, key);
  const spec = findResource(op.resource);
  if (!spec) return refuse(`bulk operation ${index}: unknown resource "${String(op.resource)}"`);
  const { entity } = spec;
  if (op.kind === 'create' && op.resource !== ('inventory' as ItResource)) {
    const problem = bodyProblem(spec.create, op.body, `${entity} to create (bulk operation ${index})`);
    if (problem) return refuse(problem.message, problem.pointer);
    const wire: BulkOperation = { method: 'POST', path: `/${op.resource}`, idempotencyKey: key, body: op.body };
    return { index, wire, record: spec.record, entity, id: undefined };
  }
  const path = idPath(op.resource, (op as { id?: unknown }).id, `${entity} id (bulk operation ${index})`);
  if (path instanceof InvalidArgumentError) return refuse(path.message, '/path');
  const ifMatch = 'ifVersion' in op && op.ifVersion !== undefined ? { ifMatch: `"${op.ifVersion}"` } : {};
  if (op.kind === 'update' && spec.update) {
    const problem = bodyProblem(spec.update, op.body, `${entity} ${op.id} update (bulk operation ${index})`);
    if (problem) return refuse(problem.message, problem.pointer);
    const wire: BulkOperation = { method: 'PATCH', path, idempotencyKey: key, ...ifMatch, body: op.body };
    return { index, wire, record: spec.record, entity, id: op.id };
  }
  if (op.kind === 'delete' && spec.deletable) {
    const wire: BulkOperation = { method: 'DELETE', path, idempotencyKey: key, ...ifMatch };
    return { index, wire, record: undefined, entity, id: op.id };
  }
  const kind = String((op as { kind?: unknown }).kind);
  return refuse(`bulk operation ${index}: ${op.resource} cannot be written by "${kind}"`, '/kind');
}

/** The wire form of marking an adjustment exported, or why it cannot be sent. */
function prepareExport(
  op: Extract<ItBulkOperation, { kind: 'exportAdjustment' }>,
  index: number,
  key: string,
): Prepared | InvalidBulkOperationError {
  const what = `export of adjustment ${String(op.id)} (bulk operation ${index})`;
  const problem = bodyProblem(AdjustmentExportSchema, op.body, what);
  if (problem) return invalid(index, problem.message, problem.pointer);
  const path = idPath('adjustments', op.id, `Adjustment id (bulk operation ${index})`);
  if (path instanceof InvalidArgumentError) return invalid(index, path.message, '/path');
  const wire: BulkOperation = { method: 'POST', path: `${path}/export`, idempotencyKey: key, body: op.body };
  return { index, wire, record: AdjustmentSchema, entity: 'Adjustment', id: op.id };
}

/** `/{resource}/{id}`, or why the id cannot be a path segment (`..`, a `/`, a lone surrogate). */
function idPath(resource: string, id: unknown, what: string): string | InvalidArgumentError {
  try {
    return `/${resource}/${pathSegment(String(id ?? ''), what)}`;
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
}

function invalid(index: number, message: string, pointer: string): InvalidBulkOperationError {
  return new InvalidBulkOperationError(message, {
    service: 'intellitrack',
    index,
    errors: [{ code: `${PROBLEM_TYPE_BASE}validation`, message, ...(pointer ? { element: pointer } : {}) }],
  });
}
