import { z } from 'zod';
import {
  DateSchema,
  ExternalRefSchema,
  IdSchema,
  limited,
  MoneySchema,
  OrderStatusSchema,
  OriginSchema,
  QuantitySchema,
  RecordMetaShape,
} from './common.js';
import { ShipToSchema } from './party.js';

/** A line of a receiving order. `receivedQty` is the "actual" quantity received so far. */
export const ReceivingLineSchema = z.looseObject({
  lineNumber: z.number().int().positive(),
  itemId: IdSchema,
  orderedQty: QuantitySchema,
  receivedQty: QuantitySchema,
  unitCost: MoneySchema.nonnegative(),
  /** QBO line id this line came from or was written to. */
  externalRef: ExternalRefSchema,
});
/** A line of a receiving order. */
export type ReceivingLine = z.infer<typeof ReceivingLineSchema>;

/** A line of a picking order. */
export const PickingLineSchema = z.looseObject({
  lineNumber: z.number().int().positive(),
  itemId: IdSchema,
  orderedQty: QuantitySchema,
  pickedQty: QuantitySchema,
  unitPrice: MoneySchema.nonnegative(),
  externalRef: ExternalRefSchema,
});
/** A line of a picking order. */
export type PickingLine = z.infer<typeof PickingLineSchema>;

const OrderFieldsShape = {
  divisionId: IdSchema,
  /** Unique in the division. For QBO orders: the DocNumber. */
  orderNumber: limited('orderNumber').min(1),
  orderDate: DateSchema,
  dueDate: DateSchema.nullable(),
  shipTo: ShipToSchema.nullable(),
  carrier: limited('carrier'),
  status: OrderStatusSchema,
  /** When the order was closed (by itself when fully received/picked, or by hand). */
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  externalRef: ExternalRefSchema,
  origin: OriginSchema,
};

/** A receiving order: what a vendor is expected to deliver. */
export const ReceivingOrderSchema = z.looseObject({
  ...RecordMetaShape,
  ...OrderFieldsShape,
  vendorId: IdSchema,
  lines: z.array(ReceivingLineSchema),
});
/** A receiving order (a QBO purchase order in the warehouse). */
export type ReceivingOrder = z.infer<typeof ReceivingOrderSchema>;

/** A picking order: what is to be picked for a customer. */
export const PickingOrderSchema = z.looseObject({
  ...RecordMetaShape,
  ...OrderFieldsShape,
  customerId: IdSchema,
  allocateInventory: z.boolean(),
  lines: z.array(PickingLineSchema),
});
/** A picking order (a QBO estimate in the warehouse). */
export type PickingOrder = z.infer<typeof PickingOrderSchema>;

const OrderCreateShape = {
  divisionId: IdSchema,
  /** Omit to let IntelliTrack number the order (prefix "RCV" / "PCK" by default). */
  orderNumber: limited('orderNumber').min(1).optional(),
  orderDate: DateSchema,
  dueDate: DateSchema.nullable().optional(),
  shipTo: ShipToSchema.nullable().optional(),
  carrier: limited('carrier').optional(),
  externalRef: ExternalRefSchema.optional(),
  origin: OriginSchema.optional(),
};

/** A line as sent when creating or replacing an order's lines. */
export const ReceivingLineInputSchema = z.object({
  lineNumber: z.number().int().positive().optional(),
  itemId: IdSchema,
  orderedQty: QuantitySchema,
  unitCost: MoneySchema.nonnegative().optional(),
  externalRef: ExternalRefSchema.optional(),
});
/** Schema of a picking line in a create or update body. */
export const PickingLineInputSchema = z.object({
  lineNumber: z.number().int().positive().optional(),
  itemId: IdSchema,
  orderedQty: QuantitySchema,
  unitPrice: MoneySchema.nonnegative().optional(),
  externalRef: ExternalRefSchema.optional(),
});

/** Body of `POST /receiving-orders`. */
export const ReceivingOrderCreateSchema = z.object({
  ...OrderCreateShape,
  vendorId: IdSchema,
  lines: z.array(ReceivingLineInputSchema).min(1),
});
/** The body that creates a receiving order. */
export type ReceivingOrderCreate = z.input<typeof ReceivingOrderCreateSchema>;

/** Body of `PATCH /receiving-orders/{id}` (open orders only; `lines` replaces all lines). */
export const ReceivingOrderUpdateSchema = ReceivingOrderCreateSchema.omit({ divisionId: true }).partial();
/** The body that updates a receiving order. */
export type ReceivingOrderUpdate = z.input<typeof ReceivingOrderUpdateSchema>;

/** Body of `POST /picking-orders`. */
export const PickingOrderCreateSchema = z.object({
  ...OrderCreateShape,
  customerId: IdSchema,
  allocateInventory: z.boolean().optional(),
  lines: z.array(PickingLineInputSchema).min(1),
});
/** The body that creates a picking order. */
export type PickingOrderCreate = z.input<typeof PickingOrderCreateSchema>;

/** Body of `PATCH /picking-orders/{id}` (open orders only). */
export const PickingOrderUpdateSchema = PickingOrderCreateSchema.omit({ divisionId: true }).partial();
/** The body that updates a picking order. */
export type PickingOrderUpdate = z.input<typeof PickingOrderUpdateSchema>;

/** Body of `POST /receiving-orders/{id}/receipts` and `POST /picking-orders/{id}/picks`. */
export const OrderWorkSchema = z.object({
  lines: z
    .array(
      z.object({
        lineNumber: z.number().int().positive(),
        quantity: z.number().finite().positive(),
        locationId: IdSchema.optional(),
        lot: limited('lot').optional(),
        serial: limited('serial').optional(),
      }),
    )
    .min(1),
});
/** Quantities received or picked on an order, by line. */
export type OrderWork = z.input<typeof OrderWorkSchema>;
