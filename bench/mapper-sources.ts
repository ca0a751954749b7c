/**
 * Realistic sources for every default mapper, for bench/mappers.ts: QBO records as the QBO emulator
 * stores them after `seedCompany` (awkward and long names, free-form and structured addresses,
 * sub-items, metadata), with custom fields and more lines on the orders, and IntelliTrack records
 * shaped as the IntelliTrack emulator returns them (ids, versions, timestamps, ship-to, worked lines),
 * all decoded from JSON as an API client hands them over.
 */
import type { Adjustment } from '../src/intellitrack/schemas/inventory.js';
import type { PickingOrder, ReceivingOrder } from '../src/intellitrack/schemas/order.js';
import type { Customer as ItCustomer } from '../src/intellitrack/schemas/party.js';
import { createMapLookup, defaultMappers, type MapContext, type MapperName } from '../src/mappers/index.js';
import type { Estimate } from '../src/qbo/schemas/estimate.js';
import type { PurchaseOrder } from '../src/qbo/schemas/purchase-order.js';
import { QboEmulatorCore, QboEmulatorData } from '../src/testing/index.js';

type Json = Record<string, unknown>;
/** Sources of one mapper, by mapper name. */
export type MapperSources = { [K in MapperName]: unknown[] };

const STAMP = '2026-03-01T08:30:00.000Z';

/** QBO custom fields as a company with three string fields sends them. */
function customFields(i: number): Json[] {
  return [
    { DefinitionId: '1', Name: 'Crew #', Type: 'StringType', StringValue: `C-${i % 97}` },
    { DefinitionId: '2', Name: 'Dock door', Type: 'StringType', StringValue: `Door ${i % 12}` },
    { DefinitionId: '3', Name: 'Sales Rep', Type: 'StringType', StringValue: 'Jean-Baptiste Müller-Lüdenscheidt' },
  ];
}

/** A document with two more lines, custom fields, a memo and a DocNumber, as a real one has. */
function enrich(doc: Json, i: number): Json {
  const lines = (doc.Line as Json[]).filter((l) => l.DetailType !== 'SubTotalLineDetail');
  const more = lines.map((l, n) => ({ ...l, Id: String(lines.length + n + 1), Description: `Carton of ${n + 6}` }));
  return {
    ...doc,
    DocNumber: doc.DocNumber ?? `D-${100_000 + i}`,
    CustomField: customFields(i),
    PrivateNote: 'Deliver to the back door between 7 and 11; call ahead. Pallets must be shrink-wrapped.',
    Line: [...lines.map((l, n) => ({ ...l, Id: String(n + 1) })), ...more],
  };
}

const meta = (id: string) => ({ id, version: 3, createdAt: STAMP, updatedAt: STAMP });

function shipTo(): Json {
  return {
    name: 'Acme "Quality" Parts Receiving',
    address1: '4410 Industrial Pkwy',
    address2: 'Suite 210',
    address3: '',
    city: 'Montréal',
    state: 'QC',
    zip: 'H2X 1Y4',
    country: 'CA',
  };
}

/** The IntelliTrack order a QBO document was mapped to, with its worked lines and `extra` fields. */
function itOrder(mapped: Json, doc: Json, id: string, worked: (line: Json) => Json, extra: Json): Json {
  const lines = (mapped.lines as Json[]).map((l, n) => ({ externalRef: null, ...l, lineNumber: n + 1, ...worked(l) }));
  return {
    ...meta(id),
    carrier: 'UPS Ground',
    dueDate: null,
    shipTo: shipTo(),
    status: 'Open',
    closedAt: null,
    origin: 'qbo',
    externalRef: String(doc.Id),
    ...extra,
    ...mapped,
    orderNumber: String(mapped.orderNumber ?? id),
    lines,
  };
}

/** The IntelliTrack receiving order a QBO PO became, half received. */
function receivingOrder(po: Json, i: number, ctx: MapContext): ReceivingOrder {
  const mapped = defaultMappers.purchaseOrderToReceiving(po as PurchaseOrder, ctx).value as unknown as Json;
  const worked = (l: Json) => ({ unitCost: l.unitCost ?? 0, receivedQty: Math.ceil(Number(l.orderedQty) / 2) });
  return itOrder(mapped, po, `RCV${i}`, worked, {}) as unknown as ReceivingOrder;
}

/** The IntelliTrack picking order a QBO estimate became, picked in full. */
function pickingOrder(estimate: Json, i: number, ctx: MapContext): PickingOrder {
  const mapped = defaultMappers.estimateToPicking(estimate as Estimate, ctx).value as unknown as Json;
  const worked = (l: Json) => ({ unitPrice: l.unitPrice ?? 0, pickedQty: l.orderedQty });
  return itOrder(mapped, estimate, `PCK${i}`, worked, { allocateInventory: true }) as unknown as PickingOrder;
}

function itCustomer(qbo: Json, i: number, ctx: MapContext): ItCustomer {
  const mapped = defaultMappers.customer(qbo as never, ctx).value as unknown as Json;
  return {
    ...meta(`cu-${i}`),
    contactName: 'Zoë Ærø-Lindqvist',
    email: `orders+${i}@example.com`,
    telephone: '+1 (503) 555-0199 x42',
    address1: '',
    address2: '',
    address3: '',
    city: '',
    state: '',
    zip: '',
    country: '',
    accountNumber: `AC-${i}`,
    shipTo: [shipTo()],
    active: true,
    externalRef: null,
    origin: 'intellitrack',
    ...mapped,
  } as unknown as ItCustomer;
}

function adjustment(itemId: string, i: number): Adjustment {
  return {
    ...meta(`adj-${i}`),
    divisionId: 'div-1',
    itemId,
    siteId: 'site-1',
    locationId: 'loc-1',
    quantityChange: i % 2 === 0 ? -1 : 3,
    reason: 'cycle count: damaged carton found behind rack 14',
    occurredAt: STAMP,
    exportStatus: 'pending',
    externalRef: null,
    exportedAt: null,
  };
}

/** A seeded company, its lookup context and `size` sources per mapper (cycled when fewer exist). */
export function mapperSources(size: number): { ctx: MapContext; sources: MapperSources } {
  const data = new QboEmulatorData(new QboEmulatorCore({ seed: 7 }));
  data.seedCompany({ items: size, vendors: size, customers: size, purchaseOrders: size, estimates: size, seed: 7 });
  const list = (entity: string) => data.list(entity) as Json[];
  const items = list('Item').filter((r) => r.Type === 'Inventory');
  const pair = (prefix: string) => (r: Json) => ({ qboId: String(r.Id), itId: `${prefix}-${String(r.Id)}` });
  const ctx: MapContext = {
    settings: {
      divisionId: 'div-1',
      defaultUom: 'EA',
      defaultSiteId: 'site-1',
      defaultLocationId: 'loc-1',
      adjustmentAccountId: '90',
    },
    lookup: createMapLookup({
      items: items.map(pair('it')),
      vendors: list('Vendor').map(pair('ve')),
      customers: list('Customer').map(pair('cu')),
    }),
    today: STAMP.slice(0, 10),
    now: STAMP,
  };
  const pos = list('PurchaseOrder').map(enrich);
  const estimates = list('Estimate').map(enrich);
  const receiving = pos.map((po, i) => receivingOrder(po, i, ctx));
  const picking = estimates.map((e, i) => pickingOrder(e, i, ctx));
  const sources: MapperSources = {
    item: items,
    inventory: items,
    vendor: list('Vendor'),
    customer: list('Customer'),
    customerToQbo: list('Customer').map((c, i) => itCustomer(c, i, ctx)),
    purchaseOrderToReceiving: pos,
    receivingToPurchaseOrder: receiving,
    receiptToBill: receiving.map((order, i) => ({ order, purchaseOrder: pos[i] })),
    estimateToPicking: estimates,
    pickingToEstimate: picking,
    pickToInvoice: picking.map((order, i) => ({ order, estimate: estimates[i] })),
    adjustmentsToQbo: items.map((r, i) => [adjustment(`it-${String(r.Id)}`, i)]),
  };
  return { ctx, sources: asReceived(sources) };
}

/**
 * The sources as the sync receives them: decoded from the JSON of an HTTP response. Objects built
 * here (emulator clones, then spreads) each get a hidden class of their own, which no decoded response
 * has (records of one shape share one), and would make every property read in a mapper a cache miss.
 */
function asReceived(sources: MapperSources): MapperSources {
  return JSON.parse(JSON.stringify(sources)) as MapperSources;
}
