import { docNumberFree } from './doc-numbers.js';
import { businessValidation, invalidProperty, requiredMissing, stringTooLong } from './fault-bodies.js';
import { resolveRef } from './refs.js';
import type { RealmStore } from './store.js';
import { formatQboDate } from './time.js';
import type { EmulatedEntity } from './types.js';

/**
 * Rules of the transactions (PurchaseOrder, Bill, Estimate, Invoice, InventoryAdjustment): required
 * references, line details allowed per entity, line ids, totals, statuses and document numbers.
 */

type Line = Record<string, unknown>;

const LINE_DETAILS: Record<string, readonly string[]> = {
  Invoice: ['SalesItemLineDetail', 'DescriptionOnly', 'DiscountLineDetail', 'GroupLineDetail'],
  Estimate: ['SalesItemLineDetail', 'DescriptionOnly', 'DiscountLineDetail', 'GroupLineDetail'],
  Bill: ['ItemBasedExpenseLineDetail', 'AccountBasedExpenseLineDetail'],
  PurchaseOrder: ['ItemBasedExpenseLineDetail', 'AccountBasedExpenseLineDetail'],
  InventoryAdjustment: ['ItemAdjustmentLineDetail'],
};

const PARTY: Partial<Record<EmulatedEntity, { key: string; entity: 'Customer' | 'Vendor' }>> = {
  Invoice: { key: 'CustomerRef', entity: 'Customer' },
  Estimate: { key: 'CustomerRef', entity: 'Customer' },
  Bill: { key: 'VendorRef', entity: 'Vendor' },
  PurchaseOrder: { key: 'VendorRef', entity: 'Vendor' },
};

const USD = { value: 'USD', name: 'United States Dollar' };

function checkLineDetail(store: RealmStore, entity: EmulatedEntity, line: Line, index: number): void {
  const type = String(line.DetailType ?? '');
  const element = `Line[${index}]`;
  if (!type) throw requiredMissing(`${element}.DetailType`);
  if (!(LINE_DETAILS[entity] ?? []).includes(type))
    throw invalidProperty(`${element}.DetailType`, `DetailType ${type}`);
  const detail = line[type];
  if (type === 'DescriptionOnly') return;
  if (typeof detail !== 'object' || detail === null) throw requiredMissing(`${element}.${type}`);
  const holder = detail as Record<string, unknown>;
  if (type === 'AccountBasedExpenseLineDetail') {
    resolveRef(store, 'Account', holder, {
      key: 'AccountRef',
      element: `${element}.${type}.AccountRef`,
      required: true,
    });
  } else if (type !== 'DiscountLineDetail' && type !== 'GroupLineDetail') {
    const item = resolveRef(store, 'Item', holder, {
      key: 'ItemRef',
      element: `${element}.${type}.ItemRef`,
      required: true,
    });
    if (type === 'ItemAdjustmentLineDetail') {
      if (item?.Type !== 'Inventory')
        throw businessValidation('Only inventory items can be adjusted.', `${element}.${type}.ItemRef`);
      if (typeof holder.QtyDiff !== 'number') throw requiredMissing(`${element}.${type}.QtyDiff`);
    }
  }
  if (type !== 'ItemAdjustmentLineDetail' && typeof line.Amount !== 'number')
    throw requiredMissing(`${element}.Amount`);
}

function prepareLines(store: RealmStore, entity: EmulatedEntity, next: Record<string, unknown>): Line[] {
  if (!Array.isArray(next.Line) || next.Line.length === 0) throw requiredMissing('Line');
  const given = (next.Line as Line[]).filter((l) => l.DetailType !== 'SubTotalLineDetail').map((l) => ({ ...l }));
  let nextLineId = given.reduce((max, l) => Math.max(max, Number(l.Id) || 0), 0) + 1;
  given.forEach((line, index) => {
    if (typeof line.DetailType === 'string' && typeof line[line.DetailType] === 'object') {
      line[line.DetailType] = { ...(line[line.DetailType] as object) };
    }
    checkLineDetail(store, entity, line, index);
    if (line.Id === undefined) line.Id = String(nextLineId++);
    line.LineNum ??= index + 1;
  });
  return given;
}

function lineTotal(lines: readonly Line[]): number {
  const sum = lines.reduce((acc, l) => {
    const amount = typeof l.Amount === 'number' ? l.Amount : 0;
    return acc + (l.DetailType === 'DiscountLineDetail' ? -amount : amount);
  }, 0);
  return Math.round(sum * 100) / 100;
}

function applyEntityDefaults(entity: EmulatedEntity, next: Record<string, unknown>, total: number): void {
  if (entity === 'PurchaseOrder') next.POStatus ??= 'Open';
  if (entity === 'Estimate' || entity === 'Invoice') {
    next.TxnTaxDetail ??= { TotalTax: 0 };
    next.ApplyTaxAfterDiscount ??= false;
    next.PrintStatus ??= entity === 'Invoice' ? 'NeedToPrint' : 'NotSet';
    next.EmailStatus ??= 'NotSet';
  }
  if (entity === 'Estimate') next.TxnStatus ??= 'Pending';
  if (entity === 'Bill') {
    next.DueDate ??= next.TxnDate;
    next.Balance = total;
  }
  if (entity === 'Invoice') {
    next.DueDate ??= next.TxnDate;
    next.Balance = total;
    for (const key of [
      'AllowIPNPayment',
      'AllowOnlinePayment',
      'AllowOnlineCreditCardPayment',
      'AllowOnlineACHPayment',
    ]) {
      next[key] ??= false;
    }
    next.LinkedTxn ??= [];
  }
}

/**
 * Validates and completes a transaction before it is stored (mutates `next`).
 * @throws QboFault 2020/2010/2050/2500/610/6000
 */
export function prepareTransaction(store: RealmStore, entity: EmulatedEntity, next: Record<string, unknown>): void {
  const party = PARTY[entity];
  if (party) resolveRef(store, party.entity, next, { key: party.key, element: party.key, required: true });
  if (entity === 'InventoryAdjustment') {
    resolveRef(store, 'Account', next, { key: 'AdjustAccountRef', element: 'AdjustAccountRef', required: true });
  }
  if (entity === 'Bill' || entity === 'PurchaseOrder') {
    resolveRef(store, 'Account', next, { key: 'APAccountRef', element: 'APAccountRef', required: false });
  }
  next.TxnDate ??= formatQboDate(store.clock.now(), store.offsetMinutes);
  if (typeof next.DocNumber === 'string' && next.DocNumber.length > 21) throw stringTooLong('DocNumber', 21);
  if (next.DocNumber === undefined && entity !== 'Bill' && entity !== 'InventoryAdjustment') {
    let number = store.nextDocNumber();
    while (!docNumberFree(store, entity, number)) number = store.nextDocNumber();
    next.DocNumber = number;
  }
  const lines = prepareLines(store, entity, next);
  const total = lineTotal(lines);
  const withSubtotal = entity === 'Invoice' || entity === 'Estimate';
  next.Line = withSubtotal
    ? [...lines, { Amount: total, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }]
    : lines;
  if (entity !== 'InventoryAdjustment') {
    next.TotalAmt = total;
    next.CurrencyRef ??= USD;
  }
  applyEntityDefaults(entity, next, total);
}
