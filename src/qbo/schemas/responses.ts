import { z } from 'zod';
import { FaultSchema } from './fault.js';
import { type EntitySchemaName, entitySchemas } from './registry.js';

/**
 * Envelopes QBO wraps records in. Records inside them are checked only to be objects
 * (`Record<string, unknown>`): the caller knows which entity it asked for and validates each record
 * with that entity's schema, so one bad record does not sink a page and an entity this SDK has no
 * schema for (a `Deposit` in a batch) still passes through.
 */

/** A record of any entity, before entity-specific validation. */
export const AnyRecordSchema = z.looseObject({});

/** Entities with a schema; their arrays (or, in a batch item, their record) are typed in responses. */
const ENTITY_NAMES = Object.keys(entitySchemas) as EntitySchemaName[];

function entityShape<T extends z.ZodType>(schema: T): { [K in EntitySchemaName]: z.ZodOptional<T> } {
  return Object.fromEntries(ENTITY_NAMES.map((name) => [name, schema.optional()])) as {
    [K in EntitySchemaName]: z.ZodOptional<T>;
  };
}

/**
 * The body of a query (`QueryResponse`): paging numbers plus one array per entity name. An empty
 * result is `{}`; a COUNT query has only `totalCount`.
 */
export const QueryResponseSchema = z.looseObject({
  ...entityShape(z.array(AnyRecordSchema)),
  startPosition: z.number().optional(),
  maxResults: z.number().optional(),
  totalCount: z.number().optional(),
  Fault: FaultSchema.optional(),
});
/** The body of a query. Entity arrays are keyed by entity name, e.g. `response.Item`. */
export type QueryResponse = z.infer<typeof QueryResponseSchema>;

/** A whole query response document: `{ QueryResponse, time }`. */
export const QueryResponseEnvelopeSchema = z.looseObject({
  QueryResponse: QueryResponseSchema,
  time: z.string().optional(),
});

/**
 * One result of a batch request: the caller's `bId` plus exactly one of an entity (keyed by its
 * name), a `Fault` or a `QueryResponse`.
 */
export const BatchItemResponseSchema = z.looseObject({
  ...entityShape(AnyRecordSchema),
  bId: z.string(),
  Fault: FaultSchema.optional(),
  QueryResponse: QueryResponseSchema.optional(),
});
/** One result of a batch request. */
export type BatchItemResponse = z.infer<typeof BatchItemResponseSchema>;

/** A whole batch response document: `{ BatchItemResponse: [...], time }`. */
export const BatchResponseSchema = z.looseObject({
  BatchItemResponse: z.array(BatchItemResponseSchema),
  time: z.string().optional(),
});
/** A whole batch response document. */
export type BatchResponse = z.infer<typeof BatchResponseSchema>;

/**
 * A record deleted since the CDC `changedSince` instant: only `Id`, `MetaData` and
 * `status: "Deleted"` are present.
 */
export const DeletedRecordSchema = z.looseObject({
  Id: z.string(),
  status: z.literal('Deleted'),
  MetaData: z.looseObject({ LastUpdatedTime: z.string().optional() }).optional(),
  domain: z.string().optional(),
});
/** A record deleted since the CDC `changedSince` instant. */
export type DeletedRecord = z.infer<typeof DeletedRecordSchema>;

/**
 * The body of a change-data-capture read: `CDCResponse[].QueryResponse[]`, each query response
 * holding one entity's changed records (deleted ones as {@link DeletedRecordSchema}).
 */
export const CdcResponseSchema = z.looseObject({
  CDCResponse: z.array(
    z.looseObject({
      QueryResponse: z.array(QueryResponseSchema).optional(),
    }),
  ),
  time: z.string().optional(),
});
/** The body of a change-data-capture read. */
export type CdcResponse = z.infer<typeof CdcResponseSchema>;

/** The entity arrays of a query response, i.e. every array-valued key. */
export function entityArrays(response: QueryResponse): Record<string, unknown[]> {
  const arrays: Record<string, unknown[]> = {};
  for (const [key, value] of Object.entries(response)) {
    if (Array.isArray(value)) arrays[key] = value;
  }
  return arrays;
}
