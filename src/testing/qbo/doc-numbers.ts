import { QboFault } from './fault-bodies.js';
import type { RealmStore } from './store.js';
import type { EmulatedEntity, QboRecord } from './types.js';

/**
 * Unique document numbers. QBO refuses a DocNumber already used by another transaction of the same
 * type (bills: of the same vendor) with 6140, unless the request says `include=allowduplicatedocnum`
 * (batch: `optionsData: "allowduplicatedocnum"`).
 */

const CHECKED = new Set<EmulatedEntity>(['Invoice', 'Estimate', 'PurchaseOrder', 'Bill']);

function key(entity: EmulatedEntity, record: Record<string, unknown>): string | undefined {
  if (!CHECKED.has(entity) || typeof record.DocNumber !== 'string' || record.DocNumber === '') return undefined;
  const vendor = entity === 'Bill' ? String((record.VendorRef as { value?: unknown } | undefined)?.value ?? '') : '';
  return `${entity}|${vendor}|${record.DocNumber.toLowerCase()}`;
}

/** True when `docNumber` is free for a new transaction of `entity` (auto-numbering skips used ones). */
export function docNumberFree(store: RealmStore, entity: EmulatedEntity, docNumber: string): boolean {
  const k = key(entity, { DocNumber: docNumber });
  return k === undefined || !store.docNumbers.has(k);
}

/** @throws QboFault 6140 when another transaction holds the number. */
export function checkDocNumber(store: RealmStore, entity: EmulatedEntity, next: Record<string, unknown>): void {
  const k = key(entity, next);
  const holder = k === undefined ? undefined : store.docNumbers.get(k);
  if (holder === undefined || holder === next.Id) return;
  throw new QboFault(400, [
    {
      Message: 'Duplicate Document Number Error',
      Detail: `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${String(next.DocNumber)} is assigned to TxnType=${entity} with TxnId=${holder}`,
      code: '6140',
      element: 'DocNumber',
    },
  ]);
}

/** Keeps the number index in step after `next` replaced `prev` (either may be absent). */
export function indexDocNumber(
  store: RealmStore,
  entity: EmulatedEntity,
  prev: Record<string, unknown> | undefined,
  next: QboRecord | undefined,
): void {
  const old = prev ? key(entity, prev) : undefined;
  if (old !== undefined && store.docNumbers.get(old) === prev?.Id) store.docNumbers.delete(old);
  const fresh = next ? key(entity, next) : undefined;
  if (fresh !== undefined && next && !store.docNumbers.has(fresh)) store.docNumbers.set(fresh, next.Id);
}
