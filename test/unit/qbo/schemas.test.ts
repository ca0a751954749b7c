import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AuthFaultSchema,
  BatchResponseSchema,
  CdcResponseSchema,
  CustomerSchema,
  DeletedRecordSchema,
  EstimateSchema,
  entityArrays,
  entitySchemas,
  FaultResponseSchema,
  InvoiceSchema,
  ItemSchema,
  isEntitySchemaName,
  QueryResponseEnvelopeSchema,
} from '../../../src/qbo/schemas/index.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/qbo/${name}`, import.meta.url), 'utf8'));

type Found = { entity: keyof typeof entitySchemas; record: unknown; where: string };

/** Every record of an entity with a schema inside a QBO JSON document: top level, query, batch, CDC. */
function records(doc: Record<string, unknown>): Found[] {
  const found: Found[] = [];
  const fromObject = (obj: Record<string, unknown>, where: string) => {
    for (const [key, value] of Object.entries(obj)) {
      if (isEntitySchemaName(key) && !Array.isArray(value)) found.push({ entity: key, record: value, where });
    }
  };
  const fromQuery = (query: Record<string, unknown>, where: string) => {
    for (const [key, list] of Object.entries(entityArrays(query))) {
      if (isEntitySchemaName(key))
        for (const [i, record] of list.entries()) found.push({ entity: key, record, where: `${where}.${key}.${i}` });
    }
  };
  fromObject(doc, '');
  if (doc.QueryResponse) fromQuery(doc.QueryResponse as Record<string, unknown>, 'QueryResponse');
  (doc.BatchItemResponse as Record<string, unknown>[] | undefined)?.forEach((item, i) => {
    fromObject(item, `BatchItemResponse.${i}`);
    if (item.QueryResponse)
      fromQuery(item.QueryResponse as Record<string, unknown>, `BatchItemResponse.${i}.QueryResponse`);
  });
  (doc.CDCResponse as { QueryResponse?: Record<string, unknown>[] }[] | undefined)?.forEach((cdc, i) => {
    for (const [j, q] of (cdc.QueryResponse ?? []).entries()) fromQuery(q, `CDCResponse.${i}.QueryResponse.${j}`);
  });
  return found;
}

/** Entity records each JSON fixture holds (counted by hand from the files). */
const ENTITY_FIXTURES: Record<string, number> = {
  'account-serialized-dotnet-sdk.json': 1,
  'account-update-deactivate-response-qbo-api.json': 1,
  'customer-create-response-qbo-api.json': 1,
  'customer-minimal-java-sdk.json': 1,
  'customer-read-qbo-api.json': 1,
  'customer-update-response-qbo-api.json': 1,
  'invoice-create-response-qbo-api.json': 1,
  'invoice-delete-response-qbo-api.json': 1,
  'invoice-read-response-java-sdk.json': 1,
  'invoice-void-response-qbo-api.json': 1,
  'query-account-response-java-sdk.json': 4,
  'query-customer-response-qbo-api.json': 41,
  'query-customer-response-with-fault-java-sdk.json': 1,
  'query-preferences-response-dotnet-sdk.json': 1,
  'query-vendor-inactive-response-qbo-api.json': 27,
  'query-vendor-response-lastpage-qbo-api.json': 1,
  'query-vendor-response-page1-qbo-api.json': 5,
  'vendor-read-intuit-docs-sample-quickbooks-go.json': 1,
  'batch-response-customer-query-fault-java-sdk.json': 2,
};

describe('entity schemas parse every recorded JSON payload', () => {
  it.each(Object.entries(ENTITY_FIXTURES))('%s (%i records)', (name, count) => {
    const found = records(fixture(name) as Record<string, unknown>);
    expect(found).toHaveLength(count);
    for (const { entity, record, where } of found) {
      if (name === 'batch-response-customer-query-fault-java-sdk.json' && where === 'BatchItemResponse.0') continue;
      const result = entitySchemas[entity].safeParse(record);
      expect(result.error?.issues ?? [], `${entity} at ${where}`).toEqual([]);
    }
  });

  it('keeps every field, known or not, of a parsed record', () => {
    const doc = fixture('invoice-read-response-java-sdk.json') as { Invoice: Record<string, unknown> };
    expect(InvoiceSchema.parse(doc.Invoice)).toEqual(doc.Invoice);
    const customers = (fixture('query-customer-response-qbo-api.json') as { QueryResponse: { Customer: unknown[] } })
      .QueryResponse.Customer;
    expect(customers.map((c) => CustomerSchema.parse(c))).toEqual(customers);
  });

  it('parses a sparse update request body as a Customer', () => {
    const body = fixture('customer-update-request-sparse-qbo-api.json');
    expect(CustomerSchema.parse(body)).toMatchObject({ Id: expect.any(String), SyncToken: expect.any(String) });
  });

  it('rejects a reference without value, as the XSD does (the synthetic Java SDK batch Customer has one)', () => {
    const doc = fixture('batch-response-customer-query-fault-java-sdk.json') as {
      BatchItemResponse: [{ Customer: unknown }];
    };
    const result = CustomerSchema.safeParse(doc.BatchItemResponse[0].Customer);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['CurrencyRef.value']);
  });
});

describe('mirroring QBO types', () => {
  const item = { Id: '1', SyncToken: '0', Name: 'Widget', Type: 'Inventory', QtyOnHand: 5, UnitPrice: 2.5 };

  it('ids and SyncTokens are strings, amounts are numbers', () => {
    expect(ItemSchema.safeParse(item).success).toBe(true);
    expect(ItemSchema.safeParse({ ...item, Id: 1 }).success).toBe(false);
    expect(ItemSchema.safeParse({ ...item, SyncToken: 0 }).success).toBe(false);
    expect(ItemSchema.safeParse({ ...item, QtyOnHand: '5' }).success).toBe(false);
  });

  it('keeps unknown enum values and unknown fields instead of failing', () => {
    expect(ItemSchema.parse({ ...item, Type: 'Bundle2030', NewIntuitField: { a: 1 } })).toMatchObject({
      Type: 'Bundle2030',
      NewIntuitField: { a: 1 },
    });
    for (const status of ['Pending', 'Accepted', 'Closed', 'Rejected', 'Converted']) {
      expect(EstimateSchema.parse({ Id: '9', TxnStatus: status }).TxnStatus).toBe(status);
    }
    expect(EstimateSchema.safeParse({ Id: '9', TxnStatus: 3 }).success).toBe(false);
  });

  it('a line needs its DetailType; an adjustment detail needs its ItemRef', () => {
    const po = { Id: '1', Line: [{ Amount: 1 }] };
    expect(entitySchemas.PurchaseOrder.safeParse(po).error?.issues[0]?.path).toEqual(['Line', 0, 'DetailType']);
    const adj = { Line: [{ DetailType: 'ItemAdjustmentLineDetail', ItemAdjustmentLineDetail: { QtyDiff: 2 } }] };
    expect(entitySchemas.InventoryAdjustment.safeParse(adj).error?.issues[0]?.path).toEqual([
      'Line',
      0,
      'ItemAdjustmentLineDetail',
      'ItemRef',
    ]);
  });
});

describe('envelopes', () => {
  it.each([
    'fault-duplicate-name-6240-customer-qbo-api.json',
    'fault-duplicate-name-6240-taxservice-quickbooks-ruby.json',
    'fault-invalid-id-2030-qbo-api.json',
    'fault-invalid-property-2010-invoice-qbo-api.json',
    'fault-query-validation-4001-qbo-api.json',
    'fault-unsupported-operation-500-qbo-api.json',
    'fault-validation-unsupported-operation-java-sdk.json',
  ])('FaultResponseSchema parses %s', (name) => {
    const fault = FaultResponseSchema.parse(fixture(name)).Fault;
    expect(fault.Error.length).toBeGreaterThan(0);
    expect(fault.Error[0]?.code).toMatch(/^\d+$/);
  });

  it('Fault keeps code and element', () => {
    const fault = FaultResponseSchema.parse(fixture('fault-invalid-id-2030-qbo-api.json')).Fault;
    expect(fault).toMatchObject({
      type: 'ValidationFault',
      Error: [{ code: '2030', element: 'Id', Message: 'Invalid ID' }],
    });
  });

  it('AuthFaultSchema parses the lower-case 401 body and refuses a PascalCase Fault', () => {
    // Shape documented in qbo-reference/README.md (no recorded file): lower-case keys, time in epoch ms.
    const body = {
      warnings: null,
      intuitObject: null,
      fault: {
        error: [
          {
            message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
            detail: 'Token expired',
            code: '3200',
          },
        ],
        type: 'AUTHENTICATION',
      },
      report: null,
      queryResponse: null,
      batchItemResponse: [],
      attachableResponse: [],
      syncErrorResponse: null,
      requestId: null,
      time: 1_727_700_000_000,
      status: null,
      cdcresponse: [],
    };
    expect(AuthFaultSchema.parse(body).fault.error[0]?.code).toBe('3200');
    expect(AuthFaultSchema.safeParse(fixture('fault-invalid-id-2030-qbo-api.json')).success).toBe(false);
  });

  it('QueryResponse: paging numbers, {} when empty, totalCount for COUNT', () => {
    const page = QueryResponseEnvelopeSchema.parse(fixture('query-vendor-response-page1-qbo-api.json')).QueryResponse;
    expect(page.startPosition).toBe(1);
    expect(page.maxResults).toBe(5);
    expect(entityArrays(page).Vendor).toHaveLength(5);
    expect(
      QueryResponseEnvelopeSchema.parse(fixture('query-customer-response-empty-qbo-api.json')).QueryResponse,
    ).toEqual({});
    expect(
      QueryResponseEnvelopeSchema.parse(fixture('query-count-customer-response-qbo-api.json')).QueryResponse.totalCount,
    ).toBe(41);
    const withFault = QueryResponseEnvelopeSchema.parse(fixture('query-customer-response-with-fault-java-sdk.json'));
    expect(withFault.QueryResponse.Fault?.Error[0]?.code).toBe('500');
  });

  it('BatchItemResponse: bId plus an entity, a Fault or a QueryResponse', () => {
    const batch = BatchResponseSchema.parse(fixture('batch-response-customer-query-fault-java-sdk.json'));
    expect(batch.BatchItemResponse.map((b) => b.bId)).toEqual(['12', '13', '14']);
    expect(batch.BatchItemResponse[0]?.Customer).toBeDefined();
    expect(entityArrays(batch.BatchItemResponse[1]?.QueryResponse ?? {}).Customer).toHaveLength(1);
    expect(batch.BatchItemResponse[2]?.Fault?.Error[0]?.Message).toBe('Unsupported operation requested');
    const deposits = BatchResponseSchema.parse(fixture('batch-response-deposit-create-query-java-sdk.json'));
    expect(deposits.BatchItemResponse.map((b) => b.bId)).toEqual(['1', '2']);
    expect(BatchResponseSchema.safeParse({ BatchItemResponse: [{ Customer: {} }] }).success).toBe(false);
  });

  it('CDCResponse: CDCResponse[].QueryResponse[] with entity arrays', () => {
    const cdc = CdcResponseSchema.parse(fixture('cdc-response-deposit-java-sdk.json'));
    const query = cdc.CDCResponse[0]?.QueryResponse?.[0];
    expect(entityArrays(query ?? {}).Deposit).toHaveLength(2);
  });

  it('DeletedRecordSchema: a tombstone has Id, status Deleted and MetaData only', () => {
    const doc = fixture('invoice-delete-response-qbo-api.json') as { Invoice: unknown };
    expect(DeletedRecordSchema.parse(doc.Invoice)).toMatchObject({ Id: '266', status: 'Deleted' });
    expect(DeletedRecordSchema.safeParse({ Id: '1', status: 'Updated' }).success).toBe(false);
  });
});
