import { z } from 'zod';
import { ExternalRefSchema, IdSchema, limited, MoneySchema, OriginSchema, RecordMetaShape } from './common.js';

/** Writable fields of an item. */
export const ItemFieldsShape = {
  divisionId: IdSchema,
  /** Unique in the division. For QBO items: the FullyQualifiedName ("Parent:Sub"), shortened if needed. */
  itemNumber: limited('itemNumber').min(1),
  /** Optional, unique in the division when set. For QBO items: the SKU. */
  alternateNumber: limited('alternateNumber').nullable(),
  description: limited('description'),
  category: limited('category').nullable(),
  model: limited('model').nullable(),
  manufacturer: limited('manufacturer').nullable(),
  /** Unit of measure code (one of the division's UOMs). */
  uom: limited('uom').min(1),
  unitCost: MoneySchema.nonnegative(),
  unitPrice: MoneySchema.nonnegative(),
  active: z.boolean(),
  trackLot: z.boolean(),
  trackSerial: z.boolean(),
  trackExpiration: z.boolean(),
  externalRef: ExternalRefSchema,
  origin: OriginSchema,
};

/** An item of a division's item list. */
export const ItemSchema = z.looseObject({ ...RecordMetaShape, ...ItemFieldsShape });
/** An IntelliTrack item. */
export type Item = z.infer<typeof ItemSchema>;

/** Body of `POST /items`. Tracking flags, category, model, manufacturer and origin may be omitted. */
export const ItemCreateSchema = z.object({
  ...ItemFieldsShape,
  alternateNumber: ItemFieldsShape.alternateNumber.optional(),
  category: ItemFieldsShape.category.optional(),
  model: ItemFieldsShape.model.optional(),
  manufacturer: ItemFieldsShape.manufacturer.optional(),
  trackLot: z.boolean().optional(),
  trackSerial: z.boolean().optional(),
  trackExpiration: z.boolean().optional(),
  externalRef: ExternalRefSchema.optional(),
  origin: OriginSchema.optional(),
});
/** The body that creates an item. */
export type ItemCreate = z.input<typeof ItemCreateSchema>;

/** Body of `PATCH /items/{id}`: any writable field except the division. */
export const ItemUpdateSchema = ItemCreateSchema.omit({ divisionId: true }).partial();
/** The body that updates an item (every field optional). */
export type ItemUpdate = z.input<typeof ItemUpdateSchema>;
