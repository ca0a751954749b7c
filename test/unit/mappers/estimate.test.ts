import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../src/core/errors.js';
import { PickingOrderCreateSchema } from '../../../src/intellitrack/schemas/order.js';
import { mapEstimateToPicking, mapPickingToEstimate, mapPickToInvoice } from '../../../src/mappers/estimate.js';
import { EstimateSchema } from '../../../src/qbo/schemas/estimate.js';
import { InvoiceSchema } from '../../../src/qbo/schemas/invoice.js';
import { makeCtx, thrown } from './helpers.js';
import { pickingOrder, recordedEstimate } from './orders.fixtures.js';

describe('mapEstimateToPicking', () => {
  it('maps the recorded estimate into a valid picking order', () => {
    const { value, warnings } = mapEstimateToPicking(recordedEstimate(), makeCtx());
    expect(value).toEqual({
      divisionId: 'div-1',
      orderNumber: '3BcMMoa4YQBuUbJucPeR',
      orderDate: '2012-04-20',
      dueDate: null,
      shipTo: {
        name: '400a vnAPSdnwcAnjXiAjuduR',
        address1: 'ship line1',
        address2: '',
        address3: '',
        city: 'Shipville',
        state: 'CA',
        zip: '12345',
        country: 'USA',
      },
      carrier: '',
      customerId: 'it-customer-32',
      lines: [
        { lineNumber: 1, itemId: 'it-item-1', orderedQty: 1, unitPrice: 20, externalRef: '1' },
        { lineNumber: 2, itemId: 'it-item-1', orderedQty: 1, unitPrice: 40, externalRef: '2' },
      ],
      externalRef: '12',
      origin: 'qbo',
    });
    // The subtotal line only formats the form: leaving it out is not worth a warning.
    expect(warnings).toEqual([]);
    expect(PickingOrderCreateSchema.safeParse(value).success).toBe(true);
  });

  it('expands bundle lines into their item lines and warns about discounts', () => {
    const estimate = recordedEstimate();
    const group = {
      Id: '5',
      DetailType: 'GroupLineDetail',
      GroupLineDetail: {
        GroupItemRef: { value: '90', name: 'Patio kit' },
        Quantity: 2,
        Line: [
          {
            Id: '6',
            DetailType: 'SalesItemLineDetail',
            Amount: 50,
            SalesItemLineDetail: { ItemRef: { value: '5' }, Qty: 2, UnitPrice: 25 },
          },
        ],
      },
    };
    const discount = { DetailType: 'DiscountLineDetail', Amount: 5, DiscountLineDetail: { PercentBased: false } };
    const { value, warnings } = mapEstimateToPicking(
      { ...estimate, Line: [...(estimate.Line ?? []), group, discount] },
      makeCtx(),
    );
    expect(value.lines[2]).toEqual({
      lineNumber: 3,
      itemId: 'it-item-5',
      orderedQty: 2,
      unitPrice: 25,
      externalRef: '6',
    });
    expect(warnings).toEqual([expect.objectContaining({ field: 'Line[4]', code: 'skipped' })]);
  });

  it.each([
    ['an unlinked customer', { CustomerRef: { value: '999' } }, 'CustomerRef'],
    ['no customer', { CustomerRef: undefined }, 'CustomerRef'],
    ['no Id', { Id: undefined }, 'Id'],
  ])('throws a MappingError for %s', (_name, over, path) => {
    const error = thrown(() => mapEstimateToPicking({ ...recordedEstimate(), ...over }, makeCtx()));
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ path });
  });

  it('defaults a missing TxnDate to today with a warning', () => {
    const { value, warnings } = mapEstimateToPicking({ ...recordedEstimate(), TxnDate: undefined } as never, makeCtx());
    expect(value.orderDate).toBe('2026-03-01');
    expect(warnings).toContainEqual(expect.objectContaining({ field: 'TxnDate', code: 'defaulted' }));
  });
});

describe('mapPickingToEstimate', () => {
  it('builds an Accepted estimate for an open IntelliTrack-originated order', () => {
    const order = pickingOrder([0, 0], {
      status: 'Open',
      closedAt: null,
      orderNumber: 'PCK42',
      origin: 'intellitrack',
      dueDate: '2026-03-10',
    });
    const { value } = mapPickingToEstimate(order, makeCtx());
    expect(value).toEqual({
      DocNumber: 'IT-PCK42',
      TxnDate: '2012-04-20',
      DueDate: '2026-03-10',
      CustomerRef: { value: '32', name: '400a vnAPSdnwcAnjXiAjuduR' },
      TxnStatus: 'Accepted',
      Line: [
        {
          LineNum: 1,
          DetailType: 'SalesItemLineDetail',
          Amount: 20,
          SalesItemLineDetail: { ItemRef: { value: '1', name: 'Sales' }, Qty: 1, UnitPrice: 20 },
        },
        {
          LineNum: 2,
          DetailType: 'SalesItemLineDetail',
          Amount: 40,
          SalesItemLineDetail: { ItemRef: { value: '1', name: 'Sales' }, Qty: 1, UnitPrice: 40 },
        },
      ],
    });
    expect(EstimateSchema.safeParse(value).success).toBe(true);
  });

  it('does not double a prefix the order number already carries', () => {
    expect(mapPickingToEstimate(pickingOrder([0, 0], { orderNumber: 'IT-9' }), makeCtx()).value.DocNumber).toBe('IT-9');
  });

  it('throws when an item is not linked to QBO', () => {
    const order = pickingOrder([0, 0]);
    const lines = [{ ...order.lines[0], itemId: 'unknown' }] as typeof order.lines;
    expect(thrown(() => mapPickingToEstimate({ ...order, lines }, makeCtx()))).toMatchObject({
      path: 'lines[1].itemId',
    });
  });
});

describe('mapPickToInvoice', () => {
  it('invoices a full pick linked to the estimate', () => {
    const { value, warnings } = mapPickToInvoice(
      { order: pickingOrder([1, 1]), estimate: recordedEstimate() },
      makeCtx(),
    );
    expect(value).toMatchObject({
      CustomerRef: { value: '32', name: '400a vnAPSdnwcAnjXiAjuduR' },
      TxnDate: '2026-02-21',
      LinkedTxn: [{ TxnId: '12', TxnType: 'Estimate' }],
      BillAddr: { City: 'Billville' },
      ShipAddr: { City: 'Shipville' },
    });
    expect(value.Line).toEqual([
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 20,
        Description: 'dsfafdfasdfdsfasdfadsfasdfsad',
        SalesItemLineDetail: {
          ItemRef: { value: '1', name: 'Sales' },
          Qty: 1,
          UnitPrice: 20,
          TaxCodeRef: { value: 'NON' },
        },
      },
      {
        DetailType: 'SalesItemLineDetail',
        Amount: 40,
        Description: 'dsafsdgggggggg',
        SalesItemLineDetail: {
          ItemRef: { value: '1', name: 'Sales' },
          Qty: 1,
          UnitPrice: 40,
          TaxCodeRef: { value: 'NON' },
        },
      },
    ]);
    expect(warnings).toEqual([]);
    expect(InvoiceSchema.safeParse(value).success).toBe(true);
  });

  it('invoices a partial pick and matches two lines of the same item by line id', () => {
    const { value, warnings } = mapPickToInvoice(
      { order: pickingOrder([0, 1]), estimate: recordedEstimate() },
      makeCtx(),
    );
    expect(value.Line).toHaveLength(1);
    expect(value.Line?.[0]).toMatchObject({ Amount: 40, SalesItemLineDetail: { UnitPrice: 40 } });
    expect(warnings).toEqual([]);
  });

  it('warns when a line was picked for less than ordered', () => {
    const order = pickingOrder([0, 0]);
    const lines = [{ ...order.lines[0], orderedQty: 5, pickedQty: 2 }] as typeof order.lines;
    const { warnings } = mapPickToInvoice({ order: { ...order, lines }, estimate: recordedEstimate() }, makeCtx());
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'partial', message: 'Line 1 was picked 2 of 5 ordered.' }),
    ]);
  });

  it('throws when nothing was picked', () => {
    expect(
      thrown(() => mapPickToInvoice({ order: pickingOrder([0, 0]), estimate: recordedEstimate() }, makeCtx())),
    ).toMatchObject({
      entity: 'PickingOrder',
      path: 'lines',
    });
  });
});

describe('lines of items the warehouse does not stock', () => {
  const serviceLine = {
    Id: '3',
    DetailType: 'SalesItemLineDetail',
    Amount: 80,
    SalesItemLineDetail: { ItemRef: { value: '44', name: 'Installation' }, Qty: 2, UnitPrice: 40 },
  };

  it('skips a line whose item the lookup knows is a Service item', () => {
    const ctx = makeCtx();
    const lookup = { ...ctx.lookup, qboItemType: (id: string) => (id === '44' ? 'Service' : 'Inventory') };
    const estimate = recordedEstimate();
    const { value, warnings } = mapEstimateToPicking(
      { ...estimate, Line: [...(estimate.Line ?? []), serviceLine] },
      { ...ctx, lookup },
    );
    expect(value.lines).toHaveLength(2);
    expect(warnings).toEqual([
      expect.objectContaining({
        field: 'Line[3].SalesItemLineDetail.ItemRef',
        code: 'skipped',
        message: expect.stringContaining('Service item 44'),
      }),
    ]);
  });

  it('still fails on an unlinked item whose type is unknown or Inventory', () => {
    const ctx = makeCtx();
    const estimate = { ...recordedEstimate(), Line: [serviceLine] };
    for (const qboItemType of [() => undefined, () => 'Inventory']) {
      expect(
        thrown(() => mapEstimateToPicking(estimate, { ...ctx, lookup: { ...ctx.lookup, qboItemType } })),
      ).toMatchObject({
        path: 'Line[0].SalesItemLineDetail.ItemRef',
      });
    }
  });
});
