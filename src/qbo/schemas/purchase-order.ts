import { z } from 'zod';
import {
  type Documented,
  EmailAddressSchema,
  openEnum,
  PhysicalAddressSchema,
  QboDateSchema,
  ReferenceTypeSchema,
  transactionBaseShape,
} from './common.js';
import { PurchaseLineSchema } from './lines.js';

/** Status of a purchase order (`PurchaseOrderStatusEnum`). */
export const PurchaseOrderStatusSchema = openEnum(['Open', 'Closed']);

/** A QBO purchase order (`PurchaseOrder`); item lines use `ItemBasedExpenseLineDetail`. */
export const PurchaseOrderSchema = z.looseObject({
  ...transactionBaseShape,
  Line: z.array(PurchaseLineSchema).optional(),
  VendorRef: ReferenceTypeSchema.optional(),
  APAccountRef: ReferenceTypeSchema.optional(),
  TotalAmt: z.number().optional(),
  Memo: z.string().optional(),
  GlobalTaxCalculation: z.string().optional(),
  ClassRef: ReferenceTypeSchema.optional(),
  SalesTermRef: ReferenceTypeSchema.optional(),
  DueDate: QboDateSchema.optional(),
  ExpectedDate: QboDateSchema.optional(),
  VendorAddr: PhysicalAddressSchema.optional(),
  ShipTo: ReferenceTypeSchema.optional(),
  ShipAddr: PhysicalAddressSchema.optional(),
  ShipMethodRef: ReferenceTypeSchema.optional(),
  POEmail: EmailAddressSchema.optional(),
  PrintStatus: z.string().optional(),
  EmailStatus: z.string().optional(),
  ManuallyClosed: z.boolean().optional(),
  POStatus: PurchaseOrderStatusSchema.optional(),
});
/** A QBO purchase order. */
export type PurchaseOrder = Documented<z.infer<typeof PurchaseOrderSchema>>;
