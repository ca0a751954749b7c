import { z } from 'zod';
import { type Documented, PhysicalAddressSchema, QboDateSchema, ReferenceTypeSchema } from './common.js';
import { nameBaseShape } from './party.js';

/** A QBO vendor (`Vendor`). */
export const VendorSchema = z.looseObject({
  ...nameBaseShape,
  ContactName: z.string().optional(),
  Notes: z.string().optional(),
  BillAddr: PhysicalAddressSchema.optional(),
  ShipAddr: PhysicalAddressSchema.optional(),
  OtherAddr: z.array(PhysicalAddressSchema).optional(),
  TaxIdentifier: z.string().optional(),
  TermRef: ReferenceTypeSchema.optional(),
  Balance: z.number().optional(),
  BillRate: z.number().optional(),
  OpenBalanceDate: QboDateSchema.optional(),
  CreditLimit: z.number().optional(),
  AcctNum: z.string().optional(),
  Vendor1099: z.boolean().optional(),
  CurrencyRef: ReferenceTypeSchema.optional(),
  APAccountRef: ReferenceTypeSchema.optional(),
  CostRate: z.number().optional(),
});
/** A QBO vendor. */
export type Vendor = Documented<z.infer<typeof VendorSchema>>;
