import { z } from 'zod';
import {
  EmailAddressSchema,
  PhysicalAddressSchema,
  QboDateSchema,
  ReferenceTypeSchema,
  transactionBaseShape,
} from './common.js';
import { SalesLineSchema } from './lines.js';

/** A note to the customer printed on a sales form (`MemoRef`). */
export const MemoRefSchema = z.looseObject({ value: z.string(), id: z.string().optional() });

/** How and when a sales form was delivered (`TransactionDeliveryInfo`). */
export const DeliveryInfoSchema = z.looseObject({
  DeliveryType: z.string().optional(),
  DeliveryTime: z.string().optional(),
});

/** Fields Invoice and Estimate share (`SalesTransaction` in the XSD). */
export const salesTransactionShape = {
  ...transactionBaseShape,
  Line: z.array(SalesLineSchema).optional(),
  AutoDocNumber: z.boolean().optional(),
  CustomerRef: ReferenceTypeSchema.optional(),
  CustomerMemo: MemoRefSchema.optional(),
  BillAddr: PhysicalAddressSchema.optional(),
  ShipAddr: PhysicalAddressSchema.optional(),
  FreeFormAddress: z.boolean().optional(),
  ShipFromAddr: PhysicalAddressSchema.optional(),
  ClassRef: ReferenceTypeSchema.optional(),
  SalesTermRef: ReferenceTypeSchema.optional(),
  DueDate: QboDateSchema.optional(),
  SalesRepRef: ReferenceTypeSchema.optional(),
  PONumber: z.string().optional(),
  ShipMethodRef: ReferenceTypeSchema.optional(),
  ShipDate: QboDateSchema.optional(),
  TrackingNum: z.string().optional(),
  GlobalTaxCalculation: z.string().optional(),
  TotalAmt: z.number().optional(),
  HomeTotalAmt: z.number().optional(),
  ApplyTaxAfterDiscount: z.boolean().optional(),
  PrintStatus: z.string().optional(),
  EmailStatus: z.string().optional(),
  BillEmail: EmailAddressSchema.optional(),
  BillEmailCc: EmailAddressSchema.optional(),
  BillEmailBcc: EmailAddressSchema.optional(),
  ARAccountRef: ReferenceTypeSchema.optional(),
  Balance: z.number().optional(),
  HomeBalance: z.number().optional(),
  DepositToAccountRef: ReferenceTypeSchema.optional(),
  DeliveryInfo: DeliveryInfoSchema.optional(),
  DiscountRate: z.number().optional(),
  DiscountAmt: z.number().optional(),
};
