import { z } from 'zod';
import { ProblemSchema } from '../errors.js';

/** Most operations one `POST /bulk` request may carry. */
export const BULK_MAX_OPERATIONS = 100;

/**
 * One write of a bulk request, exactly as the single request would be sent: its method, its path
 * relative to `/v1` (percent-encoded like a request line), its own `Idempotency-Key`, its `If-Match`
 * and its JSON body. The body is checked by the route's own schema when the operation runs, not here.
 */
export const BulkOperationSchema = z.object({
  method: z.enum(['POST', 'PATCH', 'DELETE'], { error: 'only writes (POST, PATCH, DELETE) may be in a bulk request' }),
  path: z
    .string()
    .min(2)
    .max(1000)
    .regex(/^\//, 'must start with "/"')
    .describe('path of the single request relative to /v1, e.g. /items/itm_1 (not /bulk)'),
  idempotencyKey: z.string().min(1).max(255).describe("the operation's own Idempotency-Key"),
  ifMatch: z.string().min(1).optional().describe('If-Match of the single request, e.g. "3"'),
  body: z.unknown().optional().describe('JSON body of the single request, checked by its route'),
});
/** One operation of a bulk request. */
export type BulkOperation = z.infer<typeof BulkOperationSchema>;

/** The body of `POST /bulk`: 1 to {@link BULK_MAX_OPERATIONS} writes, run in order. */
export const BulkRequestSchema = z.object({
  operations: z.array(BulkOperationSchema).min(1).max(BULK_MAX_OPERATIONS),
});
/** The body of a bulk request. */
export type BulkRequest = z.infer<typeof BulkRequestSchema>;

/** A bulk operation that succeeded: the status and body the single request would have answered. */
export const BulkSuccessSchema = z.looseObject({
  status: z.number().int().min(200).max(299),
  /** Absent for `204` (a delete). */
  body: z.unknown().optional(),
  /** True when the operation's `idempotencyKey` replayed an earlier answer (no second effect). */
  replayed: z.boolean(),
});
/** The answer to one bulk operation that succeeded. */
export type BulkSuccess = z.infer<typeof BulkSuccessSchema>;

/** A bulk operation that failed: the problem+json document the single request would have answered. */
export const BulkFailureSchema = z.looseObject({
  status: z.number().int().min(400).max(599),
  problem: ProblemSchema,
});
/** The answer to one bulk operation that failed (a problem). */
export type BulkFailure = z.infer<typeof BulkFailureSchema>;

/** The outcome of one bulk operation. */
export const BulkResultSchema = z.union([BulkSuccessSchema, BulkFailureSchema]);
/** The answer to one bulk operation. */
export type BulkResult = z.infer<typeof BulkResultSchema>;

/** The `200` answer of `POST /bulk`: one result per operation, in input order. */
export const BulkResponseSchema = z.looseObject({ results: z.array(BulkResultSchema) });
/** The answer to a bulk request, one result per operation, in order. */
export type BulkResponse = z.infer<typeof BulkResponseSchema>;
