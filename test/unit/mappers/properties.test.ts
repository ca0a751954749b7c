import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import { ItemCreateSchema } from '../../../src/intellitrack/schemas/item.js';
import { PickingOrderCreateSchema, ReceivingOrderCreateSchema } from '../../../src/intellitrack/schemas/order.js';
import { PartyCreateSchema } from '../../../src/intellitrack/schemas/party.js';
import { defaultMappers } from '../../../src/mappers/registry.js';
import type { MapResult } from '../../../src/mappers/types.js';
import { CustomerSchema } from '../../../src/qbo/schemas/customer.js';
import { EstimateSchema } from '../../../src/qbo/schemas/estimate.js';
import { ItemSchema } from '../../../src/qbo/schemas/item.js';
import { PurchaseOrderSchema } from '../../../src/qbo/schemas/purchase-order.js';
import { VendorSchema } from '../../../src/qbo/schemas/vendor.js';
import { deepFreeze, makeCtx } from './helpers.js';
import {
  adjustmentsArb,
  estimateArb,
  itCustomerArb,
  itemArb,
  partyArb,
  pickingArb,
  purchaseOrderArb,
  receivingArb,
} from './properties.arbitraries.js';

/** Runs a mapper on a frozen, schema-valid input: a MappingError is allowed, any other error is not. */
function attempt<T>(run: () => MapResult<T>): MapResult<T> | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof MappingError) return undefined;
    throw error;
  }
}

const ctx = makeCtx();
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('mappers on schema-valid QBO input (property)', () => {
  it('item: only MappingError, never mutates, output fits the IntelliTrack schema', () => {
    fc.assert(
      fc.property(itemArb, (raw) => {
        const item = deepFreeze(ItemSchema.parse(raw));
        const result = attempt(() => defaultMappers.item(item, ctx));
        if (result) expect(ItemCreateSchema.safeParse(result.value).error).toBeUndefined();
        const load = attempt(() =>
          defaultMappers.inventory(item, makeCtx({}, { items: [{ qboId: item.Id ?? '', itId: 'x' }] })),
        );
        if (load?.value) expect(load.value.quantity).toBe(item.QtyOnHand);
        if (load && !load.value) expect(load.warnings).toEqual([expect.objectContaining({ code: 'skipped' })]);
      }),
    );
  });

  it('vendor and customer: only MappingError, output fits the IntelliTrack schema', () => {
    fc.assert(
      fc.property(partyArb, (raw) => {
        for (const [schema, map] of [
          [VendorSchema, defaultMappers.vendor],
          [CustomerSchema, defaultMappers.customer],
        ] as const) {
          const party = deepFreeze(schema.parse(raw));
          const result = attempt(() => map(party, ctx));
          if (result) expect(PartyCreateSchema.safeParse(result.value).error).toBeUndefined();
        }
      }),
    );
  });

  it('purchase order -> receiving: quantities preserved line by line', () => {
    fc.assert(
      fc.property(purchaseOrderArb, (raw) => {
        const po = deepFreeze(PurchaseOrderSchema.parse(raw));
        const result = attempt(() => defaultMappers.purchaseOrderToReceiving(po, ctx));
        if (!result) return;
        expect(ReceivingOrderCreateSchema.safeParse(result.value).error).toBeUndefined();
        const itemQty = (po.Line ?? [])
          .filter((l) => l.DetailType === 'ItemBasedExpenseLineDetail')
          .map((l) => l.ItemBasedExpenseLineDetail?.Qty ?? 0);
        expect(result.value.lines.map((l) => l.orderedQty)).toEqual(itemQty);
      }),
    );
  });

  it('estimate -> picking: only MappingError, quantities preserved', () => {
    fc.assert(
      fc.property(estimateArb, (raw) => {
        const estimate = deepFreeze(EstimateSchema.parse(raw));
        const result = attempt(() => defaultMappers.estimateToPicking(estimate, ctx));
        if (!result) return;
        expect(PickingOrderCreateSchema.safeParse(result.value).error).toBeUndefined();
        const qty = (estimate.Line ?? [])
          .filter((l) => l.DetailType === 'SalesItemLineDetail')
          .map((l) => l.SalesItemLineDetail?.Qty ?? 0);
        expect(sum(result.value.lines.map((l) => l.orderedQty))).toBeCloseTo(sum(qty), 9);
      }),
    );
  });
});

describe('IntelliTrack -> QBO mappers (property)', () => {
  it('customer IntelliTrack -> QBO -> IntelliTrack round-trips', () => {
    fc.assert(
      fc.property(itCustomerArb, (customer) => {
        const frozen = deepFreeze(customer);
        const qbo = defaultMappers.customerToQbo(frozen, ctx).value;
        const back = defaultMappers.customer(deepFreeze({ ...qbo, Id: '900' }), ctx).value;
        const { id: _id, version: _v, createdAt: _c, updatedAt: _u, externalRef: _e, origin: _o, ...fields } = frozen;
        expect(back).toEqual({ ...fields, externalRef: '900', origin: 'qbo' });
      }),
    );
  });

  it('receiving order -> PO: quantities kept, Amount = Qty × UnitPrice in cents', () => {
    fc.assert(
      fc.property(receivingArb, ({ order }) => {
        const lines = defaultMappers.receivingToPurchaseOrder(deepFreeze(order), ctx).value.Line ?? [];
        expect(lines.map((l) => l.ItemBasedExpenseLineDetail?.Qty)).toEqual(order.lines.map((l) => l.orderedQty));
        for (const l of lines) {
          const d = l.ItemBasedExpenseLineDetail;
          expect(l.Amount).toBe(Math.round(((d?.Qty ?? 0) * (d?.UnitPrice ?? 0) + Number.EPSILON) * 100) / 100);
        }
      }),
    );
  });

  it('receipt -> Bill: billed quantity equals received quantity, each line linked to the PO', () => {
    fc.assert(
      fc.property(receivingArb, ({ order, purchaseOrder }) => {
        const result = attempt(() => defaultMappers.receiptToBill(deepFreeze({ order, purchaseOrder }), ctx));
        const received = order.lines.map((l) => l.receivedQty).filter((q) => q > 0);
        if (!result) {
          expect(received).toEqual([]);
          return;
        }
        const lines = result.value.Line ?? [];
        expect(lines.map((l) => l.ItemBasedExpenseLineDetail?.Qty)).toEqual(received);
        for (const l of lines)
          expect(l.LinkedTxn?.[0]).toMatchObject({ TxnId: purchaseOrder.Id, TxnType: 'PurchaseOrder' });
      }),
    );
  });

  it('pick -> Invoice: invoiced quantity equals picked quantity', () => {
    fc.assert(
      fc.property(pickingArb, ({ order, estimate }) => {
        const result = attempt(() => defaultMappers.pickToInvoice(deepFreeze({ order, estimate }), ctx));
        const picked = order.lines.map((l) => l.pickedQty).filter((q) => q > 0);
        if (!result) {
          expect(picked).toEqual([]);
          return;
        }
        expect((result.value.Line ?? []).map((l) => l.SalesItemLineDetail?.Qty)).toEqual(picked);
      }),
    );
  });

  it('adjustments -> InventoryAdjustment: QtyDiff per line equals the quantity change', () => {
    fc.assert(
      fc.property(adjustmentsArb, (adjustments) => {
        const lines = defaultMappers.adjustmentsToQbo(deepFreeze(adjustments), ctx).value.Line ?? [];
        expect(lines.map((l) => l.ItemAdjustmentLineDetail?.QtyDiff)).toEqual(adjustments.map((a) => a.quantityChange));
      }),
    );
  });
});
