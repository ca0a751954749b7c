import { z } from 'zod';

/**
 * Building blocks shared by QBO entity schemas. Names and shapes follow Intuit's v3 XSD
 * (`IntuitBaseTypes.xsd`, `Finance.xsd`) as rendered in JSON: PascalCase keys, ids and SyncTokens as
 * strings, decimals as numbers, every block optional. Objects are loose so a field Intuit adds later
 * passes through untouched instead of failing a sync.
 */

/**
 * A string enum that also accepts values Intuit may add later: known values give autocompletion,
 * unknown strings are kept as they are.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.custom<T[number] | (string & {})>((value) => typeof value === 'string', {
    message: `Expected a string (known values: ${values.join(', ')})`,
  });
}

/** A QBO object id (`Id`, `value` of a reference): a string, even when it looks numeric. */
export const QboIdSchema = z.string();

/** A calendar date `YYYY-MM-DD` as QBO sends it (`TxnDate`, `DueDate`, `InvStartDate`). */
export const QboDateSchema = z.string();

/** A date-time with offset as QBO sends it, e.g. `2015-10-01T16:54:59-07:00`. */
export const QboDateTimeSchema = z.string();

/** A reference to another QBO object: `{ value: Id, name?, type? }`. */
export const ReferenceTypeSchema = z.looseObject({
  value: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
});
/** A reference to another QBO object. */
export type ReferenceType = Documented<z.infer<typeof ReferenceTypeSchema>>;

/** A postal address (`BillAddr`, `ShipAddr`, `VendorAddr`, …). */
export const PhysicalAddressSchema = z.looseObject({
  Id: QboIdSchema.optional(),
  Line1: z.string().optional(),
  Line2: z.string().optional(),
  Line3: z.string().optional(),
  Line4: z.string().optional(),
  Line5: z.string().optional(),
  City: z.string().optional(),
  Country: z.string().optional(),
  CountryCode: z.string().optional(),
  County: z.string().optional(),
  CountrySubDivisionCode: z.string().optional(),
  PostalCode: z.string().optional(),
  PostalCodeSuffix: z.string().optional(),
  Lat: z.string().optional(),
  Long: z.string().optional(),
  Tag: z.string().optional(),
  Note: z.string().optional(),
});
/** A postal address. */
export type PhysicalAddress = Documented<z.infer<typeof PhysicalAddressSchema>>;

/** An e-mail address block (`PrimaryEmailAddr`, `BillEmail`). */
export const EmailAddressSchema = z.looseObject({
  Id: QboIdSchema.optional(),
  Address: z.string().optional(),
  Default: z.boolean().optional(),
  Tag: z.string().optional(),
});
/** An e-mail address block. */
export type EmailAddress = Documented<z.infer<typeof EmailAddressSchema>>;

/** A telephone number block (`PrimaryPhone`, `Mobile`, `Fax`). */
export const TelephoneNumberSchema = z.looseObject({
  Id: QboIdSchema.optional(),
  DeviceType: z.string().optional(),
  CountryCode: z.string().optional(),
  AreaCode: z.string().optional(),
  ExchangeCode: z.string().optional(),
  Extension: z.string().optional(),
  FreeFormNumber: z.string().optional(),
  Default: z.boolean().optional(),
  Tag: z.string().optional(),
});
/** A telephone number block. */
export type TelephoneNumber = Documented<z.infer<typeof TelephoneNumberSchema>>;

/** A web address block (`WebAddr`). */
export const WebSiteAddressSchema = z.looseObject({
  Id: QboIdSchema.optional(),
  URI: z.string().optional(),
  Default: z.boolean().optional(),
  Tag: z.string().optional(),
});
/** A web address block. */
export type WebSiteAddress = Documented<z.infer<typeof WebSiteAddressSchema>>;

/** Creation and last-change times of a record (`MetaData`). */
export const MetaDataSchema = z.looseObject({
  CreatedByRef: ReferenceTypeSchema.optional(),
  CreateTime: QboDateTimeSchema.optional(),
  LastModifiedByRef: ReferenceTypeSchema.optional(),
  LastUpdatedTime: QboDateTimeSchema.optional(),
  LastChangedInQB: QboDateTimeSchema.optional(),
  Synchronized: z.boolean().optional(),
});
/** Creation and last-change times of a record. */
export type MetaData = Documented<z.infer<typeof MetaDataSchema>>;

/** A custom field value on a transaction. */
export const CustomFieldSchema = z.looseObject({
  DefinitionId: z.string().optional(),
  Name: z.string().optional(),
  Type: z.string().optional(),
  StringValue: z.string().optional(),
  BooleanValue: z.boolean().optional(),
  NumberValue: z.number().optional(),
  DateValue: z.string().optional(),
});
/** A custom field value. */
export type CustomField = Documented<z.infer<typeof CustomFieldSchema>>;

/** A link from one transaction to another (`LinkedTxn`), e.g. a Bill to its PurchaseOrder. */
export const LinkedTxnSchema = z.looseObject({
  TxnId: QboIdSchema.optional(),
  TxnType: z.string().optional(),
  TxnLineId: QboIdSchema.optional(),
});
/** A link from one transaction to another. */
export type LinkedTxn = Documented<z.infer<typeof LinkedTxnSchema>>;

/** Sales-tax summary of a transaction (`TxnTaxDetail`). */
export const TxnTaxDetailSchema = z.looseObject({
  DefaultTaxCodeRef: ReferenceTypeSchema.optional(),
  TxnTaxCodeRef: ReferenceTypeSchema.optional(),
  TotalTax: z.number().optional(),
  TaxLine: z.array(z.looseObject({})).optional(),
});
/** Sales-tax summary of a transaction. */
export type TxnTaxDetail = Documented<z.infer<typeof TxnTaxDetailSchema>>;

/**
 * Fields every QBO entity has (`IntuitEntity`). `Id` and `SyncToken` are absent only on bodies that
 * were never stored; `status` is `"Deleted"` on CDC tombstones.
 */
export const entityBaseShape = {
  Id: QboIdSchema.optional(),
  SyncToken: z.string().optional(),
  MetaData: MetaDataSchema.optional(),
  CustomField: z.array(CustomFieldSchema).optional(),
  domain: z.string().optional(),
  status: z.string().optional(),
  sparse: z.boolean().optional(),
};

/** Fields every QBO transaction has (`Transaction` in the XSD). */
export const transactionBaseShape = {
  ...entityBaseShape,
  DocNumber: z.string().optional(),
  TxnDate: QboDateSchema.optional(),
  DepartmentRef: ReferenceTypeSchema.optional(),
  CurrencyRef: ReferenceTypeSchema.optional(),
  ExchangeRate: z.number().optional(),
  PrivateNote: z.string().optional(),
  TxnStatus: z.string().optional(),
  LinkedTxn: z.array(LinkedTxnSchema).optional(),
  TxnTaxDetail: TxnTaxDetailSchema.optional(),
};

/**
 * `T` without the index signature that loose schemas add, at every level: the fields QBO documents,
 * which is what the entity types show. Unknown fields still pass through at run time (the schemas
 * are loose), they are only absent from the types.
 */
export type Documented<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Documented<U>[]
    : T extends object
      ? { [K in keyof T as string extends K ? never : number extends K ? never : K]: Documented<T[K]> }
      : T;

/** Server-managed fields a create body must not carry. */
export type ServerManagedField = 'Id' | 'SyncToken' | 'MetaData' | 'domain' | 'sparse' | 'status';

/** Keys of `T` without the `string`/`number` index signature that loose schemas add. */
export type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K];
};

/**
 * The body of a create call for entity type `T`: the record's declared fields without server-managed
 * ones. The loose schemas' index signature is left out on purpose, so every field of a body is
 * type-checked (a misspelt or mistyped field is a compile error, not an unchecked extra key).
 */
export type CreateBody<T> = Omit<Pick<T, KnownKeys<T>>, ServerManagedField>;

/** The body of a sparse update of entity type `T`: `Id` and `SyncToken` plus the fields to change. */
export type SparseUpdateBody<T> = Partial<CreateBody<T>> & { Id: string; SyncToken: string; sparse?: true };
