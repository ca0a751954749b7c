import type { Adjustment, InventoryLoad } from '../intellitrack/schemas/inventory.js';
import type { ItemCreate } from '../intellitrack/schemas/item.js';
import type {
  PickingOrder,
  PickingOrderCreate,
  ReceivingOrder,
  ReceivingOrderCreate,
} from '../intellitrack/schemas/order.js';
import type { Customer as ItCustomer, PartyCreate } from '../intellitrack/schemas/party.js';
import type { Bill } from '../qbo/schemas/bill.js';
import type { Customer as QboCustomer } from '../qbo/schemas/customer.js';
import type { Estimate } from '../qbo/schemas/estimate.js';
import type { InventoryAdjustment } from '../qbo/schemas/inventory-adjustment.js';
import type { Invoice } from '../qbo/schemas/invoice.js';
import type { Item as QboItem } from '../qbo/schemas/item.js';
import type { PurchaseOrder } from '../qbo/schemas/purchase-order.js';
import type { Vendor as QboVendor } from '../qbo/schemas/vendor.js';
import { mapAdjustmentsToQbo } from './adjustment.js';
import { withBoundaries } from './boundary-sources.js';
import { mapEstimateToPicking, mapPickingToEstimate, mapPickToInvoice, type PickSource } from './estimate.js';
import { mapInventory, mapItem } from './item.js';
import { mapCustomer, mapCustomerToQbo, mapVendor } from './party.js';
import {
  mapPurchaseOrderToReceiving,
  mapReceiptToBill,
  mapReceivingToPurchaseOrder,
  type ReceiptSource,
} from './purchase-order.js';
import type { MapContext, Mapper, MappingWarning, MapResult, QboBody } from './types.js';

/**
 * The full set of mappers the Synchronizer calls, by name. A type alias rather than an interface so
 * that a mapper set is assignable to a `Record<string, …>` of mappers.
 */
export type Mappers = {
  /** QBO Item (Inventory type) -> IntelliTrack item. */
  item: Mapper<QboItem, ItemCreate>;
  /** QBO item quantity -> IntelliTrack inventory load, or `null` with the reason. */
  inventory: Mapper<QboItem, InventoryLoad | null>;
  /** QBO Vendor -> IntelliTrack vendor. */
  vendor: Mapper<QboVendor, PartyCreate>;
  /** QBO Customer -> IntelliTrack customer. */
  customer: Mapper<QboCustomer, PartyCreate>;
  /** IntelliTrack customer -> QBO Customer create body. */
  customerToQbo: Mapper<ItCustomer, QboBody<QboCustomer>>;
  /** QBO PurchaseOrder -> IntelliTrack receiving order. */
  purchaseOrderToReceiving: Mapper<PurchaseOrder, ReceivingOrderCreate>;
  /** IntelliTrack receiving order -> QBO PurchaseOrder create body. */
  receivingToPurchaseOrder: Mapper<ReceivingOrder, QboBody<PurchaseOrder>>;
  /** IntelliTrack receipt + its QBO PurchaseOrder -> QBO Bill linked to the PO. */
  receiptToBill: Mapper<ReceiptSource, QboBody<Bill>>;
  /** QBO Estimate -> IntelliTrack picking order. */
  estimateToPicking: Mapper<Estimate, PickingOrderCreate>;
  /** IntelliTrack picking order -> QBO Estimate create body. */
  pickingToEstimate: Mapper<PickingOrder, QboBody<Estimate>>;
  /** IntelliTrack pick + its QBO Estimate -> QBO Invoice linked to the estimate. */
  pickToInvoice: Mapper<PickSource, QboBody<Invoice>>;
  /** IntelliTrack adjustments -> one QBO InventoryAdjustment body. */
  adjustmentsToQbo: Mapper<readonly Adjustment[], QboBody<InventoryAdjustment>>;
};

/** Name of a mapper in {@link Mappers}. */
export type MapperName = keyof Mappers;
/** The source type of mapper `K`. */
export type SourceOf<K extends MapperName> = Parameters<Mappers[K]>[0];
/** The mapped value type of mapper `K` (without the `null` of a skip). */
export type TargetOf<K extends MapperName> = NonNullable<ReturnType<Mappers[K]>['value']>;
/** What mapper `K` returns as its value (with the `null` of a skip, for the mappers that can skip). */
export type MappedBy<K extends MapperName> = ReturnType<Mappers[K]>['value'];

/** What a field function receives. */
export interface FieldArgs<S, T> {
  source: S;
  ctx: MapContext;
  /** The value mapped so far (default mapping plus earlier field functions). */
  value: T;
  /** Adds a warning to the result. */
  warn(warning: MappingWarning): void;
}

/** Functions computing single fields of a mapped value; returning `undefined` removes the field. */
export type FieldMappers<S, T> = { [F in keyof T]?: (args: FieldArgs<S, T>) => T[F] | undefined };

/** A customisation of one mapper: replace it, recompute fields, post-process, or all three. */
export interface MapperCustomisation<S, T> {
  /** Replaces the mapper. @default the current mapper */
  mapper?: Mapper<S, T | null> | undefined;
  /** Computes fields of the mapped value (e.g. a QBO custom field into an IntelliTrack field). */
  fields?: FieldMappers<S, T> | undefined;
  /** Last step, given the result after `fields`. */
  after?: ((result: MapResult<T>, source: S, ctx: MapContext) => MapResult<T>) | undefined;
}

/**
 * A replacement for mapper `K`. It gets the mapper set it replaces a member of (`defaults`, the
 * shipped {@link defaultMappers} unless another base was given), to compose with the default:
 * `(item, ctx, defaults) => { const r = defaults.item(item, ctx); return { ...r, value: { ...r.value, … } }; }`.
 */
export type MapperOverride<K extends MapperName> = (
  source: SourceOf<K>,
  ctx: MapContext,
  defaults: Readonly<Mappers>,
) => ReturnType<Mappers[K]>;

/**
 * Overrides accepted by {@link createMappers} and the Synchronizer's `mappers` option, per mapper: a
 * replacement function (given the default mappers to compose with) or a customisation.
 */
export type MapperOverrides = {
  [K in MapperName]?: MapperOverride<K> | MapperCustomisation<SourceOf<K>, TargetOf<K>>;
};

/**
 * The mappers this SDK ships; every one is pure and validates its source first (a record off its
 * schema, with a lone surrogate or an unusable id is a MappingError naming the field; see `boundary.ts`).
 */
export const defaultMappers: Readonly<Mappers> = Object.freeze(
  withBoundaries({
    item: mapItem,
    inventory: mapInventory,
    vendor: mapVendor,
    customer: mapCustomer,
    customerToQbo: mapCustomerToQbo,
    purchaseOrderToReceiving: mapPurchaseOrderToReceiving,
    receivingToPurchaseOrder: mapReceivingToPurchaseOrder,
    receiptToBill: mapReceiptToBill,
    estimateToPicking: mapEstimateToPicking,
    pickingToEstimate: mapPickingToEstimate,
    pickToInvoice: mapPickToInvoice,
    adjustmentsToQbo: mapAdjustmentsToQbo,
  }),
);

function applyFields<S, T extends object>(
  result: MapResult<T>,
  fields: FieldMappers<S, T>,
  source: S,
  ctx: MapContext,
) {
  const warnings = [...result.warnings];
  let value = { ...result.value };
  for (const key of Object.keys(fields) as (keyof T)[]) {
    const field = fields[key];
    if (field === undefined) continue;
    const next = field({ source, ctx, value, warn: (w) => warnings.push(w) });
    value = { ...value };
    if (next === undefined) delete value[key];
    else value[key] = next as T[keyof T];
  }
  return { value, warnings };
}

function customise<S, T extends object>(
  base: Mapper<S, T | null>,
  custom: MapperCustomisation<S, T>,
): Mapper<S, T | null> {
  const inner = custom.mapper ?? base;
  return (source, ctx) => {
    const first = inner(source, ctx);
    if (first.value === null) return first;
    let result: MapResult<T> = { value: first.value, warnings: first.warnings };
    if (custom.fields !== undefined) result = applyFields(result, custom.fields, source, ctx);
    if (custom.after !== undefined) result = custom.after(result, source, ctx);
    return result;
  };
}

/**
 * Builds a mapper set from `base` (default: {@link defaultMappers}) with some mappers replaced or
 * customised. Untouched mappers are shared; the base is never modified.
 * @example
 * const mappers = createMappers({
 *   item: {
 *     fields: {
 *       category: ({ source }) => source.CustomField?.find((f) => f.Name === 'Bin class')?.StringValue ?? null,
 *     },
 *   },
 *   vendor: (vendor, ctx, defaults) => defaults.vendor({ ...vendor, DisplayName: vendor.CompanyName }, ctx),
 * });
 */
export function createMappers(overrides: MapperOverrides = {}, base: Readonly<Mappers> = defaultMappers): Mappers {
  const out: Record<string, unknown> = { ...base };
  for (const name of Object.keys(overrides) as MapperName[]) {
    const override = overrides[name] as
      | ((source: unknown, ctx: MapContext, defaults: Readonly<Mappers>) => MapResult<unknown>)
      | MapperCustomisation<unknown, object>
      | undefined;
    if (override === undefined) continue;
    out[name] =
      typeof override === 'function'
        ? (source: unknown, ctx: MapContext) => override(source, ctx, base)
        : customise(base[name] as Mapper<unknown, object | null>, override);
  }
  return out as unknown as Mappers;
}
