import { checkDocNumber, indexDocNumber } from './doc-numbers.js';
import {
  invalidId,
  invalidProperty,
  objectNotFound,
  requiredMissing,
  staleObject,
  unsupportedOperation,
} from './fault-bodies.js';
import { applyLinks, applyQuantities, checkLinks, quantityEffects } from './inventory.js';
import { indexName, prepareNameRecord, renameChildren } from './rules-names.js';
import { prepareTransaction } from './rules-transactions.js';
import type { RealmStore } from './store.js';
import { type EmulatedEntity, NAME_LISTS, type QboRecord, TRANSACTIONS } from './types.js';

/**
 * Create, read, update (full and sparse), delete and void: the write path every REST call and batch
 * item goes through. Each function either completes its whole effect or throws a QboFault and changes
 * nothing.
 */

/** Options of the write operations. */
export interface WriteRules {
  /** Append " (deleted)" to the name of inactive name-list records, as QBO does. */
  deletedSuffix: boolean;
  /** Accept a DocNumber another transaction already uses (`include=allowduplicatedocnum`). */
  allowDuplicateDocNumber?: boolean;
}

const READ_ONLY_ENTITIES = new Set<EmulatedEntity>(['CompanyInfo', 'Preferences']);
/** Fields QBO computes; a full update that omits them keeps the stored values. */
const KEPT_ON_FULL_UPDATE = ['Id', 'MetaData', 'domain', 'Balance', 'BalanceWithJobs', 'QtyOnHand', 'LinkedTxn'];

function asBody(body: unknown, entity: EmulatedEntity): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw requiredMissing(entity);
  return { ...(body as Record<string, unknown>) };
}

function checkId(value: unknown): string {
  if (value === undefined || value === null || value === '') throw requiredMissing('Id');
  const id = String(value);
  if (!/^\d+$/.test(id)) throw invalidId(id);
  return id;
}

function prepare(store: RealmStore, entity: EmulatedEntity, next: Record<string, unknown>, rules: WriteRules): void {
  if (NAME_LISTS.has(entity)) prepareNameRecord(store, entity, next, rules);
  else if (TRANSACTIONS.has(entity)) {
    prepareTransaction(store, entity, next);
    checkLinks(store, entity, next);
    if (!rules.allowDuplicateDocNumber) checkDocNumber(store, entity, next);
  }
}

function commit(store: RealmStore, entity: EmulatedEntity, prev: QboRecord | undefined, next: QboRecord): void {
  const before = quantityEffects(entity, prev && !isVoided(store, entity, prev.Id) ? prev : undefined);
  store.save(entity, next, prev ? 'Update' : 'Create');
  if (NAME_LISTS.has(entity)) indexName(store, entity, prev, next);
  if ((entity === 'Item' || entity === 'Account') && prev && prev.FullyQualifiedName !== next.FullyQualifiedName) {
    renameChildren(store, entity, next);
  }
  applyQuantities(store, before, quantityEffects(entity, isVoided(store, entity, next.Id) ? undefined : next));
  applyLinks(store, entity, prev, next);
  if (TRANSACTIONS.has(entity)) indexDocNumber(store, entity, prev, next);
}

function isVoided(store: RealmStore, entity: EmulatedEntity, id: string): boolean {
  return store.voided.has(`${entity}:${id}`);
}

/** Reads one record. @throws QboFault 2030 for a non-numeric id, 610 when absent. */
export function readRecord(store: RealmStore, entity: EmulatedEntity, idText: string): QboRecord {
  const id = checkId(idText);
  const record = store.get(entity, id);
  if (!record) throw objectNotFound();
  return record;
}

/** Creates a record. @throws QboFault for any rule the body breaks. */
export function createRecord(store: RealmStore, entity: EmulatedEntity, body: unknown, rules: WriteRules): QboRecord {
  if (READ_ONLY_ENTITIES.has(entity)) throw unsupportedOperation('Create');
  const next = asBody(body, entity);
  for (const key of ['Id', 'SyncToken', 'MetaData', 'sparse', 'status']) delete next[key];
  prepare(store, entity, next, rules);
  const time = store.formatTime(store.stampMs());
  const record = {
    ...next,
    domain: 'QBO',
    sparse: false,
    Id: store.table(entity).allocateId(),
    SyncToken: '0',
    MetaData: { CreateTime: time, LastUpdatedTime: time },
  } as QboRecord;
  commit(store, entity, undefined, record);
  return record;
}

function current(store: RealmStore, entity: EmulatedEntity, body: Record<string, unknown>): QboRecord {
  const id = checkId(body.Id);
  const prev = store.get(entity, id);
  if (!prev) throw objectNotFound();
  if (body.SyncToken === undefined || body.SyncToken === null || body.SyncToken === '')
    throw requiredMissing('SyncToken');
  if (String(body.SyncToken) !== prev.SyncToken) throw staleObject();
  return prev;
}

/** Full or sparse update (`sparse: true` merges). @throws QboFault 5010 on a stale SyncToken. */
export function updateRecord(store: RealmStore, entity: EmulatedEntity, body: unknown, rules: WriteRules): QboRecord {
  const input = asBody(body, entity);
  const prev = current(store, entity, input);
  const sparse = input.sparse === true || input.sparse === 'true';
  let next: Record<string, unknown>;
  if (sparse) next = { ...prev, ...input };
  else {
    next = { ...input };
    for (const key of KEPT_ON_FULL_UPDATE)
      if (next[key] === undefined && prev[key] !== undefined) next[key] = prev[key];
  }
  if (entity === 'Item' && prev.Type !== next.Type && prev.Type === 'Inventory') {
    throw invalidProperty('Type', 'Type of an inventory item cannot be changed');
  }
  prepare(store, entity, next, rules);
  const record = {
    ...next,
    domain: 'QBO',
    sparse: false,
    Id: prev.Id,
    SyncToken: String(Number(prev.SyncToken) + 1),
    MetaData: { CreateTime: prev.MetaData.CreateTime, LastUpdatedTime: store.formatTime(store.stampMs()) },
  } as QboRecord;
  commit(store, entity, prev, record);
  return record;
}

/** Deletes a transaction. Name-list records cannot be deleted (make them inactive). */
export function deleteRecord(store: RealmStore, entity: EmulatedEntity, body: unknown): Record<string, unknown> {
  if (!TRANSACTIONS.has(entity)) throw unsupportedOperation('Delete');
  const prev = current(store, entity, asBody(body, entity));
  const before = quantityEffects(entity, isVoided(store, entity, prev.Id) ? undefined : prev);
  store.delete(entity, prev.Id);
  store.voided.delete(`${entity}:${prev.Id}`);
  applyQuantities(store, before, new Map());
  applyLinks(store, entity, prev, undefined);
  indexDocNumber(store, entity, prev, undefined);
  return { domain: 'QBO', status: 'Deleted', Id: prev.Id };
}

/** Voids an Invoice: amounts become zero and its stock effect is reversed; the record stays. */
export function voidRecord(store: RealmStore, entity: EmulatedEntity, body: unknown): QboRecord {
  if (entity !== 'Invoice') throw unsupportedOperation('Void');
  const prev = current(store, entity, asBody(body, entity));
  const before = quantityEffects(entity, isVoided(store, entity, prev.Id) ? undefined : prev);
  const lines = (Array.isArray(prev.Line) ? (prev.Line as Record<string, unknown>[]) : []).map((l) => ({
    ...l,
    Amount: 0,
  }));
  const record = {
    ...prev,
    Line: lines,
    TotalAmt: 0,
    Balance: 0,
    PrivateNote: 'Voided',
    SyncToken: String(Number(prev.SyncToken) + 1),
    MetaData: { CreateTime: prev.MetaData.CreateTime, LastUpdatedTime: store.formatTime(store.stampMs()) },
  } as QboRecord;
  store.voided.add(`${entity}:${prev.Id}`);
  store.save(entity, record, 'Void');
  applyQuantities(store, before, new Map());
  return record;
}
