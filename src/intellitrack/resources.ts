/** The contract's resources and the zod schemas of their records and request bodies. */
import type { z } from 'zod';
import { InvalidArgumentError } from '../core/errors.js';
import type { ItResource } from './api.js';
import {
  AdjustmentCreateSchema,
  AdjustmentSchema,
  CustomerSchema,
  InventoryLoadSchema,
  InventoryRecordSchema,
  ItemCreateSchema,
  ItemSchema,
  ItemUpdateSchema,
  PartyCreateSchema,
  PartyUpdateSchema,
  PickingOrderCreateSchema,
  PickingOrderSchema,
  PickingOrderUpdateSchema,
  ReceivingOrderCreateSchema,
  ReceivingOrderSchema,
  ReceivingOrderUpdateSchema,
  VendorSchema,
} from './schemas/index.js';

/** Schemas of one resource: its record, the body of `POST` and the body of `PATCH` (when writable). */
export interface ResourceSchemas {
  /** Singular name used in messages and OpenAPI component names, e.g. `"Item"`. */
  entity: string;
  record: z.ZodType;
  create: z.ZodType;
  update: z.ZodType | undefined;
  /** Whether `DELETE /{resource}/{id}` exists. */
  deletable: boolean;
}

/** Every resource with records, change feed and writes, in the order the docs list them. */
export const RESOURCE_SCHEMAS: Readonly<Record<ItResource, ResourceSchemas>> = Object.freeze({
  items: { entity: 'Item', record: ItemSchema, create: ItemCreateSchema, update: ItemUpdateSchema, deletable: true },
  vendors: {
    entity: 'Vendor',
    record: VendorSchema,
    create: PartyCreateSchema,
    update: PartyUpdateSchema,
    deletable: true,
  },
  customers: {
    entity: 'Customer',
    record: CustomerSchema,
    create: PartyCreateSchema,
    update: PartyUpdateSchema,
    deletable: true,
  },
  'receiving-orders': {
    entity: 'ReceivingOrder',
    record: ReceivingOrderSchema,
    create: ReceivingOrderCreateSchema,
    update: ReceivingOrderUpdateSchema,
    deletable: true,
  },
  'picking-orders': {
    entity: 'PickingOrder',
    record: PickingOrderSchema,
    create: PickingOrderCreateSchema,
    update: PickingOrderUpdateSchema,
    deletable: true,
  },
  adjustments: {
    entity: 'Adjustment',
    record: AdjustmentSchema,
    create: AdjustmentCreateSchema,
    update: undefined,
    deletable: false,
  },
  inventory: {
    entity: 'InventoryRecord',
    record: InventoryRecordSchema,
    create: InventoryLoadSchema,
    update: undefined,
    deletable: false,
  },
});

/** Names of every resource, e.g. for iterating over change feeds. */
export const IT_RESOURCES = Object.freeze(Object.keys(RESOURCE_SCHEMAS) as ItResource[]);

/**
 * The schemas of `resource`, looked up as an own property (so `"constructor"` or `"__proto__"` from
 * untyped input is unknown, not `Object`), or `undefined` for an unknown resource.
 */
export function findResource(resource: string): ResourceSchemas | undefined {
  return typeof resource === 'string' && Object.hasOwn(RESOURCE_SCHEMAS, resource)
    ? RESOURCE_SCHEMAS[resource as ItResource]
    : undefined;
}

/**
 * The schemas of `resource`.
 * @throws InvalidArgumentError for a resource the contract does not have (before any request)
 */
export function resourceSchemas(resource: string): ResourceSchemas {
  const found = findResource(resource);
  if (found === undefined) throw new InvalidArgumentError(`Unknown IntelliTrack resource ${JSON.stringify(resource)}`);
  return found;
}
