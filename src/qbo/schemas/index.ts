/**
 * QuickBooks Online wire schemas (zod 4) and their types, exported from the package root as the
 * `Qbo` namespace. They mirror QBO's JSON exactly (PascalCase keys, string ids, numeric amounts) and
 * let unknown fields through at run time; the types show the documented fields only.
 */
export { type Account, AccountClassificationSchema, AccountSchema, AccountTypeSchema } from './account.js';
export { type Bill, BillSchema } from './bill.js';
export {
  type CreateBody,
  type CustomField,
  CustomFieldSchema,
  type Documented,
  type EmailAddress,
  EmailAddressSchema,
  type KnownKeys,
  type LinkedTxn,
  LinkedTxnSchema,
  type MetaData,
  MetaDataSchema,
  openEnum,
  type PhysicalAddress,
  PhysicalAddressSchema,
  QboDateSchema,
  QboDateTimeSchema,
  QboIdSchema,
  type ReferenceType,
  ReferenceTypeSchema,
  type ServerManagedField,
  type SparseUpdateBody,
  type TelephoneNumber,
  TelephoneNumberSchema,
  type TxnTaxDetail,
  TxnTaxDetailSchema,
  type WebSiteAddress,
  WebSiteAddressSchema,
} from './common.js';
export {
  type CompanyInfo,
  CompanyInfoSchema,
  NameValueSchema,
  type Preferences,
  PreferencesSchema,
} from './company.js';
export { type Customer, CustomerSchema } from './customer.js';
export { type Estimate, EstimateSchema, EstimateStatusSchema } from './estimate.js';
export {
  type AuthFault,
  AuthFaultErrorSchema,
  AuthFaultSchema,
  type Fault,
  type FaultError,
  FaultErrorSchema,
  type FaultResponse,
  FaultResponseSchema,
  FaultSchema,
} from './fault.js';
export { type InventoryAdjustment, InventoryAdjustmentSchema } from './inventory-adjustment.js';
export { type Invoice, InvoiceSchema } from './invoice.js';
export { type Item, ItemSchema, ItemTypeSchema } from './item.js';
export {
  type AccountBasedExpenseLineDetail,
  AccountBasedExpenseLineDetailSchema,
  BillableStatusSchema,
  DiscountLineDetailSchema,
  GroupLineDetailSchema,
  type InventoryAdjustmentLine,
  InventoryAdjustmentLineSchema,
  type ItemAdjustmentLineDetail,
  ItemAdjustmentLineDetailSchema,
  type ItemBasedExpenseLineDetail,
  ItemBasedExpenseLineDetailSchema,
  LineDetailTypeSchema,
  MarkupInfoSchema,
  type PurchaseLine,
  PurchaseLineSchema,
  type SalesItemLineDetail,
  SalesItemLineDetailSchema,
  type SalesLine,
  SalesLineSchema,
} from './lines.js';
export { type PurchaseOrder, PurchaseOrderSchema, PurchaseOrderStatusSchema } from './purchase-order.js';
export { type EntityRecord, type EntitySchemaName, entitySchemas, isEntitySchemaName } from './registry.js';
export {
  AnyRecordSchema,
  type BatchItemResponse,
  BatchItemResponseSchema,
  type BatchResponse,
  BatchResponseSchema,
  type CdcResponse,
  CdcResponseSchema,
  type DeletedRecord,
  DeletedRecordSchema,
  entityArrays,
  type QueryResponse,
  QueryResponseEnvelopeSchema,
  QueryResponseSchema,
} from './responses.js';
export { DeliveryInfoSchema, MemoRefSchema } from './sales.js';
export { type Vendor, VendorSchema } from './vendor.js';
