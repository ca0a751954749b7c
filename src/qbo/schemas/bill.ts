import { z } from 'zod';
import {
  type Documented,
  PhysicalAddressSchema,
  QboDateSchema,
  ReferenceTypeSchema,
  transactionBaseShape,
} from './common.js';
import { PurchaseLineSchema } from './lines.js';

/** A QBO vendor bill (`Bill`); `LinkedTxn` points at the PurchaseOrder it closes. */
export const BillSchema = z.looseObject({
  ...transactionBaseShape,
  Line: z.array(PurchaseLineSchema).optional(),
  VendorRef: ReferenceTypeSchema.optional(),
  APAccountRef: ReferenceTypeSchema.optional(),
  TotalAmt: z.number().optional(),
  Memo: z.string().optional(),
  GlobalTaxCalculation: z.string().optional(),
  SalesTermRef: ReferenceTypeSchema.optional(),
  DueDate: QboDateSchema.optional(),
  RemitToAddr: PhysicalAddressSchema.optional(),
  ShipAddr: PhysicalAddressSchema.optional(),
  VendorAddr: PhysicalAddressSchema.optional(),
  Balance: z.number().optional(),
  HomeBalance: z.number().optional(),
});
/** A QBO vendor bill. */
export type Bill = Documented<z.infer<typeof BillSchema>>;
