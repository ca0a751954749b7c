import { z } from 'zod';
import { IdSchema, limited, RecordMetaShape } from './common.js';

/** A division: the top scope of items, vendors, customers, order numbering and orders. */
export const DivisionSchema = z.looseObject({
  ...RecordMetaShape,
  code: limited('code').min(1),
  name: limited('name').min(1),
  /** Default unit of measure code for new items. */
  defaultUom: limited('uom').nullable(),
  defaultSiteId: IdSchema.nullable(),
  active: z.boolean(),
});
/** An IntelliTrack division (a company in the warehouse). */
export type Division = z.infer<typeof DivisionSchema>;

/** A site (warehouse) of a division. */
export const SiteSchema = z.looseObject({
  ...RecordMetaShape,
  divisionId: IdSchema,
  name: limited('name').min(1),
  defaultLocationId: IdSchema.nullable(),
  /**
   * When false, receipts and picks update a separate "Inventoried" count until a count is posted;
   * when true they change On Hand immediately.
   */
  immediateCountUpdates: z.boolean(),
  active: z.boolean(),
});
/** A warehouse site of a division. */
export type Site = z.infer<typeof SiteSchema>;

/** A location inside a site: a rack, bin or bulk area. */
export const LocationSchema = z.looseObject({
  ...RecordMetaShape,
  siteId: IdSchema,
  name: limited('name').min(1),
  kind: z.enum(['rack', 'bin', 'bulk', 'other']),
  active: z.boolean(),
});
/** A location within a site. */
export type Location = z.infer<typeof LocationSchema>;

/** A unit of measure defined for a division. */
export const UomSchema = z.looseObject({
  ...RecordMetaShape,
  divisionId: IdSchema,
  code: limited('uom').min(1),
  description: limited('description'),
});
/** A unit of measure of a division. */
export type Uom = z.infer<typeof UomSchema>;
