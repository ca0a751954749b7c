/**
 * The OpenAPI 3.1 document of the IntelliTrack REST contract, generated from the zod schemas so the
 * two can never disagree. `docs/openapi/intellitrack.openapi.json` is this document, committed.
 */

import { bodyNames, ref, schemaComponents } from './openapi-components.js';
import { RESOURCE_SCHEMAS } from './resources.js';
import { FIELD_LIMITS } from './schemas/index.js';

type Json = Record<string, unknown>;

const problem = (description: string): Json => ({
  description,
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const ok = (status: string, schema: Json, description = 'OK'): Json => ({
  [status]: {
    description,
    headers: {
      'x-request-id': { $ref: '#/components/headers/RequestId' },
      ETag: { $ref: '#/components/headers/ETag' },
    },
    content: { 'application/json': { schema } },
  },
});

const READ_ERRORS = {
  '400': rp('BadRequest'),
  '401': rp('Unauthorized'),
  '404': rp('NotFound'),
  '429': rp('TooManyRequests'),
  default: rp('ServerError'),
};
const WRITE_ERRORS = { ...READ_ERRORS, '409': rp('Conflict'), '422': rp('Unprocessable') };

function rp(name: string): Json {
  return { $ref: `#/components/responses/${name}` };
}

const param = (
  name: string,
  where: 'query' | 'path' | 'header',
  schema: Json,
  required = false,
  description = '',
): Json => ({
  name,
  in: where,
  required: where === 'path' ? true : required,
  schema,
  ...(description ? { description } : {}),
});

const ID = param('id', 'path', { type: 'string' });
const IDEMPOTENCY = { $ref: '#/components/parameters/IdempotencyKey' };
const IDEMPOTENCY_OPTIONAL = { $ref: '#/components/parameters/IdempotencyKeyOptional' };
const IF_MATCH = { $ref: '#/components/parameters/IfMatch' };
const PAGING = [
  param('divisionId', 'query', { type: 'string' }, true),
  param('cursor', 'query', { type: 'string' }, false, 'nextCursor of the previous page'),
  param('limit', 'query', { type: 'integer', minimum: 1, maximum: 1000, default: 100 }),
];

function op(operationId: string, summary: string, rest: Json): Json {
  return { operationId, summary, tags: [String(rest.tag ?? 'reference')], ...withoutTag(rest) };
}

function withoutTag(rest: Json): Json {
  const { tag: _, ...others } = rest;
  return others;
}

function referencePaths(): Record<string, Json> {
  const list = (name: string, id: string, summary: string, idName: string) =>
    op(id, summary, {
      parameters: [param(idName, 'path', { type: 'string' })],
      responses: { ...ok('200', ref(`${name}Page`)), ...READ_ERRORS },
    });
  return {
    '/divisions/{divisionId}': {
      get: op('getDivision', 'A division', {
        parameters: [param('divisionId', 'path', { type: 'string' })],
        responses: { ...ok('200', ref('Division')), ...READ_ERRORS },
      }),
    },
    '/divisions/{divisionId}/sites': { get: list('Site', 'listSites', 'Sites of a division', 'divisionId') },
    '/sites/{siteId}/locations': { get: list('Location', 'listLocations', 'Locations of a site', 'siteId') },
    '/divisions/{divisionId}/uoms': { get: list('Uom', 'listUoms', 'Units of measure of a division', 'divisionId') },
  };
}

function filtersOf(resource: string): Json[] {
  const filters = [param('externalRef', 'query', { type: 'string' }, false, 'only records linked to this QBO id')];
  if (resource === 'adjustments')
    filters.push(param('exportStatus', 'query', { type: 'string', enum: ['pending', 'exported'] }));
  if (resource === 'inventory') filters.push(param('itemId', 'query', { type: 'string' }));
  return filters;
}

function collectionPaths(resource: string, entity: string): Record<string, Json> {
  const names = bodyNames(entity);
  const load = resource === 'inventory';
  const body = { required: true, content: { 'application/json': { schema: ref(names.create) } } };
  return {
    [`/${resource}`]: {
      get: op(`list:${resource}`, `List ${resource} in id order`, {
        tag: resource,
        parameters: [...PAGING, ...filtersOf(resource)],
        responses: { ...ok('200', ref(`${entity}Page`)), ...READ_ERRORS },
      }),
      post: op(
        `${load ? 'load' : 'create'}:${resource}`,
        load ? 'Set or add the quantity of an item at a location' : `Create a record of ${resource}`,
        {
          tag: resource,
          parameters: [IDEMPOTENCY],
          requestBody: body,
          responses: { ...ok(load ? '200' : '201', ref(entity), load ? 'OK' : 'Created'), ...WRITE_ERRORS },
        },
      ),
    },
    [`/${resource}/changes`]: {
      get: op(`changes:${resource}`, `Change feed of ${resource}: changed records oldest first, and tombstones`, {
        tag: resource,
        parameters: [
          ...PAGING,
          param(
            'updatedSince',
            'query',
            { type: 'string', format: 'date-time' },
            false,
            'start of a feed without cursor (inclusive)',
          ),
        ],
        responses: { ...ok('200', ref(`${entity}ChangeFeed`)), ...READ_ERRORS },
      }),
    },
  };
}

function recordPaths(resource: string, entity: string): Record<string, Json> {
  const { update, deletable } = RESOURCE_SCHEMAS[resource as keyof typeof RESOURCE_SCHEMAS];
  const item: Json = {
    get: op(`get:${resource}`, `One record of ${resource}`, {
      tag: resource,
      parameters: [ID],
      responses: { ...ok('200', ref(entity)), ...READ_ERRORS },
    }),
  };
  if (update) {
    item.patch = op(`update:${resource}`, 'Change fields; If-Match makes it conditional', {
      tag: resource,
      parameters: [ID, IF_MATCH, IDEMPOTENCY_OPTIONAL],
      requestBody: { required: true, content: { 'application/json': { schema: ref(bodyNames(entity).update) } } },
      responses: { ...ok('200', ref(entity)), ...WRITE_ERRORS, '412': rp('PreconditionFailed') },
    });
  }
  if (deletable) {
    item.delete = op(`delete:${resource}`, 'Delete a record', {
      tag: resource,
      parameters: [ID, IF_MATCH, IDEMPOTENCY_OPTIONAL],
      responses: { '204': { description: 'Deleted' }, ...WRITE_ERRORS, '412': rp('PreconditionFailed') },
    });
  }
  return { [`/${resource}/{id}`]: item };
}

function actionPaths(): Record<string, Json> {
  const action = (resource: string, entity: string, name: string, summary: string, body?: string): Json => ({
    post: op(`${name}:${resource}`, summary, {
      tag: resource,
      parameters: [ID, IDEMPOTENCY],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(body) } } } } : {}),
      responses: { ...ok('200', ref(entity)), ...WRITE_ERRORS },
    }),
  });
  const out: Record<string, Json> = {
    '/receiving-orders/{id}/receipts': action(
      'receiving-orders',
      'ReceivingOrder',
      'receive',
      'Record received quantities',
      'OrderWork',
    ),
    '/picking-orders/{id}/picks': action(
      'picking-orders',
      'PickingOrder',
      'pick',
      'Record picked quantities',
      'OrderWork',
    ),
    '/adjustments/{id}/export': action(
      'adjustments',
      'Adjustment',
      'export',
      'Mark exported with the QBO id (idempotent)',
      'AdjustmentExport',
    ),
  };
  for (const [resource, entity] of [
    ['receiving-orders', 'ReceivingOrder'],
    ['picking-orders', 'PickingOrder'],
  ] as const) {
    out[`/${resource}/{id}/close`] = action(resource, entity, 'close', 'Close by hand (idempotent)');
    out[`/${resource}/{id}/reopen`] = action(resource, entity, 'reopen', 'Reopen (idempotent)');
  }
  return out;
}

function bulkPaths(): Record<string, Json> {
  const { '404': _notFound, '409': _conflict, ...errors } = WRITE_ERRORS;
  const results = { 'application/json': { schema: ref('BulkResponse') } };
  const headers = { 'x-request-id': { $ref: '#/components/headers/RequestId' } };
  return {
    '/bulk': {
      post: op('bulk', 'Up to 100 writes in order, each run as its single request; one result each', {
        tag: 'bulk',
        parameters: [IDEMPOTENCY],
        requestBody: { required: true, content: { 'application/json': { schema: ref('BulkRequest') } } },
        responses: {
          '200': { description: 'One result per operation, in input order', headers, content: results },
          ...errors,
        },
      }),
    },
  };
}

function sharedComponents(): Json {
  return {
    securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <api key>' } },
    parameters: {
      IdempotencyKey: param(
        'Idempotency-Key',
        'header',
        { type: 'string', minLength: 1, maxLength: 255 },
        true,
        'same key and body replays the stored answer (Idempotent-Replayed: true); same key, other body: 422',
      ),
      IdempotencyKeyOptional: param(
        'Idempotency-Key',
        'header',
        { type: 'string', minLength: 1, maxLength: 255 },
        false,
        'optional on PATCH and DELETE; when sent, it works as on POST (a retry replays the stored answer)',
      ),
      IfMatch: param(
        'If-Match',
        'header',
        { type: 'string' },
        false,
        'the record version as an entity tag, e.g. "3"; another version: 412',
      ),
    },
    headers: {
      RequestId: { description: 'Correlation id of the request', schema: { type: 'string' } },
      ETag: { description: 'The record version, e.g. "3"', schema: { type: 'string' } },
      RetryAfter: { description: 'Seconds to wait', schema: { type: 'integer', minimum: 0 } },
    },
    responses: {
      BadRequest: problem(
        'Malformed request, bad parameter or cursor, missing Idempotency-Key, or a bulk request that is not 1-100 writes',
      ),
      Unauthorized: problem('Missing or wrong API key'),
      NotFound: problem('No such record or route'),
      Conflict: problem('Unique number or name already used (duplicate), or the record state forbids it'),
      PreconditionFailed: problem('If-Match names another version'),
      Unprocessable: problem('Schema or field length violation, unknown reference, Idempotency-Key reused'),
      TooManyRequests: {
        ...problem('Rate limited'),
        headers: {
          'x-request-id': { $ref: '#/components/headers/RequestId' },
          'Retry-After': { $ref: '#/components/headers/RetryAfter' },
        },
      },
      ServerError: problem('Server error; retry with the same Idempotency-Key'),
    },
  };
}

/**
 * Builds the OpenAPI 3.1 document of the IntelliTrack REST contract.
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('intellitrack.openapi.json', JSON.stringify(buildIntelliTrackOpenApi(), null, 2));
 */
export function buildIntelliTrackOpenApi(): Record<string, unknown> {
  const paths: Record<string, Json> = { ...referencePaths() };
  for (const [resource, { entity }] of Object.entries(RESOURCE_SCHEMAS)) {
    Object.assign(paths, collectionPaths(resource, entity), recordPaths(resource, entity));
  }
  Object.assign(paths, actionPaths(), bulkPaths());
  return {
    openapi: '3.1.0',
    info: {
      title: 'IntelliTrack REST API (qbo-intellitrack-sync contract)',
      version: '1.0.0',
      description: `See docs/intellitrack-api.md. Field length limits: ${JSON.stringify(FIELD_LIMITS)}`,
    },
    servers: [{ url: 'https://intellitrack.example.com/v1' }],
    security: [{ apiKey: [] }],
    paths,
    components: { schemas: schemaComponents(), ...sharedComponents() },
  };
}
