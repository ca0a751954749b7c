/**
 * Pure mappers between QBO and IntelliTrack shapes, status tables, address parsing and change
 * detection. Every mapper is `(source, ctx) => { value, warnings }`: no I/O, no clock, no mutation.
 */
export {
  type AddressTarget,
  fromQboAddress,
  type ItAddress,
  type ShipToTarget,
  toQboAddress,
  toShipTo,
} from './address.js';
export {
  isCountryLine,
  type Locality,
  type ParsedFreeForm,
  parseFreeFormLines,
  parseLocality,
} from './address-parse.js';
export { mapAdjustmentsToQbo } from './adjustment.js';
export { type DiffOptions, diffFields, type FieldDiff } from './diff.js';
export { mapEstimateToPicking, mapPickingToEstimate, mapPickToInvoice, type PickSource } from './estimate.js';
export { canonicalJson, contentHash } from './hash.js';
export { isInventoryItem, mapInventory, mapItem } from './item.js';
export { createMapLookup, type LinkPair, type LinkTables } from './lookup.js';
export { QBO_DOC_NUMBER_LIMIT } from './order-common.js';
export { contactNameOf, mapCustomer, mapCustomerToQbo, mapVendor, splitContactName } from './party.js';
export {
  mapPurchaseOrderToReceiving,
  mapReceiptToBill,
  mapReceivingToPurchaseOrder,
  type ReceiptSource,
} from './purchase-order.js';
export {
  createMappers,
  defaultMappers,
  type FieldArgs,
  type FieldMappers,
  type MapperCustomisation,
  type MapperName,
  type MapperOverride,
  type MapperOverrides,
  type Mappers,
  type SourceOf,
  type TargetOf,
} from './registry.js';
export {
  ESTIMATE_STATUS_TO_PICKING,
  type OrderDisposition,
  type OrderStatusTranslation,
  PICKING_TO_ESTIMATE_STATUS,
  PO_STATUS_TO_RECEIVING,
  RECEIVING_TO_PO_STATUS,
  type StatusTranslation,
  translateEstimateStatus,
  translatePickingStatus,
  translatePoStatus,
  translateReceivingStatus,
} from './status.js';
export { limitOf, shortenDeterministic } from './truncate.js';
export type {
  FieldLimits,
  MapContext,
  MapLookup,
  Mapper,
  MappingWarning,
  MappingWarningCode,
  MapResult,
  MapSettings,
  QboBody,
} from './types.js';
