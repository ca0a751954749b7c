/** The source each default mapper validates at its boundary (see `boundary.ts`). */
import { z } from 'zod';
import { AdjustmentSchema } from '../intellitrack/schemas/inventory.js';
import { PickingOrderSchema, ReceivingOrderSchema } from '../intellitrack/schemas/order.js';
import { CustomerSchema as ItCustomerSchema } from '../intellitrack/schemas/party.js';
import { CustomerSchema } from '../qbo/schemas/customer.js';
import { EstimateSchema } from '../qbo/schemas/estimate.js';
import { ItemSchema } from '../qbo/schemas/item.js';
import { PurchaseOrderSchema } from '../qbo/schemas/purchase-order.js';
import { VendorSchema } from '../qbo/schemas/vendor.js';
import { atBoundary, type SourceSpec } from './boundary.js';
import type { Mappers } from './registry.js';

const qbo = (entity: string, schema: z.ZodType): SourceSpec => ({ entity, schema, idPath: ['Id'] });
const it = (entity: string, schema: z.ZodType): SourceSpec => ({ entity, schema, idPath: ['id'] });
/** An IntelliTrack order with the QBO document it posts back to. */
const postBack = (entity: string, order: z.ZodType, docKey: string, doc: z.ZodType): SourceSpec => ({
  entity,
  schema: z.looseObject({ order, [docKey]: doc }),
  idPath: ['order', 'id'],
});

/** Entity, schema and id of the source of every mapper in `defaultMappers`. */
export const SOURCE_SPECS: Readonly<{ [K in keyof Mappers]: SourceSpec }> = Object.freeze({
  item: qbo('Item', ItemSchema),
  inventory: qbo('Item', ItemSchema),
  vendor: qbo('Vendor', VendorSchema),
  customer: qbo('Customer', CustomerSchema),
  customerToQbo: it('Customer', ItCustomerSchema),
  purchaseOrderToReceiving: qbo('PurchaseOrder', PurchaseOrderSchema),
  receivingToPurchaseOrder: it('ReceivingOrder', ReceivingOrderSchema),
  receiptToBill: postBack('ReceivingOrder', ReceivingOrderSchema, 'purchaseOrder', PurchaseOrderSchema),
  estimateToPicking: qbo('Estimate', EstimateSchema),
  pickingToEstimate: it('PickingOrder', PickingOrderSchema),
  pickToInvoice: postBack('PickingOrder', PickingOrderSchema, 'estimate', EstimateSchema),
  adjustmentsToQbo: { entity: 'Adjustment', schema: z.array(AdjustmentSchema), idPath: ['id'], list: true },
});

/** `mappers` with every source validated at the boundary first (`SOURCE_SPECS`). */
export function withBoundaries(mappers: Mappers): Mappers {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(mappers) as (keyof Mappers)[]) {
    out[name] = atBoundary(SOURCE_SPECS[name], mappers[name] as never);
  }
  return out as Mappers;
}
