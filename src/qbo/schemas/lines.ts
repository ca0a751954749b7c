import { z } from 'zod';
import { type Documented, LinkedTxnSchema, openEnum, QboDateSchema, ReferenceTypeSchema } from './common.js';

/**
 * Transaction lines (`Line` in the XSD). A line names its kind in `DetailType` and carries the block
 * of that name. Line schemas are loose and do not insist on the pairing, so a detail type Intuit adds
 * later (or a record carrying an extra block, as some do) still parses.
 */

/** Kinds of line QBO documents (`LineDetailTypeEnum`); other values are kept as strings. */
export const LineDetailTypeSchema = openEnum([
  'SalesItemLineDetail',
  'GroupLineDetail',
  'DescriptionOnly',
  'DiscountLineDetail',
  'SubTotalLineDetail',
  'ItemBasedExpenseLineDetail',
  'AccountBasedExpenseLineDetail',
  'ItemAdjustmentLineDetail',
  'TaxLineDetail',
  'PaymentLineDetail',
  'DepositLineDetail',
  'JournalEntryLineDetail',
]);

/** Whether an expense line is billed on to a customer (`BillableStatusEnum`). */
export const BillableStatusSchema = openEnum(['Billable', 'NotBillable', 'HasBeenBilled']);

/** Markup applied to a billable expense (`MarkupInfo`). */
export const MarkupInfoSchema = z.looseObject({
  PercentBased: z.boolean().optional(),
  Value: z.number().optional(),
  Percent: z.number().optional(),
  PriceLevelRef: ReferenceTypeSchema.optional(),
  MarkUpIncomeAccountRef: ReferenceTypeSchema.optional(),
});

/** An item sold on an Invoice or Estimate line. */
export const SalesItemLineDetailSchema = z.looseObject({
  ItemRef: ReferenceTypeSchema.optional(),
  ClassRef: ReferenceTypeSchema.optional(),
  UnitPrice: z.number().optional(),
  RatePercent: z.number().optional(),
  PriceLevelRef: ReferenceTypeSchema.optional(),
  MarkupInfo: MarkupInfoSchema.optional(),
  Qty: z.number().optional(),
  ItemAccountRef: ReferenceTypeSchema.optional(),
  TaxCodeRef: ReferenceTypeSchema.optional(),
  TaxClassificationRef: ReferenceTypeSchema.optional(),
  ServiceDate: QboDateSchema.optional(),
  TaxInclusiveAmt: z.number().optional(),
  DiscountRate: z.number().optional(),
  DiscountAmt: z.number().optional(),
});
/** An item sold on an Invoice or Estimate line. */
export type SalesItemLineDetail = Documented<z.infer<typeof SalesItemLineDetailSchema>>;

/** An item bought on a PurchaseOrder or Bill line. */
export const ItemBasedExpenseLineDetailSchema = z.looseObject({
  ItemRef: ReferenceTypeSchema.optional(),
  ClassRef: ReferenceTypeSchema.optional(),
  UnitPrice: z.number().optional(),
  RatePercent: z.number().optional(),
  PriceLevelRef: ReferenceTypeSchema.optional(),
  MarkupInfo: MarkupInfoSchema.optional(),
  Qty: z.number().optional(),
  ItemAccountRef: ReferenceTypeSchema.optional(),
  TaxCodeRef: ReferenceTypeSchema.optional(),
  TaxClassificationRef: ReferenceTypeSchema.optional(),
  CustomerRef: ReferenceTypeSchema.optional(),
  BillableStatus: BillableStatusSchema.optional(),
  TaxInclusiveAmt: z.number().optional(),
});
/** An item bought on a PurchaseOrder or Bill line. */
export type ItemBasedExpenseLineDetail = Documented<z.infer<typeof ItemBasedExpenseLineDetailSchema>>;

/** An expense booked straight to an account on a PurchaseOrder or Bill line. */
export const AccountBasedExpenseLineDetailSchema = z.looseObject({
  CustomerRef: ReferenceTypeSchema.optional(),
  ClassRef: ReferenceTypeSchema.optional(),
  AccountRef: ReferenceTypeSchema.optional(),
  BillableStatus: BillableStatusSchema.optional(),
  MarkupInfo: MarkupInfoSchema.optional(),
  TaxAmount: z.number().optional(),
  TaxCodeRef: ReferenceTypeSchema.optional(),
  TaxInclusiveAmt: z.number().optional(),
});
/** An expense booked straight to an account. */
export type AccountBasedExpenseLineDetail = Documented<z.infer<typeof AccountBasedExpenseLineDetailSchema>>;

/** A quantity change of one item on an InventoryAdjustment line. */
export const ItemAdjustmentLineDetailSchema = z.looseObject({
  ItemRef: ReferenceTypeSchema,
  SalesPrice: z.number().optional(),
  QtyDiff: z.number().optional(),
  NewQty: z.number().optional(),
  ClassRef: ReferenceTypeSchema.optional(),
});
/** A quantity change of one item on an InventoryAdjustment line. */
export type ItemAdjustmentLineDetail = Documented<z.infer<typeof ItemAdjustmentLineDetailSchema>>;

/** A discount line of a sales form. */
export const DiscountLineDetailSchema = z.looseObject({
  DiscountRef: ReferenceTypeSchema.optional(),
  PercentBased: z.boolean().optional(),
  DiscountPercent: z.number().optional(),
  DiscountAccountRef: ReferenceTypeSchema.optional(),
  ServiceDate: QboDateSchema.optional(),
  ClassRef: ReferenceTypeSchema.optional(),
  TaxCodeRef: ReferenceTypeSchema.optional(),
});

/** A group (bundle) line of a sales form; its member lines are nested. */
export const GroupLineDetailSchema = z.looseObject({
  GroupItemRef: ReferenceTypeSchema,
  Quantity: z.number().optional(),
  ServiceDate: QboDateSchema.optional(),
  Line: z.array(z.looseObject({})).optional(),
});

/** Fields every line has. */
const lineBaseShape = {
  Id: z.string().optional(),
  LineNum: z.number().optional(),
  Description: z.string().optional(),
  Amount: z.number().optional(),
  LinkedTxn: z.array(LinkedTxnSchema).optional(),
  DetailType: LineDetailTypeSchema,
  ProjectRef: ReferenceTypeSchema.optional(),
};

/** A line of an Invoice or Estimate. */
export const SalesLineSchema = z.looseObject({
  ...lineBaseShape,
  SalesItemLineDetail: SalesItemLineDetailSchema.optional(),
  GroupLineDetail: GroupLineDetailSchema.optional(),
  DiscountLineDetail: DiscountLineDetailSchema.optional(),
  SubTotalLineDetail: z.looseObject({}).optional(),
  DescriptionLineDetail: z.looseObject({}).optional(),
});
/** A line of an Invoice or Estimate. */
export type SalesLine = Documented<z.infer<typeof SalesLineSchema>>;

/** A line of a PurchaseOrder or Bill. */
export const PurchaseLineSchema = z.looseObject({
  ...lineBaseShape,
  Received: z.number().optional(),
  ItemBasedExpenseLineDetail: ItemBasedExpenseLineDetailSchema.optional(),
  AccountBasedExpenseLineDetail: AccountBasedExpenseLineDetailSchema.optional(),
});
/** A line of a PurchaseOrder or Bill. */
export type PurchaseLine = Documented<z.infer<typeof PurchaseLineSchema>>;

/** A line of an InventoryAdjustment. */
export const InventoryAdjustmentLineSchema = z.looseObject({
  ...lineBaseShape,
  ItemAdjustmentLineDetail: ItemAdjustmentLineDetailSchema.optional(),
});
/** A line of an InventoryAdjustment. */
export type InventoryAdjustmentLine = Documented<z.infer<typeof InventoryAdjustmentLineSchema>>;
