/**
 * QBO batch: operations are sent in requests of at most 30, sequentially, and the results are
 * returned one per operation in input order. A `Fault` item becomes a typed error for that item
 * only.
 *
 * Request ids: a batch `requestid` may be at most 36 characters. With one request and a caller id of
 * ≤ 36 characters, that id is used as is. Otherwise request `i` (0-based) uses the first 36 hex
 * characters of SHA-256(`${requestId}:${i}`), so re-running the same operations with the same caller
 * id repeats the same request ids and QBO answers each repeat without a second effect. Without a
 * caller id every request gets a random UUID.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type ApiErrorInit, InvalidArgumentError, ServerError } from '../core/errors.js';
import type { HttpResponse } from '../core/http.js';
import type { BatchOperation, BatchResult, QboEntityName } from './api.js';
import { errorFromFault, parseFault } from './errors.js';
import { toQueryString } from './query.js';
import { parseEntity, parseEnvelope } from './response.js';
import { type BatchItemResponse, BatchResponseSchema, isEntitySchemaName } from './schemas/index.js';

/** Operations per batch request (Intuit's limit). */
export const MAX_BATCH_OPERATIONS = 30;
/** Longest `requestid` QBO accepts on a batch request. */
export const MAX_BATCH_REQUEST_ID_LENGTH = 36;

/** Sends one batch body with its request id. */
export type BatchSender = (body: unknown, requestId: string, signal?: AbortSignal) => Promise<HttpResponse>;

/**
 * The request id of each of `chunks` batch requests, derived as described in this module's header.
 * @throws InvalidArgumentError when `requestId` is empty or longer than 50 characters
 */
export function batchRequestIds(requestId: string | undefined, chunks: number): string[] {
  if (requestId === undefined) return Array.from({ length: chunks }, () => randomUUID());
  if (requestId.length === 0 || requestId.length > 50) {
    throw new InvalidArgumentError(`idempotencyKey must be 1–50 characters, got ${requestId.length}`);
  }
  if (chunks === 1 && requestId.length <= MAX_BATCH_REQUEST_ID_LENGTH) return [requestId];
  return Array.from({ length: chunks }, (_, i) =>
    createHash('sha256').update(`${requestId}:${i}`).digest('hex').slice(0, MAX_BATCH_REQUEST_ID_LENGTH),
  );
}

/**
 * The wire form of one operation; `wireId` is the bId sent to QBO.
 * @throws InvalidArgumentError when a query given as text also has `count`, `startPosition` or
 *   `maxResults` (they apply to a `QuerySpec` only), or when `toQueryString` refuses the spec
 */
export function toBatchItem(op: BatchOperation, wireId: string): Record<string, unknown> {
  if (op.operation === 'query') return { bId: wireId, Query: batchQueryText(op) };
  const body = op.operation === 'update' && !op.full ? { ...op.body, sparse: true } : op.body;
  return { bId: wireId, operation: op.operation, [op.entity]: body };
}

/**
 * Runs `operations` through `send` in requests of ≤ 30.
 * @throws InvalidArgumentError on a bad request id; transport errors of a whole request
 * @throws ResponseValidationError when a returned record does not match its schema
 */
export async function runBatch(
  operations: readonly BatchOperation[],
  send: BatchSender,
  options: { idempotencyKey?: string; signal?: AbortSignal } = {},
): Promise<BatchResult[]> {
  const chunks: BatchOperation[][] = [];
  for (let i = 0; i < operations.length; i += MAX_BATCH_OPERATIONS) {
    chunks.push(operations.slice(i, i + MAX_BATCH_OPERATIONS));
  }
  const ids = batchRequestIds(options.idempotencyKey, chunks.length);
  const results: BatchResult[] = [];
  for (const [c, chunk] of chunks.entries()) {
    const offset = c * MAX_BATCH_OPERATIONS;
    const items = chunk.map((op, i) => toBatchItem(op, String(offset + i)));
    const response = await send({ BatchItemRequest: items }, ids[c] ?? randomUUID(), options.signal);
    const body = parseEnvelope(BatchResponseSchema, response.data, 'BatchResponse', response.url);
    const byId = new Map(body.BatchItemResponse.map((item) => [item.bId, item]));
    chunk.forEach((op, i) => {
      results.push(toResult(op, String(offset + i), byId.get(String(offset + i)), response));
    });
  }
  return results;
}

function batchQueryText(op: Extract<BatchOperation, { operation: 'query' }>): string {
  const options = {
    ...(op.count === undefined ? {} : { count: op.count }),
    ...(op.startPosition === undefined ? {} : { startPosition: op.startPosition }),
    ...(op.maxResults === undefined ? {} : { maxResults: op.maxResults }),
  };
  if (typeof op.query !== 'string') return toQueryString(op.query, options);
  if (Object.keys(options).length > 0) {
    throw new InvalidArgumentError(
      `batch query ${op.bId ?? '(no bId)'}: count, startPosition and maxResults apply to a QuerySpec, not to query text`,
    );
  }
  return op.query;
}

function toResult(
  op: BatchOperation,
  wireId: string,
  item: BatchItemResponse | undefined,
  response: HttpResponse,
): BatchResult {
  const bId = op.bId ?? wireId;
  const init: ApiErrorInit = {
    service: 'qbo',
    status: response.status,
    method: 'POST',
    url: response.url,
    ...(response.requestId === undefined ? {} : { requestId: response.requestId }),
  };
  if (!item) return { ok: false, bId, error: new ServerError(`QBO returned no result for batch item ${bId}`, init) };
  if (item.Fault) {
    const fault = parseFault({ Fault: item.Fault }) ?? { type: item.Fault.type, errors: [] };
    return { ok: false, bId, error: errorFromFault(fault, init) };
  }
  if (op.operation === 'query') return queryResult(bId, item, response.url);
  const raw = (item as Record<string, unknown>)[op.entity] as Record<string, unknown> | undefined;
  // A delete answers with only Id, status and domain, which no entity schema describes.
  const record =
    op.operation === 'delete' || raw === undefined
      ? raw
      : (parseEntity(op.entity, raw, response.url) as Record<string, unknown>);
  return { ok: true, bId, entity: op.entity, record };
}

function queryResult(bId: string, item: BatchItemResponse, url: string): BatchResult {
  const qr = (item.QueryResponse ?? {}) as Record<string, unknown>;
  const key = Object.keys(qr).find((k) => Array.isArray(qr[k]));
  const entity: QboEntityName | undefined = key !== undefined && isEntitySchemaName(key) ? key : undefined;
  const list = key === undefined ? [] : (qr[key] as unknown[]);
  const records = list.map((r) => (entity ? parseEntity(entity, r, url) : r) as Record<string, unknown>);
  // A COUNT(*) answers `{ "QueryResponse": { "totalCount": n } }` inside a batch too.
  const total = qr.totalCount;
  return {
    ok: true,
    bId,
    entity,
    record: undefined,
    records,
    ...(typeof total === 'number' ? { totalCount: total } : {}),
  };
}
