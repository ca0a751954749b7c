import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../src/core/http-types.js';
import { describeItCall } from '../../../src/intellitrack/call-description.js';

describe('describeItCall', () => {
  it.each<[string, HttpRequest, object]>([
    ['a list', { method: 'GET', path: '/items' }, { operation: 'list', entity: 'items' }],
    ['a nested list', { method: 'GET', path: '/divisions/D1/sites' }, { operation: 'list', entity: 'sites' }],
    ['a read', { method: 'GET', path: '/divisions/D1' }, { operation: 'read', entity: 'divisions' }],
    ['a change feed', { method: 'GET', path: '/vendors/changes' }, { operation: 'changes', entity: 'vendors' }],
    ['a create', { method: 'POST', path: '/inventory' }, { operation: 'create', entity: 'inventory' }],
    ['an update', { method: 'PATCH', path: '/items/7' }, { operation: 'update', entity: 'items' }],
    ['a delete', { method: 'DELETE', path: '/customers/7' }, { operation: 'delete', entity: 'customers' }],
    [
      'an action',
      { method: 'POST', path: '/receiving-orders/4/receipts' },
      { operation: 'receipts', entity: 'receiving-orders' },
    ],
  ])('%s', (_, request, expected) => {
    expect(describeItCall(request)).toEqual(expected);
  });

  it('a bulk request: its size and resources', () => {
    const json = {
      operations: [
        { method: 'POST', path: '/items' },
        { method: 'PATCH', path: '/items/3' },
        { method: 'POST', path: '/inventory' },
      ],
    };
    expect(describeItCall({ method: 'POST', path: '/bulk', json })).toEqual({
      operation: 'bulk',
      batchSize: 3,
      entity: 'inventory,items',
    });
  });
});
