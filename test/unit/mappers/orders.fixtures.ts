import type { PickingOrder, ReceivingOrder } from '../../../src/intellitrack/schemas/order.js';
import type { Estimate } from '../../../src/qbo/schemas/estimate.js';
import type { PurchaseOrder } from '../../../src/qbo/schemas/purchase-order.js';
import { deepFreeze, meta } from './helpers.js';

/**
 * test/fixtures/qbo/purchaseorder-quickbooks-ruby.xml in QBO's JSON rendering (references become
 * `{ value, name }`, decimals numbers), plus a second item line and an account line for the partial
 * and skipped-line cases.
 */
export const recordedPo = (): PurchaseOrder =>
  deepFreeze({
    Id: '813',
    SyncToken: '0',
    MetaData: { CreateTime: '2013-07-19T07:57:19-07:00', LastUpdatedTime: '2013-07-19T07:57:19-07:00' },
    DocNumber: '1002',
    TxnDate: '2013-07-19',
    Line: [
      {
        Id: '1',
        Description: 'hose',
        Amount: 72,
        DetailType: 'ItemBasedExpenseLineDetail',
        ItemBasedExpenseLineDetail: {
          ItemRef: { value: '31', name: 'Irrigation Hose' },
          ClassRef: { value: '100000000000128319', name: 'Landscaping' },
          UnitPrice: 72,
          Qty: 1,
          TaxCodeRef: { value: 'NON' },
          CustomerRef: { value: '110', name: "Adam's Candy Shop" },
          BillableStatus: 'NotBillable',
        },
        AccountBasedExpenseLineDetail: { AccountRef: { value: '139', name: 'Inventory Asset-1' } },
      },
      {
        Id: '2',
        Amount: 125.5,
        DetailType: 'ItemBasedExpenseLineDetail',
        ItemBasedExpenseLineDetail: { ItemRef: { value: '5', name: 'Rock Fountain' }, UnitPrice: 12.55, Qty: 10 },
      },
      {
        Id: '3',
        Amount: 15,
        DetailType: 'AccountBasedExpenseLineDetail',
        AccountBasedExpenseLineDetail: { AccountRef: { value: '7', name: 'Freight' } },
      },
    ],
    VendorRef: { value: '24', name: 'Brown Equipment Rental' },
    APAccountRef: { value: '38', name: 'Accounts Payable' },
    TotalAmt: 212.5,
    VendorAddr: {
      Id: '339',
      Line1: 'Sylvester Brown',
      Line2: '33 Old Bayshore Rd',
      Line3: 'Bayshore, CA  94326',
      Lat: 'INVALID',
      Long: 'INVALID',
    },
    ShipAddr: {
      Id: '340',
      Line1: "Larry's Landscaping & Garden Supply",
      Line2: '1045 Main Street',
      Line3: 'Bayshore, CA 94326',
      Line4: '(415)  555-4567',
      Lat: 'INVALID',
      Long: 'INVALID',
    },
    POStatus: 'Open',
  });

/** test/fixtures/qbo/estimate-quickbooks-ruby.xml in QBO's JSON rendering, status set to Accepted. */
export const recordedEstimate = (): Estimate =>
  deepFreeze({
    Id: '12',
    SyncToken: '0',
    DocNumber: '3BcMMoa4YQBuUbJucPeR',
    TxnDate: '2012-04-20',
    CurrencyRef: { value: 'USD', name: 'United States Dollar' },
    TxnStatus: 'Accepted',
    Line: [
      {
        Id: '1',
        LineNum: 1,
        Description: 'dsfafdfasdfdsfasdfadsfasdfsad',
        Amount: 20,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: {
          ItemRef: { value: '1', name: 'Sales' },
          UnitPrice: 20,
          Qty: 1,
          TaxCodeRef: { value: 'NON' },
          ServiceDate: '2012-04-17',
        },
      },
      {
        Id: '2',
        LineNum: 2,
        Description: 'dsafsdgggggggg',
        Amount: 40,
        DetailType: 'SalesItemLineDetail',
        SalesItemLineDetail: {
          ItemRef: { value: '1', name: 'Sales' },
          UnitPrice: 40,
          Qty: 1,
          TaxCodeRef: { value: 'NON' },
          ServiceDate: '2012-04-10',
        },
      },
      { Amount: 60, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
    ],
    TxnTaxDetail: { TotalTax: 0 },
    CustomerRef: { value: '32', name: '400a vnAPSdnwcAnjXiAjuduR' },
    BillAddr: {
      Id: '7',
      Line1: 'bill line1',
      City: 'Billville',
      Country: 'USA',
      CountrySubDivisionCode: 'CA',
      PostalCode: '12345',
    },
    ShipAddr: {
      Id: '8',
      Line1: 'ship line1',
      City: 'Shipville',
      Country: 'USA',
      CountrySubDivisionCode: 'CA',
      PostalCode: '12345',
    },
    TotalAmt: 60,
    ExpirationDate: '2012-04-27',
    AcceptedBy: 'AcceptedBySpiderman',
    AcceptedDate: '2012-04-20',
  });

/** An IntelliTrack receiving order imported from {@link recordedPo}. */
export const receivingOrder = (received: [number, number], status: 'Open' | 'Closed' = 'Closed'): ReceivingOrder =>
  deepFreeze({
    ...meta('ro-1'),
    divisionId: 'div-1',
    orderNumber: '1002',
    orderDate: '2013-07-19',
    dueDate: null,
    shipTo: null,
    carrier: '',
    status,
    closedAt: status === 'Closed' ? '2026-02-20T16:30:00-08:00' : null,
    externalRef: '813',
    origin: 'qbo',
    vendorId: 'it-vendor-24',
    lines: [
      { lineNumber: 1, itemId: 'it-item-31', orderedQty: 1, receivedQty: received[0], unitCost: 72, externalRef: '1' },
      {
        lineNumber: 2,
        itemId: 'it-item-5',
        orderedQty: 10,
        receivedQty: received[1],
        unitCost: 12.55,
        externalRef: '2',
      },
    ],
  });

/** An IntelliTrack picking order imported from {@link recordedEstimate}. */
export const pickingOrder = (picked: [number, number], over: Partial<PickingOrder> = {}): PickingOrder =>
  deepFreeze({
    ...meta('po-7'),
    divisionId: 'div-1',
    orderNumber: '3BcMMoa4YQBuUbJucPeR',
    orderDate: '2012-04-20',
    dueDate: null,
    shipTo: null,
    carrier: '',
    status: 'Closed',
    closedAt: '2026-02-21T09:00:00Z',
    externalRef: '12',
    origin: 'qbo',
    customerId: 'it-customer-32',
    allocateInventory: false,
    lines: [
      { lineNumber: 1, itemId: 'it-item-1', orderedQty: 1, pickedQty: picked[0], unitPrice: 20, externalRef: '1' },
      { lineNumber: 2, itemId: 'it-item-1', orderedQty: 1, pickedQty: picked[1], unitPrice: 40, externalRef: '2' },
    ],
    ...over,
  });
