import type { LimitedField } from '../intellitrack/schemas/common.js';
import type { CreateBody, ReferenceType } from '../qbo/schemas/common.js';

/** What a mapper did to a value on its way across, reported instead of failing. */
export type MappingWarningCode =
  /** A value was longer than the target's limit and was shortened. */
  | 'truncated'
  /** A free-form value (an address) was parsed into structured fields. */
  | 'parsed'
  /** A missing value was replaced by a default (a setting, today's date, zero). */
  | 'defaulted'
  /** A free-form value could not be parsed and was kept as it was. */
  | 'unparsed'
  /** A status the translation tables do not know; it was kept, not coerced. */
  | 'unknown-status'
  /** A part of the source has no counterpart in the target and was left out on purpose. */
  | 'skipped'
  /** Several source values were joined into one target field so that none is lost. */
  | 'merged'
  /** A receipt or pick covers less (or more) than was ordered. */
  | 'partial';

/** One thing a mapper changed, defaulted or could not map. */
export interface MappingWarning {
  /** Path of the field in the source record, e.g. `"BillAddr.Line4"` or `"Line[2]"`. */
  field: string;
  code: MappingWarningCode;
  /** Human-readable explanation, free of secrets. */
  message: string;
}

/** The output of every mapper: the mapped value and what was done to get it. */
export interface MapResult<T> {
  value: T;
  warnings: MappingWarning[];
}

/** Field length limits used when shortening values; defaults to IntelliTrack's field length limits (see docs/intellitrack-api.md). */
export type FieldLimits = { readonly [K in LimitedField]: number };

/** Settings mappers read. Built by the sync engine from its resolved settings. */
export interface MapSettings {
  /** IntelliTrack division id every imported record lands in. */
  divisionId: string;
  /** Unit of measure code for new items; required by the `item` mapper. */
  defaultUom?: string | undefined;
  /** Site id for inventory loads; required by the `inventory` mapper. */
  defaultSiteId?: string | undefined;
  /** Location id for inventory loads; required by the `inventory` mapper. */
  defaultLocationId?: string | undefined;
  /** QBO Account id used as `AdjustAccountRef`; required by `adjustmentsToQbo`. */
  adjustmentAccountId?: string | undefined;
  /**
   * Prefix of QBO DocNumbers for orders that originate in IntelliTrack.
   * @default ""
   */
  orderNumberPrefix?: string | undefined;
  /**
   * Field limits; override one to match a customised IntelliTrack.
   * @default FIELD_LIMITS
   */
  limits?: Partial<FieldLimits> | undefined;
  /**
   * What to do with a QBO order line whose item is not linked to IntelliTrack (a service or
   * non-inventory item): `"error"` throws a MappingError, `"skip"` leaves the line out with a warning.
   * @default "error"
   */
  unlinkedItemLines?: 'error' | 'skip' | undefined;
}

/**
 * Resolves references between the two systems. Each method returns `undefined` when the record is
 * not linked; the mapper then throws a {@link MappingError} naming the field.
 */
export interface MapLookup {
  /** QBO Item id -> IntelliTrack item id. */
  itItemId(qboItemId: string): string | undefined;
  /** IntelliTrack item id -> QBO ItemRef. */
  qboItemRef(itItemId: string): ReferenceType | undefined;
  /** QBO Vendor id -> IntelliTrack vendor id. */
  itVendorId(qboVendorId: string): string | undefined;
  /** IntelliTrack vendor id -> QBO VendorRef. */
  qboVendorRef(itVendorId: string): ReferenceType | undefined;
  /** QBO Customer id -> IntelliTrack customer id. */
  itCustomerId(qboCustomerId: string): string | undefined;
  /** IntelliTrack customer id -> QBO CustomerRef. */
  qboCustomerRef(itCustomerId: string): ReferenceType | undefined;
  /**
   * Optional: the QBO `Type` of an item, when known. An order line whose item is known not to be an
   * Inventory item (a service, a non-inventory charge) is left out with a `skipped` warning instead of
   * failing the order; an unknown or Inventory item that is not linked is still a MappingError.
   */
  qboItemType?(qboItemId: string): string | undefined;
}

/** Everything a mapper may read besides its source: settings, reference lookup and the date. */
export interface MapContext {
  settings: MapSettings;
  lookup: MapLookup;
  /** Today's date `YYYY-MM-DD`, from the injected clock (mappers never read the wall clock). */
  today: string;
  /** The current instant as ISO-8601, from the injected clock. */
  now: string;
}

/** A pure mapping function: no I/O, no clock, no mutation of `source`. */
export type Mapper<S, T> = (source: S, ctx: MapContext) => MapResult<T>;

/**
 * The create body of QBO entity `T` as mappers build it: `T`'s declared fields (the loose schemas'
 * index signature left out, so every field is type-checked) without server-managed ones.
 */
export type QboBody<T> = CreateBody<T>;
