import type { z } from 'zod';
import { AccountSchema } from './account.js';
import { BillSchema } from './bill.js';
import { CompanyInfoSchema, PreferencesSchema } from './company.js';
import { CustomerSchema } from './customer.js';
import { EstimateSchema } from './estimate.js';
import { InventoryAdjustmentSchema } from './inventory-adjustment.js';
import { InvoiceSchema } from './invoice.js';
import { ItemSchema } from './item.js';
import { PurchaseOrderSchema } from './purchase-order.js';
import { VendorSchema } from './vendor.js';

/**
 * Schema of every entity this SDK reads and writes, keyed by QBO entity name (the keys of
 * `QboEntities`). Use it to validate a record whose entity is known only at run time.
 *
 * @example
 * const item = entitySchemas.Item.parse(body.Item);
 */
export const entitySchemas = {
  Account: AccountSchema,
  Bill: BillSchema,
  CompanyInfo: CompanyInfoSchema,
  Customer: CustomerSchema,
  Estimate: EstimateSchema,
  InventoryAdjustment: InventoryAdjustmentSchema,
  Invoice: InvoiceSchema,
  Item: ItemSchema,
  Preferences: PreferencesSchema,
  PurchaseOrder: PurchaseOrderSchema,
  Vendor: VendorSchema,
} as const;

/** A QBO entity name with a schema in {@link entitySchemas}. */
export type EntitySchemaName = keyof typeof entitySchemas;

/** The record type of entity `N`, inferred from its schema. */
export type EntityRecord<N extends EntitySchemaName> = z.infer<(typeof entitySchemas)[N]>;

/** True when `name` is an entity with a schema in {@link entitySchemas}. */
export function isEntitySchemaName(name: string): name is EntitySchemaName {
  return Object.hasOwn(entitySchemas, name);
}
