import { z } from 'zod';
import { type Documented, PhysicalAddressSchema, QboDateSchema, ReferenceTypeSchema } from './common.js';
import { nameBaseShape } from './party.js';

/** A QBO customer or job (`Customer`). A job has `Job: true` and a `ParentRef`. */
export const CustomerSchema = z.looseObject({
  ...nameBaseShape,
  Taxable: z.boolean().optional(),
  BillAddr: PhysicalAddressSchema.optional(),
  ShipAddr: PhysicalAddressSchema.optional(),
  OtherAddr: z.array(PhysicalAddressSchema).optional(),
  ContactName: z.string().optional(),
  Notes: z.string().optional(),
  Job: z.boolean().optional(),
  BillWithParent: z.boolean().optional(),
  RootCustomerRef: ReferenceTypeSchema.optional(),
  ParentRef: ReferenceTypeSchema.optional(),
  Level: z.number().optional(),
  CustomerTypeRef: ReferenceTypeSchema.optional(),
  SalesTermRef: ReferenceTypeSchema.optional(),
  PaymentMethodRef: ReferenceTypeSchema.optional(),
  Balance: z.number().optional(),
  OpenBalanceDate: QboDateSchema.optional(),
  BalanceWithJobs: z.number().optional(),
  CreditLimit: z.number().optional(),
  AcctNum: z.string().optional(),
  CurrencyRef: ReferenceTypeSchema.optional(),
  PreferredDeliveryMethod: z.string().optional(),
  ResaleNum: z.string().optional(),
  ARAccountRef: ReferenceTypeSchema.optional(),
  IsProject: z.boolean().optional(),
});
/** A QBO customer or job. */
export type Customer = Documented<z.infer<typeof CustomerSchema>>;
