import { duplicateName, invalidProperty, requiredMissing, stringTooLong } from './fault-bodies.js';
import { resolveRef } from './refs.js';
import type { RealmStore } from './store.js';
import type { EmulatedEntity, QboRecord } from './types.js';

/**
 * Rules of the name lists (Item, Account, Customer, Vendor): required fields, defaults QBO fills in,
 * `FullyQualifiedName` of sub-items, and unique names (customers and vendors share one namespace).
 */

/** QBO marks an inactive name-list record by appending this to its name. */
export const DELETED_SUFFIX = ' (deleted)';

const ITEM_TYPES = new Set(['Inventory', 'NonInventory', 'Service', 'Category', 'Group']);
const USD = { value: 'USD', name: 'United States Dollar' };

function nameSpaceKey(entity: EmulatedEntity): string {
  return entity === 'Customer' || entity === 'Vendor' ? 'Party' : entity;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stripSuffix(name: string): string {
  return name.endsWith(DELETED_SUFFIX) ? name.slice(0, -DELETED_SUFFIX.length) : name;
}

/** The name that must be unique among active records of the namespace. */
export function uniqueName(entity: EmulatedEntity, record: Record<string, unknown>): string | undefined {
  const name = entity === 'Customer' || entity === 'Vendor' ? record.DisplayName : record.FullyQualifiedName;
  return typeof name === 'string' ? name.toLowerCase() : undefined;
}

function applyHierarchy(store: RealmStore, entity: 'Item' | 'Account', next: Record<string, unknown>): void {
  const name = stripSuffix(String(next.Name));
  const isSub = next.SubItem === true || next.SubAccount === true || next.ParentRef !== undefined;
  const parent = isSub
    ? resolveRef(store, entity, next, { key: 'ParentRef', element: 'ParentRef', required: true })
    : undefined;
  const parentName = parent ? stripSuffix(String(parent.FullyQualifiedName ?? parent.Name)) : undefined;
  next.FullyQualifiedName = parentName === undefined ? name : `${parentName}:${name}`;
  if (entity === 'Item') {
    // As recorded, QBO sends SubItem and Level only for sub-items.
    delete next.SubItem;
    delete next.Level;
    if (parent) Object.assign(next, { SubItem: true, Level: Number(parent.Level ?? 0) + 1 });
  } else {
    next.SubAccount = parent !== undefined;
  }
}

function prepareItem(store: RealmStore, next: Record<string, unknown>): void {
  const name = text(next.Name);
  if (!name) throw requiredMissing('Name');
  if (name.length > 100) throw stringTooLong('Name', 100);
  if (stripSuffix(name).includes(':')) throw invalidProperty('Name', 'Name cannot contain a colon (:)');
  next.Type ??= 'Service';
  if (!ITEM_TYPES.has(String(next.Type))) throw invalidProperty('Type', `Type ${String(next.Type)}`);
  if (next.Type === 'Inventory') {
    if (next.TrackQtyOnHand !== true) throw requiredMissing('TrackQtyOnHand');
    if (typeof next.QtyOnHand !== 'number') throw requiredMissing('QtyOnHand');
    if (!text(next.InvStartDate)) throw requiredMissing('InvStartDate');
    for (const key of ['IncomeAccountRef', 'ExpenseAccountRef', 'AssetAccountRef']) {
      resolveRef(store, 'Account', next, { key, element: key, required: true });
    }
  } else {
    next.TrackQtyOnHand ??= false;
    const needsIncome = next.Type === 'Service';
    resolveRef(store, 'Account', next, { key: 'IncomeAccountRef', element: 'IncomeAccountRef', required: needsIncome });
    resolveRef(store, 'Account', next, { key: 'ExpenseAccountRef', element: 'ExpenseAccountRef', required: false });
  }
  next.Active ??= true;
  next.Taxable ??= false;
  next.UnitPrice ??= 0;
  next.PurchaseCost ??= 0;
  applyHierarchy(store, 'Item', next);
}

function prepareAccount(store: RealmStore, next: Record<string, unknown>): void {
  const name = text(next.Name);
  if (!name) throw requiredMissing('Name');
  if (name.length > 100) throw stringTooLong('Name', 100);
  if (!text(next.AccountType)) throw requiredMissing('AccountType');
  next.Active ??= true;
  next.CurrentBalance ??= 0;
  next.CurrentBalanceWithSubAccounts ??= 0;
  next.CurrencyRef ??= USD;
  applyHierarchy(store, 'Account', next);
}

function composedDisplayName(next: Record<string, unknown>): string | undefined {
  const parts = ['Title', 'GivenName', 'MiddleName', 'FamilyName', 'Suffix'].map((k) => text(next[k])).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : text(next.CompanyName);
}

function prepareParty(store: RealmStore, entity: 'Customer' | 'Vendor', next: Record<string, unknown>): void {
  next.DisplayName = text(next.DisplayName) ?? composedDisplayName(next);
  const display = next.DisplayName as string | undefined;
  if (!display) throw requiredMissing('DisplayName');
  if (display.length > 500) throw stringTooLong('DisplayName', 500);
  next.PrintOnCheckName ??= display.slice(0, 110);
  next.Active ??= true;
  next.Balance ??= 0;
  next.CurrencyRef ??= USD;
  for (const key of ['BillAddr', 'ShipAddr']) {
    const addr = next[key];
    if (typeof addr === 'object' && addr !== null && !('Id' in addr)) {
      next[key] = { Id: store.nextAddressId(), ...(addr as object) };
    }
  }
  if (entity === 'Customer') {
    next.FullyQualifiedName = display;
    next.Job ??= false;
    next.BillWithParent ??= false;
    next.BalanceWithJobs ??= next.Balance;
    next.PreferredDeliveryMethod ??= 'Print';
    next.IsProject ??= false;
    // A new customer of a company with automated sales tax is taxable with the default tax code.
    next.Taxable ??= true;
    if (next.Taxable === true) next.DefaultTaxCodeRef ??= { value: '2' };
  } else {
    next.Vendor1099 ??= false;
  }
}

/** Keeps QBO's " (deleted)" marker in step with `Active`. */
function applyDeletedSuffix(entity: EmulatedEntity, next: Record<string, unknown>): void {
  const keys =
    entity === 'Customer' || entity === 'Vendor'
      ? ['DisplayName', 'FullyQualifiedName']
      : ['Name', 'FullyQualifiedName'];
  for (const key of keys) {
    const value = next[key];
    if (typeof value !== 'string') continue;
    const base = stripSuffix(value);
    next[key] = next.Active === false ? `${base}${DELETED_SUFFIX}` : base;
  }
}

/**
 * Validates and completes a name-list record before it is stored (mutates `next`).
 * @throws QboFault 2020/2050/2010/2500/610/6240
 */
export function prepareNameRecord(
  store: RealmStore,
  entity: EmulatedEntity,
  next: Record<string, unknown>,
  options: { deletedSuffix: boolean },
): void {
  if (entity === 'Item') prepareItem(store, next);
  else if (entity === 'Account') prepareAccount(store, next);
  else if (entity === 'Customer' || entity === 'Vendor') prepareParty(store, entity, next);
  if (options.deletedSuffix) applyDeletedSuffix(entity, next);
  if (next.Active === false) return;
  const name = uniqueName(entity, next);
  const holder = name === undefined ? undefined : store.nameSpace(nameSpaceKey(entity)).get(name);
  if (holder !== undefined && holder !== `${entity}:${next.Id ?? ''}`) throw duplicateName(holder.split(':')[1] ?? '');
}

/** Updates the name index after `next` replaced `prev`. */
export function indexName(
  store: RealmStore,
  entity: EmulatedEntity,
  prev: QboRecord | undefined,
  next: QboRecord,
): void {
  const space = store.nameSpace(nameSpaceKey(entity));
  const prevName = prev ? uniqueName(entity, prev) : undefined;
  if (prevName !== undefined && space.get(prevName) === `${entity}:${next.Id}`) space.delete(prevName);
  const name = uniqueName(entity, next);
  if (name !== undefined && next.Active !== false) space.set(name, `${entity}:${next.Id}`);
}

/** Recomputes `FullyQualifiedName` of the sub-items of `parent` after a rename. */
export function renameChildren(store: RealmStore, entity: 'Item' | 'Account', parent: QboRecord): void {
  const table = store.table(entity);
  for (let i = 0; i < table.rows.length; i += 1) {
    const child = table.rows[i] as QboRecord;
    const ref = child.ParentRef as { value?: string } | undefined;
    if (ref?.value !== parent.Id) continue;
    const updated = {
      ...child,
      FullyQualifiedName: `${stripSuffix(String(parent.FullyQualifiedName))}:${String(child.Name)}`,
    } as QboRecord;
    indexName(store, entity, child, updated);
    table.set(updated, table.times[i] as number);
    renameChildren(store, entity, updated);
  }
}
