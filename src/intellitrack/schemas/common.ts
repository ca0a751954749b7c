import { z } from 'zod';

/**
 * Field length limits of IntelliTrack, from its documented desktop import specification where one
 * exists (item number, alternate number, description, category) and this SDK's contract elsewhere.
 * Mappers shorten longer values with a warning; the API rejects them with 422.
 */
export const FIELD_LIMITS = Object.freeze({
  itemNumber: 25,
  alternateNumber: 25,
  description: 32,
  category: 15,
  model: 25,
  manufacturer: 30,
  uom: 10,
  companyName: 50,
  contactName: 50,
  email: 100,
  telephone: 25,
  address: 50,
  city: 30,
  state: 20,
  zip: 15,
  country: 30,
  accountNumber: 25,
  orderNumber: 25,
  carrier: 30,
  reason: 100,
  lot: 25,
  serial: 30,
  name: 50,
  code: 10,
});

/** Names of fields that have a length limit. */
export type LimitedField = keyof typeof FIELD_LIMITS;

/** Server-assigned record id, opaque. */
export const IdSchema = z.string().min(1).max(64);

/** ISO-8601 timestamp with offset, as the API sends it. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** Calendar date `YYYY-MM-DD`. */
export const DateSchema = z.iso.date();

/** A non-negative quantity; IntelliTrack keeps up to 4 decimals for fractional units of measure. */
export const QuantitySchema = z.number().finite().nonnegative();

/** Money amount in the company's home currency. */
export const MoneySchema = z.number().finite();

/**
 * Id of the QuickBooks Online record this record is linked to, or `null` when unlinked. Stored by
 * IntelliTrack as an opaque external reference; only the sync engine writes it.
 */
export const ExternalRefSchema = z.string().min(1).max(64).nullable();

/** A string field with IntelliTrack's limit for `field`. */
export function limited(field: LimitedField) {
  return z.string().max(FIELD_LIMITS[field]);
}

/** Fields every stored record carries. `version` increments on every change (optimistic concurrency). */
export const RecordMetaShape = {
  id: IdSchema,
  version: z.number().int().positive(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

/** One page of a cursor-paginated list. `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** A page of records as returned by list and change-feed endpoints. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** Order status: IntelliTrack orders are only ever Open or Closed. */
export const OrderStatusSchema = z.enum(['Open', 'Closed']);
/** Status of a receiving or picking order. */
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** Where a record was first created: in QBO (and imported) or in IntelliTrack. */
export const OriginSchema = z.enum(['qbo', 'intellitrack']);
/** The system a record was created in. */
export type Origin = z.infer<typeof OriginSchema>;
