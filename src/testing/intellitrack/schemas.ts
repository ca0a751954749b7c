import type { z } from 'zod';
import {
  AdjustmentSchema,
  CustomerSchema,
  DivisionSchema,
  InventoryRecordSchema,
  ItemSchema,
  LocationSchema,
  PickingOrderSchema,
  ReceivingOrderSchema,
  SiteSchema,
  UomSchema,
  VendorSchema,
} from '../../intellitrack/schemas/index.js';
import type { IntelliTrackTable } from './state.js';

/** The contract's record schema of every emulator table: what every stored record must satisfy. */
export const INTELLITRACK_RECORD_SCHEMAS: Record<IntelliTrackTable, z.ZodType> = {
  divisions: DivisionSchema,
  sites: SiteSchema,
  locations: LocationSchema,
  uoms: UomSchema,
  items: ItemSchema,
  vendors: VendorSchema,
  customers: CustomerSchema,
  'receiving-orders': ReceivingOrderSchema,
  'picking-orders': PickingOrderSchema,
  adjustments: AdjustmentSchema,
  inventory: InventoryRecordSchema,
};
