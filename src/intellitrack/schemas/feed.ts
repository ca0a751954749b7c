import { z } from 'zod';
import { ExternalRefSchema, IdSchema, TimestampSchema } from './common.js';

/** A record deleted after the feed's cursor: deletes are explicit events, never inferred from absence. */
export const TombstoneSchema = z.looseObject({
  id: IdSchema,
  externalRef: ExternalRefSchema,
  deletedAt: TimestampSchema,
});

/**
 * One page of a resource's change feed (`GET /{resource}/changes`): the records changed after the
 * cursor (each at its latest version, oldest change first) and tombstones of deleted ones. Keep
 * `nextCursor`; `hasMore: false` means caught up.
 */
export function changeFeedSchema<T extends z.ZodType>(record: T) {
  return z.looseObject({
    records: z.array(record),
    deleted: z.array(TombstoneSchema),
    nextCursor: z.string().min(1),
    hasMore: z.boolean(),
  });
}
