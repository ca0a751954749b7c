import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import { ReceivingOrderCreateSchema } from '../../../src/intellitrack/schemas/order.js';
import {
  mapPurchaseOrderToReceiving,
  mapReceiptToBill,
  mapReceivingToPurchaseOrder,
} from '../../../src/mappers/purchase-order.js';
import { BillSchema } from '../../../src/qbo/schemas/bill.js';
import { PurchaseOrderSchema } from '../../../src/qbo/schemas/purchase-order.js';
import { makeCtx, thrown } from './helpers.js';
import { receivingOrder, recordedPo } from './orders.fixtures.js';

describe('mapPurchaseOrderToReceiving', () => {
  it('maps the recorded PO into a valid receiving order', () => {
    const { value, warnings } = mapPurchaseOrderToReceiving(recordedPo(), makeCtx());
    expect(value).toEqual({
      divisionId: 'div-1',
      orderNumber: '1002',
      orderDate: '2013-07-19',
      dueDate: null,
      shipTo: {
        name: 'Ship to',
        address1: "Larry's Landscaping & Garden Supply",
        address2: '1045 Main Street',
        address3: '(415)  555-4567',
        city: 'Bayshore',
        state: 'CA',
        zip: '94326',
        country: '',
      },
      carrier: '',
      vendorId: 'it-vendor-24',
      lines: [
        { lineNumber: 1, itemId: 'it-item-31', orderedQty: 1, unitCost: 72, externalRef: '1' },
        { lineNumber: 2, itemId: 'it-item-5', orderedQty: 10, unitCost: 12.55, externalRef: '2' },
      ],
      externalRef: '813',
      origin: 'qbo',
    });
    expect(warnings.map((w) => [w.field, w.code])).toEqual([
      ['Line[2]', 'skipped'],
      ['ShipAddr', 'parsed'],
    ]);
    expect(ReceivingOrderCreateSchema.safeParse(value).success).toBe(true);
  });

  it('derives a unit cost from Amount when a line has no UnitPrice', () => {
    const po = recordedPo();
    const line = {
      Id: '9',
      Amount: 30,
      DetailType: 'ItemBasedExpenseLineDetail',
      ItemBasedExpenseLineDetail: { ItemRef: { value: '5' }, Qty: 4 },
    };
    const { value } = mapPurchaseOrderToReceiving({ ...po, Line: [line] }, makeCtx());
    expect(value.lines[0]).toMatchObject({ orderedQty: 4, unitCost: 7.5 });
  });

  it.each([
    ['a due date past the end of its month', { DueDate: '2026-02-30' }, 'DueDate'],
    ['31 April', { DueDate: '2026-04-31' }, 'DueDate'],
    ['29 February of a common year', { TxnDate: '2023-02-29' }, 'TxnDate'],
    ['29 February of a century not divisible by 400', { TxnDate: '1900-02-29' }, 'TxnDate'],
    ['an unlinked vendor', { VendorRef: { value: '999' } }, 'VendorRef'],
    ['no vendor', { VendorRef: undefined }, 'VendorRef'],
    ['only account lines', { Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 1 }] }, 'Line'],
    [
      'an unlinked item',
      {
        Line: [
          {
            Id: '1',
            DetailType: 'ItemBasedExpenseLineDetail',
            ItemBasedExpenseLineDetail: { ItemRef: { value: '77' }, Qty: 1 },
          },
        ],
      },
      'Line[0].ItemBasedExpenseLineDetail.ItemRef',
    ],
    [
      'a line without Qty',
      {
        Line: [
          {
            Id: '1',
            DetailType: 'ItemBasedExpenseLineDetail',
            ItemBasedExpenseLineDetail: { ItemRef: { value: '5' } },
          },
        ],
      },
      'Line[0].ItemBasedExpenseLineDetail.Qty',
    ],
  ])('throws a MappingError for %s', (_name, over, path) => {
    const error = thrown(() => mapPurchaseOrderToReceiving({ ...recordedPo(), ...over }, makeCtx()));
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ entity: 'PurchaseOrder', sourceId: '813', path });
  });

  it.each(['2024-02-29', '2000-02-29', '2026-01-31', '2026-04-30', '2026-12-31', '0001-01-01'])(
    'takes %s, a day of its month, as the order and due date',
    (date) => {
      const { value } = mapPurchaseOrderToReceiving({ ...recordedPo(), TxnDate: date, DueDate: date }, makeCtx());
      expect(value).toMatchObject({ orderDate: date, dueDate: date });
    },
  );

  it('skips unlinked item lines with a warning when configured to', () => {
    const po = recordedPo();
    const extra = {
      Id: '4',
      DetailType: 'ItemBasedExpenseLineDetail',
      ItemBasedExpenseLineDetail: { ItemRef: { value: '77' }, Qty: 1 },
    };
    const { value, warnings } = mapPurchaseOrderToReceiving(
      { ...po, Line: [...(po.Line ?? []), extra] },
      makeCtx({ unlinkedItemLines: 'skip' }),
    );
    expect(value.lines).toHaveLength(2);
    expect(warnings).toContainEqual(
      expect.objectContaining({ field: 'Line[3].ItemBasedExpenseLineDetail.ItemRef', code: 'skipped' }),
    );
  });

  it('lets IntelliTrack number the order when DocNumber is missing', () => {
    const { value, warnings } = mapPurchaseOrderToReceiving(
      { ...recordedPo(), DocNumber: undefined } as never,
      makeCtx(),
    );
    expect(value).not.toHaveProperty('orderNumber');
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'DocNumber', code: 'defaulted' }));
  });
});

describe('mapReceivingToPurchaseOrder', () => {
  it('builds a PO body with the prefix, item refs and amounts', () => {
    const order = {
      ...receivingOrder([0, 0], 'Open'),
      orderNumber: 'RCV000123',
      origin: 'intellitrack' as const,
      carrier: 'UPS',
    };
    const { value } = mapReceivingToPurchaseOrder(order, makeCtx());
    expect(value).toEqual({
      DocNumber: 'IT-RCV000123',
      TxnDate: '2013-07-19',
      VendorRef: { value: '24', name: 'Brown Equipment Rental' },
      POStatus: 'Open',
      ShipMethodRef: { value: 'UPS', name: 'UPS' },
      Line: [
        {
          LineNum: 1,
          DetailType: 'ItemBasedExpenseLineDetail',
          Amount: 72,
          ItemBasedExpenseLineDetail: { ItemRef: { value: '31', name: 'Irrigation Hose' }, Qty: 1, UnitPrice: 72 },
        },
        {
          LineNum: 2,
          DetailType: 'ItemBasedExpenseLineDetail',
          Amount: 125.5,
          ItemBasedExpenseLineDetail: { ItemRef: { value: '5', name: 'Rock Fountain' }, Qty: 10, UnitPrice: 12.55 },
        },
      ],
    });
    expect(PurchaseOrderSchema.safeParse(value).success).toBe(true);
  });

  it("shortens a DocNumber past QBO's 21 characters with a warning", () => {
    const order = { ...receivingOrder([0, 0], 'Open'), orderNumber: 'RCV-2026-000000000001234' };
    const { value, warnings } = mapReceivingToPurchaseOrder(order, makeCtx());
    expect(value.DocNumber).toHaveLength(21);
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'truncated' }));
  });

  it('throws when the vendor is not linked to QBO', () => {
    expect(
      thrown(() => mapReceivingToPurchaseOrder({ ...receivingOrder([0, 0]), vendorId: 'nope' }, makeCtx())),
    ).toMatchObject({
      entity: 'ReceivingOrder',
      path: 'vendorId',
    });
  });
});

describe('mapReceiptToBill', () => {
  it('bills a full receipt with every line linked to its PO line', () => {
    const { value, warnings } = mapReceiptToBill(
      { order: receivingOrder([1, 10]), purchaseOrder: recordedPo() },
      makeCtx(),
    );
    expect(value).toEqual({
      VendorRef: { value: '24', name: 'Brown Equipment Rental' },
      TxnDate: '2026-02-20',
      PrivateNote: 'Receipt of IntelliTrack receiving order 1002',
      Line: [
        {
          DetailType: 'ItemBasedExpenseLineDetail',
          Amount: 72,
          Description: 'hose',
          ItemBasedExpenseLineDetail: { ItemRef: { value: '31', name: 'Irrigation Hose' }, Qty: 1, UnitPrice: 72 },
          LinkedTxn: [{ TxnId: '813', TxnType: 'PurchaseOrder', TxnLineId: '1' }],
        },
        {
          DetailType: 'ItemBasedExpenseLineDetail',
          Amount: 125.5,
          ItemBasedExpenseLineDetail: { ItemRef: { value: '5', name: 'Rock Fountain' }, Qty: 10, UnitPrice: 12.55 },
          LinkedTxn: [{ TxnId: '813', TxnType: 'PurchaseOrder', TxnLineId: '2' }],
        },
      ],
    });
    expect(warnings).toEqual([]);
    expect(BillSchema.safeParse(value).success).toBe(true);
  });

  it('bills a partial receipt for what was received and warns', () => {
    const { value, warnings } = mapReceiptToBill(
      { order: receivingOrder([0, 3]), purchaseOrder: recordedPo() },
      makeCtx(),
    );
    expect(value.Line).toHaveLength(1);
    expect(value.Line?.[0]).toMatchObject({ Amount: 37.65, ItemBasedExpenseLineDetail: { Qty: 3 } });
    expect(warnings).toEqual([expect.objectContaining({ field: 'lines[2]', code: 'partial' })]);
  });

  it('matches by item when the line kept no QBO line id', () => {
    const order = receivingOrder([1, 0]);
    const lines = order.lines.map((l) => ({ ...l, externalRef: null }));
    const { value } = mapReceiptToBill({ order: { ...order, lines }, purchaseOrder: recordedPo() }, makeCtx());
    expect(value.Line?.[0]?.LinkedTxn).toEqual([{ TxnId: '813', TxnType: 'PurchaseOrder', TxnLineId: '1' }]);
  });

  it('throws when nothing was received', () => {
    expect(
      thrown(() => mapReceiptToBill({ order: receivingOrder([0, 0]), purchaseOrder: recordedPo() }, makeCtx())),
    ).toMatchObject({
      path: 'lines',
    });
  });
});
