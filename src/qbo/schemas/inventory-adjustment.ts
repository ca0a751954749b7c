import { z } from 'zod';
import { type Documented, ReferenceTypeSchema, transactionBaseShape } from './common.js';
import { InventoryAdjustmentLineSchema } from './lines.js';

/** A QBO inventory quantity adjustment (`InventoryAdjustment`); lines use `ItemAdjustmentLineDetail`. */
export const InventoryAdjustmentSchema = z.looseObject({
  ...transactionBaseShape,
  Line: z.array(InventoryAdjustmentLineSchema).optional(),
  ShippingAdjustment: z.boolean().optional(),
  AdjustAccountRef: ReferenceTypeSchema.optional(),
  CustomerRef: ReferenceTypeSchema.optional(),
});
/** A QBO inventory quantity adjustment. */
export type InventoryAdjustment = Documented<z.infer<typeof InventoryAdjustmentSchema>>;
