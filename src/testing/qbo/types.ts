/**
 * Shapes shared by the QuickBooks Online emulator's parts. Records are kept exactly as QBO's JSON
 * (PascalCase keys, string ids and SyncTokens); the emulator has its own types and never imports the
 * SDK's client-side schemas, so it stays an independent implementation.
 */

/** A stored QBO record: an entity body with the fields QBO always returns. */
export type QboRecord = Record<string, unknown> & {
  Id: string;
  SyncToken: string;
  MetaData: { CreateTime: string; LastUpdatedTime: string };
};

/** Entities the emulator models, by QBO's entity name. */
export const EMULATED_ENTITIES = [
  'Account',
  'Bill',
  'CompanyInfo',
  'Customer',
  'Estimate',
  'InventoryAdjustment',
  'Invoice',
  'Item',
  'Preferences',
  'PurchaseOrder',
  'Vendor',
] as const;

/** An entity name the emulator models, e.g. `"Item"`. */
export type EmulatedEntity = (typeof EMULATED_ENTITIES)[number];

/** Name-list entities: queries return active records only unless `Active` appears in the WHERE. */
export const NAME_LISTS: ReadonlySet<EmulatedEntity> = new Set(['Account', 'Customer', 'Item', 'Vendor']);

/** Transaction entities: they can be deleted and carry lines. */
export const TRANSACTIONS: ReadonlySet<EmulatedEntity> = new Set([
  'Bill',
  'Estimate',
  'InventoryAdjustment',
  'Invoice',
  'PurchaseOrder',
]);

/** Kinds of call the request log counts. */
export type QboRequestKind =
  | 'query'
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'void'
  | 'batch'
  | 'cdc'
  | 'token'
  | 'revoke'
  | 'authorize'
  | 'other';

/** A transport-neutral HTTP request as the emulator core sees it. */
export interface EmulatorRequest {
  method: string;
  url: URL;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string;
}

/** A transport-neutral answer: an HTTP response, a dropped connection, or no answer at all. */
export type EmulatorResponse =
  | { kind: 'http'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'reset' }
  | { kind: 'hang' };

/** One QBO error as it appears inside `Fault.Error[]`. */
export interface FaultError {
  Message: string;
  Detail: string;
  code: string;
  element?: string;
}
