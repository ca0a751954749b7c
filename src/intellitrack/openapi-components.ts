/** JSON Schema components of the IntelliTrack OpenAPI document, generated from the zod schemas. */
import { z } from 'zod';
import { ProblemSchema } from './errors.js';
import { RESOURCE_SCHEMAS } from './resources.js';
import {
  AdjustmentExportSchema,
  BulkFailureSchema,
  BulkOperationSchema,
  BulkRequestSchema,
  BulkResponseSchema,
  BulkSuccessSchema,
  DivisionSchema,
  LocationSchema,
  OrderWorkSchema,
  SiteSchema,
  TombstoneSchema,
  UomSchema,
} from './schemas/index.js';

type Json = Record<string, unknown>;

/** `$ref` to a schema component. */
export function ref(name: string): Json {
  return { $ref: `#/components/schemas/${name}` };
}

function toJson(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** Names of the create and update body components of each resource. */
export function bodyNames(entity: string): { create: string; update: string } {
  const party = entity === 'Vendor' || entity === 'Customer';
  const base = party ? 'Party' : entity === 'InventoryRecord' ? 'Inventory' : entity;
  return { create: base === 'Inventory' ? 'InventoryLoad' : `${base}Create`, update: `${base}Update` };
}

function pageOf(name: string): Json {
  return {
    type: 'object',
    properties: { data: { type: 'array', items: ref(name) }, nextCursor: { type: ['string', 'null'] } },
    required: ['data', 'nextCursor'],
    additionalProperties: {},
  };
}

function feedOf(name: string): Json {
  return {
    type: 'object',
    properties: {
      records: { type: 'array', items: ref(name) },
      deleted: { type: 'array', items: ref('Tombstone') },
      nextCursor: { type: 'string', minLength: 1 },
      hasMore: { type: 'boolean' },
    },
    required: ['records', 'deleted', 'nextCursor', 'hasMore'],
    additionalProperties: {},
  };
}

/** `json` with its property `name` replaced by `value`. */
function withProperty(json: Json, name: string, value: Json): Json {
  return { ...json, properties: { ...(json.properties as Json), [name]: value } };
}

/** `json` with the items of its array property `name` replaced by `items`. */
function withItems(json: Json, name: string, items: Json): Json {
  return withProperty(json, name, { ...((json.properties as Json)[name] as Json), items });
}

/** The components of `POST /bulk`, referring to each other and to `Problem` rather than inlining them. */
function bulkComponents(): Record<string, Json> {
  return {
    BulkOperation: toJson(BulkOperationSchema, 'input'),
    BulkRequest: withItems(toJson(BulkRequestSchema, 'input'), 'operations', ref('BulkOperation')),
    BulkSuccess: toJson(BulkSuccessSchema, 'output'),
    BulkFailure: withProperty(toJson(BulkFailureSchema, 'output'), 'problem', ref('Problem')),
    BulkResult: { anyOf: [ref('BulkSuccess'), ref('BulkFailure')] },
    BulkResponse: withItems(toJson(BulkResponseSchema, 'output'), 'results', ref('BulkResult')),
  };
}

/**
 * Every schema component: records (as the API sends them), request bodies (as the API accepts
 * them), list pages, change-feed pages, tombstones, the problem document and the bulk request.
 */
export function schemaComponents(): Record<string, Json> {
  const out: Record<string, Json> = {};
  const records: [string, z.ZodType][] = [
    ['Division', DivisionSchema],
    ['Site', SiteSchema],
    ['Location', LocationSchema],
    ['Uom', UomSchema],
  ];
  for (const [name, schema] of records) {
    out[name] = toJson(schema, 'output');
    out[`${name}Page`] = pageOf(name);
  }
  for (const { entity, record, create, update } of Object.values(RESOURCE_SCHEMAS)) {
    const names = bodyNames(entity);
    out[entity] = toJson(record, 'output');
    out[`${entity}Page`] = pageOf(entity);
    out[`${entity}ChangeFeed`] = feedOf(entity);
    out[names.create] = toJson(create, 'input');
    if (update) out[names.update] = toJson(update, 'input');
  }
  out.OrderWork = toJson(OrderWorkSchema, 'input');
  out.AdjustmentExport = toJson(AdjustmentExportSchema, 'input');
  out.Tombstone = toJson(TombstoneSchema, 'output');
  out.Problem = toJson(ProblemSchema, 'output');
  return { ...out, ...bulkComponents() };
}
