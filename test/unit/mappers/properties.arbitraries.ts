import fc from 'fast-check';
import type { Customer as ItCustomer } from '../../../src/intellitrack/schemas/party.js';
import type { MapperName } from '../../../src/mappers/registry.js';
import { meta } from './helpers.js';

/** Text as QBO users type it, including free-form address lines and blanks. */
const text = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.constantFrom('', ' ', 'Springfield, IL 62704', 'Toronto, ON M5V 3L9', 'London', 'SW1A 2AA', 'UK', 'USA'),
);
/** Ids linked in helpers.LINKS plus unlinked and empty ones. */
const itemId = fc.constantFrom('31', '1', '5', '999', '');
const money = fc.double({ min: -50, max: 1e6, noNaN: true, noDefaultInfinity: true });
const qty = fc.oneof(
  fc.integer({ min: -5, max: 1000 }),
  fc.double({ min: 0, max: 1e4, noNaN: true, noDefaultInfinity: true }),
);
const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const ref = (values: fc.Arbitrary<string>) =>
  fc.record({ value: values, name: fc.string({ maxLength: 40 }) }, { requiredKeys: ['value'] });
const opt = { requiredKeys: [] as [] };

const address = fc.record(
  {
    Line1: text,
    Line2: text,
    Line3: text,
    Line4: text,
    Line5: text,
    City: text,
    CountrySubDivisionCode: text,
    PostalCode: text,
    Country: text,
  },
  opt,
);

/** A QBO Item of any type. */
export const itemArb = fc.record(
  {
    Id: fc.constantFrom('19', '20', ''),
    Name: text,
    FullyQualifiedName: text,
    Sku: text,
    Description: text,
    Active: fc.boolean(),
    Type: fc.constantFrom('Inventory', 'Inventory', 'Service', 'NonInventory', 'Group'),
    UnitPrice: money,
    PurchaseCost: money,
    TrackQtyOnHand: fc.boolean(),
    QtyOnHand: qty,
  },
  opt,
);

/** A QBO Vendor or Customer. */
export const partyArb = fc.record(
  {
    Id: fc.constantFrom('30', '5'),
    DisplayName: text,
    GivenName: text,
    FamilyName: text,
    PrimaryEmailAddr: fc.record({ Address: text }, opt),
    PrimaryPhone: fc.record({ FreeFormNumber: text }, opt),
    AcctNum: text,
    Active: fc.boolean(),
    BillAddr: address,
    ShipAddr: address,
  },
  { requiredKeys: ['Id'] },
);

const purchaseLine = fc.oneof(
  fc.record(
    {
      Id: fc.integer({ min: 1, max: 99 }).map(String),
      DetailType: fc.constant('ItemBasedExpenseLineDetail'),
      Amount: money,
      ItemBasedExpenseLineDetail: fc.record(
        { ItemRef: ref(itemId), Qty: qty, UnitPrice: money },
        { requiredKeys: ['ItemRef', 'Qty'] },
      ),
    },
    { requiredKeys: ['DetailType', 'ItemBasedExpenseLineDetail'] },
  ),
  fc.record({ DetailType: fc.constant('AccountBasedExpenseLineDetail'), Amount: money }),
);

/** A QBO PurchaseOrder with item and account lines. */
export const purchaseOrderArb = fc.record(
  {
    Id: fc.constant('813'),
    DocNumber: text,
    TxnDate: date,
    DueDate: date,
    VendorRef: ref(fc.constantFrom('24', '24', '999')),
    ShipAddr: address,
    ShipMethodRef: ref(text),
    Line: fc.array(purchaseLine, { maxLength: 6 }),
    POStatus: fc.constantFrom('Open', 'Closed'),
  },
  { requiredKeys: ['Id', 'Line'] },
);

const salesLine = fc.oneof(
  fc.record(
    {
      Id: fc.integer({ min: 1, max: 99 }).map(String),
      DetailType: fc.constant('SalesItemLineDetail'),
      Amount: money,
      SalesItemLineDetail: fc.record(
        { ItemRef: ref(itemId), Qty: qty, UnitPrice: money },
        { requiredKeys: ['ItemRef', 'Qty'] },
      ),
    },
    { requiredKeys: ['DetailType', 'SalesItemLineDetail'] },
  ),
  fc.record({
    DetailType: fc.constantFrom('SubTotalLineDetail', 'DiscountLineDetail', 'DescriptionOnly'),
    Amount: money,
  }),
);

/** A QBO Estimate. */
export const estimateArb = fc.record(
  {
    Id: fc.constant('12'),
    DocNumber: text,
    TxnDate: date,
    TxnStatus: fc.constantFrom('Pending', 'Accepted', 'Closed', 'Rejected', 'Converted'),
    CustomerRef: ref(fc.constantFrom('32', '32', '999')),
    ShipAddr: address,
    Line: fc.array(salesLine, { maxLength: 6 }),
  },
  { requiredKeys: ['Id', 'Line'] },
);

/** Text as IntelliTrack stores it: trimmed and within `max` characters. */
const stored = (max: number) => fc.string({ maxLength: max }).map((s) => s.trim());
const word = fc.stringMatching(/^[A-Za-z][A-Za-z'-]{0,9}$/);

/** An IntelliTrack customer with a structured (city set) or empty address and at most one ship-to. */
export const itCustomerArb: fc.Arbitrary<ItCustomer> = fc
  .record({
    companyName: stored(50).filter((s) => s !== '' && !/[:\t\r\n]/.test(s)),
    contactName: fc.array(word, { maxLength: 3 }).map((w) => w.join(' ')),
    email: stored(100),
    telephone: stored(25),
    address1: stored(50),
    address2: stored(50),
    address3: stored(50),
    city: stored(30).filter((s) => s !== ''),
    state: stored(20),
    zip: stored(15),
    country: stored(30),
    accountNumber: stored(25),
    hasShipTo: fc.boolean(),
    active: fc.boolean(),
  })
  .map(({ hasShipTo, ...fields }) => ({
    ...meta('c-1'),
    divisionId: 'div-1',
    ...fields,
    shipTo: hasShipTo
      ? [
          {
            name: fields.companyName,
            address1: fields.address2,
            address2: '',
            address3: fields.address1,
            city: fields.city,
            state: fields.state,
            zip: fields.zip,
            country: '',
          },
        ]
      : [],
    externalRef: null,
    origin: 'intellitrack' as const,
  }));

const IT_ITEMS: Record<string, string> = { 'it-item-31': '31', 'it-item-5': '5', 'it-item-1': '1' };
const itItem = fc.constantFrom(...Object.keys(IT_ITEMS));
const price = fc.integer({ min: 0, max: 1_000_000 }).map((c) => c / 100);
const quantity = fc.oneof(
  fc.integer({ min: 0, max: 500 }),
  fc.double({ min: 0, max: 500, noNaN: true, noDefaultInfinity: true }),
);

const workedLines = fc.array(fc.record({ itemId: itItem, orderedQty: quantity, doneQty: quantity, price }), {
  minLength: 1,
  maxLength: 6,
});

/** A closed IntelliTrack receiving order and the QBO PurchaseOrder it came from. */
export const receivingArb = workedLines.map((lines) => {
  const order = {
    ...meta('ro-1'),
    divisionId: 'div-1',
    orderNumber: 'RCV1',
    orderDate: '2026-02-01',
    dueDate: null,
    shipTo: null,
    carrier: '',
    status: 'Closed' as const,
    closedAt: '2026-02-02T10:00:00Z',
    externalRef: '813',
    origin: 'qbo' as const,
    vendorId: 'it-vendor-24',
    lines: lines.map((l, i) => ({
      lineNumber: i + 1,
      itemId: l.itemId,
      orderedQty: l.orderedQty,
      receivedQty: l.doneQty,
      unitCost: l.price,
      externalRef: String(i + 1),
    })),
  };
  const purchaseOrder = {
    Id: '813',
    VendorRef: { value: '24' },
    Line: lines.map((l, i) => ({
      Id: String(i + 1),
      DetailType: 'ItemBasedExpenseLineDetail',
      ItemBasedExpenseLineDetail: {
        ItemRef: { value: IT_ITEMS[l.itemId] ?? '' },
        Qty: l.orderedQty,
        UnitPrice: l.price,
      },
    })),
  };
  return { order, purchaseOrder };
});

/** A closed IntelliTrack picking order and the QBO Estimate it came from. */
export const pickingArb = workedLines.map((lines) => {
  const order = {
    ...meta('pk-1'),
    divisionId: 'div-1',
    orderNumber: 'PCK1',
    orderDate: '2026-02-01',
    dueDate: null,
    shipTo: null,
    carrier: '',
    status: 'Closed' as const,
    closedAt: '2026-02-02T10:00:00Z',
    externalRef: '12',
    origin: 'qbo' as const,
    customerId: 'it-customer-32',
    allocateInventory: false,
    lines: lines.map((l, i) => ({
      lineNumber: i + 1,
      itemId: l.itemId,
      orderedQty: l.orderedQty,
      pickedQty: l.doneQty,
      unitPrice: l.price,
      externalRef: null,
    })),
  };
  const estimate = {
    Id: '12',
    CustomerRef: { value: '32' },
    Line: lines.map((l, i) => ({
      Id: String(i + 1),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: { ItemRef: { value: IT_ITEMS[l.itemId] ?? '' }, Qty: l.orderedQty, UnitPrice: l.price },
    })),
  };
  return { order, estimate };
});

/** Pending IntelliTrack adjustments of linked items. */
export const adjustmentsArb = fc
  .array(
    fc.record({
      itemId: itItem,
      quantityChange: fc
        .oneof(
          fc.integer({ min: -500, max: 500 }),
          fc.double({ min: -500, max: 500, noNaN: true, noDefaultInfinity: true }),
        )
        .filter((q) => q !== 0),
      reason: fc.string({ maxLength: 100 }),
      occurredAt: fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) =>
    list.map((a, i) => ({
      ...meta(`adj-${i}`),
      ...a,
      divisionId: 'div-1',
      siteId: 'site-1',
      locationId: 'loc-1',
      exportStatus: 'pending' as const,
      externalRef: null,
      exportedAt: null,
    })),
  );

/** A schema-valid source for every mapper of `defaultMappers`, by mapper name. */
export const MAPPER_SOURCES: { [K in MapperName]: fc.Arbitrary<unknown> } = {
  item: itemArb.map((i) => ({ ...i, Type: 'Inventory' })),
  inventory: itemArb,
  vendor: partyArb,
  customer: partyArb,
  customerToQbo: itCustomerArb,
  purchaseOrderToReceiving: purchaseOrderArb,
  receivingToPurchaseOrder: receivingArb,
  receiptToBill: fc.tuple(receivingArb, purchaseOrderArb).map(([order, purchaseOrder]) => ({ order, purchaseOrder })),
  estimateToPicking: estimateArb,
  pickingToEstimate: pickingArb,
  pickToInvoice: fc.tuple(pickingArb, estimateArb).map(([order, estimate]) => ({ order, estimate })),
  adjustmentsToQbo: adjustmentsArb,
};

/**
 * A valid source of every mapper as its boundary checks it (the IntelliTrack-side order arbitraries
 * give an order with its QBO document; the boundary sees the order, or the pair the post-back maps).
 */
export const BOUNDARY_SOURCES: { [K in MapperName]: fc.Arbitrary<unknown> } = {
  ...MAPPER_SOURCES,
  receivingToPurchaseOrder: receivingArb.map((pair) => pair.order),
  receiptToBill: receivingArb,
  pickingToEstimate: pickingArb.map((pair) => pair.order),
  pickToInvoice: pickingArb,
};
