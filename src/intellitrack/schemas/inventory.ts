import { z } from 'zod';
import { DateSchema, ExternalRefSchema, IdSchema, limited, RecordMetaShape, TimestampSchema } from './common.js';

/** Quantity of one item at one location (and lot/serial/expiration when tracked). */
export const InventoryRecordSchema = z.looseObject({
  ...RecordMetaShape,
  itemId: IdSchema,
  siteId: IdSchema,
  locationId: IdSchema,
  lot: limited('lot').nullable(),
  serial: limited('serial').nullable(),
  expirationDate: DateSchema.nullable(),
  onHand: z.number().finite(),
  /** Separate count on sites without immediate count updates; equals onHand otherwise. */
  inventoried: z.number().finite(),
});
/** Stock of one item at one site and location. */
export type InventoryRecord = z.infer<typeof InventoryRecordSchema>;

/**
 * Body of `POST /inventory`: sets the initial quantity of an item at a location (the QBO import).
 * Creates the record, or replaces its quantity when `mode` is `"set"`.
 */
export const InventoryLoadSchema = z.object({
  itemId: IdSchema,
  siteId: IdSchema,
  locationId: IdSchema,
  quantity: z.number().finite().nonnegative(),
  lot: limited('lot').nullable().optional(),
  serial: limited('serial').nullable().optional(),
  expirationDate: DateSchema.nullable().optional(),
  mode: z.enum(['set', 'add']).default('set'),
});
/** A quantity load for one item (initial import of QBO quantities). */
export type InventoryLoad = z.input<typeof InventoryLoadSchema>;

/** Export status of an inventory adjustment. */
export const ExportStatusSchema = z.enum(['pending', 'exported']);
/** Whether an adjustment was exported to QBO yet. */
export type ExportStatus = z.infer<typeof ExportStatusSchema>;

/** An "adjust" stock transaction: a change of On Hand made in the warehouse. */
export const AdjustmentSchema = z.looseObject({
  ...RecordMetaShape,
  divisionId: IdSchema,
  itemId: IdSchema,
  siteId: IdSchema,
  locationId: IdSchema,
  /** Signed change of On Hand. Never zero. */
  quantityChange: z
    .number()
    .finite()
    .refine((n) => n !== 0, 'must not be zero'),
  reason: limited('reason'),
  occurredAt: TimestampSchema,
  exportStatus: ExportStatusSchema,
  /** QBO InventoryAdjustment id once exported. */
  externalRef: ExternalRefSchema,
  exportedAt: TimestampSchema.nullable(),
});
/** An inventory adjustment made in the warehouse. */
export type Adjustment = z.infer<typeof AdjustmentSchema>;

/** Body of `POST /adjustments`. */
export const AdjustmentCreateSchema = z.object({
  divisionId: IdSchema,
  itemId: IdSchema,
  siteId: IdSchema,
  locationId: IdSchema,
  quantityChange: z
    .number()
    .finite()
    .refine((n) => n !== 0, 'must not be zero'),
  reason: limited('reason').optional(),
  occurredAt: TimestampSchema.optional(),
});
/** The body that creates an adjustment. */
export type AdjustmentCreate = z.input<typeof AdjustmentCreateSchema>;

/** Body of `POST /adjustments/{id}/export`: marks an adjustment exported (idempotent). */
export const AdjustmentExportSchema = z.object({
  externalRef: z.string().min(1).max(64),
  exportedAt: TimestampSchema.optional(),
});
/** The body that marks an adjustment exported, with the QBO id. */
export type AdjustmentExport = z.input<typeof AdjustmentExportSchema>;
