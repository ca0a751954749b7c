import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../src/core/http-types.js';
import { describeQboCall } from '../../../src/qbo/call-description.js';

const base = '/v3/company/9130';

describe('describeQboCall', () => {
  it.each<[string, HttpRequest, object]>([
    [
      'a query',
      { method: 'GET', path: `${base}/query`, query: { query: 'select * from Item where Id > 5' } },
      { operation: 'query', entity: 'Item' },
    ],
    [
      'a CDC read',
      { method: 'GET', path: `${base}/cdc`, query: { entities: 'Item,Vendor' } },
      { operation: 'cdc', entity: 'Item,Vendor' },
    ],
    ['a read', { method: 'GET', path: `${base}/purchaseorder/12` }, { operation: 'read', entity: 'PurchaseOrder' }],
    ['company info', { method: 'GET', path: `${base}/companyinfo/9130` }, { operation: 'read', entity: 'CompanyInfo' }],
    [
      'a create',
      { method: 'POST', path: `${base}/vendor`, json: { DisplayName: 'A' } },
      { operation: 'create', entity: 'Vendor' },
    ],
    [
      'an update',
      { method: 'POST', path: `${base}/item`, json: { Id: '5', SyncToken: '0' } },
      { operation: 'update', entity: 'Item' },
    ],
    [
      'a delete',
      { method: 'POST', path: `${base}/bill`, query: { operation: 'delete' }, json: { Id: '5' } },
      { operation: 'delete', entity: 'Bill' },
    ],
  ])('%s', (_, request, expected) => {
    expect(describeQboCall('9130', request)).toEqual({ realm: '9130', ...expected });
  });

  it('a batch: its size and the entities of its operations and queries', () => {
    const json = {
      BatchItemRequest: [
        { bId: '1', operation: 'create', Vendor: {} },
        { bId: '2', operation: 'update', Item: {} },
        { bId: '3', Query: 'select * from Customer' },
        { bId: '4', operation: 'create', Item: {} },
      ],
    };
    expect(describeQboCall('9130', { method: 'POST', path: `${base}/batch`, json })).toEqual({
      realm: '9130',
      operation: 'batch',
      batchSize: 4,
      entity: 'Customer,Item,Vendor',
    });
  });
});
