import { z } from 'zod';
import { type Documented, entityBaseShape, openEnum, QboDateSchema, ReferenceTypeSchema } from './common.js';

/** Kinds of item (`ItemTypeEnum`); other values are kept as strings. */
export const ItemTypeSchema = openEnum([
  'Inventory',
  'Service',
  'NonInventory',
  'Group',
  'Category',
  'Assembly',
  'Bundle',
  'Other Charge',
  'Discount',
]);

/** A QBO product or service (`Item`). Inventory items track `QtyOnHand` from `InvStartDate`. */
export const ItemSchema = z.looseObject({
  ...entityBaseShape,
  Name: z.string().optional(),
  Sku: z.string().optional(),
  Description: z.string().optional(),
  Active: z.boolean().optional(),
  SubItem: z.boolean().optional(),
  ParentRef: ReferenceTypeSchema.optional(),
  Level: z.number().optional(),
  FullyQualifiedName: z.string().optional(),
  Taxable: z.boolean().optional(),
  SalesTaxIncluded: z.boolean().optional(),
  UnitPrice: z.number().optional(),
  Type: ItemTypeSchema.optional(),
  IncomeAccountRef: ReferenceTypeSchema.optional(),
  PurchaseDesc: z.string().optional(),
  PurchaseTaxIncluded: z.boolean().optional(),
  PurchaseCost: z.number().optional(),
  ExpenseAccountRef: ReferenceTypeSchema.optional(),
  COGSAccountRef: ReferenceTypeSchema.optional(),
  AssetAccountRef: ReferenceTypeSchema.optional(),
  PrefVendorRef: ReferenceTypeSchema.optional(),
  AvgCost: z.number().optional(),
  TrackQtyOnHand: z.boolean().optional(),
  QtyOnHand: z.number().optional(),
  QtyOnPurchaseOrder: z.number().optional(),
  QtyOnSalesOrder: z.number().optional(),
  ReorderPoint: z.number().optional(),
  ManPartNum: z.string().optional(),
  SalesTaxCodeRef: ReferenceTypeSchema.optional(),
  PurchaseTaxCodeRef: ReferenceTypeSchema.optional(),
  InvStartDate: QboDateSchema.optional(),
  ClassRef: ReferenceTypeSchema.optional(),
});
/** A QBO product or service. */
export type Item = Documented<z.infer<typeof ItemSchema>>;
