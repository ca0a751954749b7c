import { z } from 'zod';
import { type Documented, openEnum, QboDateSchema } from './common.js';
import { salesTransactionShape } from './sales.js';

/**
 * Status of an estimate. QBO documents Pending, Accepted, Closed and Rejected; any other value is
 * kept as a string rather than rejected.
 */
export const EstimateStatusSchema = openEnum(['Pending', 'Accepted', 'Closed', 'Rejected']);

/** A QBO estimate (`Estimate`). */
export const EstimateSchema = z.looseObject({
  ...salesTransactionShape,
  TxnStatus: EstimateStatusSchema.optional(),
  ExpirationDate: QboDateSchema.optional(),
  AcceptedBy: z.string().optional(),
  AcceptedDate: QboDateSchema.optional(),
});
/** A QBO estimate. */
export type Estimate = Documented<z.infer<typeof EstimateSchema>>;
