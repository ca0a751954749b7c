import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { bulk, type Op, slugs, statuses } from './bulk-helpers.js';
import { call, defaults, itemBody, partyBody } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 61 });
});
afterAll(() => it.close());

describe('IntelliTrack emulator POST /bulk', () => {
  test('runs every kind of write, in order, as its single request would', async () => {
    const { siteId, locationId } = defaults(it);
    const made = await bulk(it, [
      { method: 'POST', path: '/items', body: itemBody(it, 'B-1') },
      { method: 'POST', path: '/vendors', body: partyBody(it, 'Bulk Vendor') },
      { method: 'POST', path: '/customers', body: partyBody(it, 'Bulk Customer') },
    ]);
    expect(statuses(made)).toEqual([201, 201, 201]);
    const [item, vendor, customer] = made.json.results.map((r: { body: { id: string } }) => r.body.id);
    const order = { divisionId: it.divisionId, orderDate: '2026-04-01', lines: [{ itemId: item, orderedQty: 5 }] };
    const second = await bulk(it, [
      { method: 'POST', path: '/inventory', body: { itemId: item, siteId, locationId, quantity: 10 } },
      { method: 'POST', path: '/receiving-orders', body: { ...order, vendorId: vendor } },
      { method: 'POST', path: '/picking-orders', body: { ...order, customerId: customer } },
      {
        method: 'POST',
        path: '/adjustments',
        body: { divisionId: it.divisionId, itemId: item, siteId, locationId, quantityChange: -1 },
      },
      { method: 'PATCH', path: `/items/${item}`, ifMatch: '"1"', body: { description: 'Bulk renamed' } },
      { method: 'PATCH', path: `/vendors/${vendor}`, body: { city: 'Austin' } },
      { method: 'PATCH', path: `/customers/${customer}`, body: { city: 'Dallas' } },
    ]);
    expect(statuses(second)).toEqual([200, 201, 201, 201, 200, 200, 200]);
    const [, receiving, picking, adjustment] = second.json.results.map((r: { body: { id: string } }) => r.body.id);
    expect(it.data.get('items', item)).toMatchObject({ description: 'Bulk renamed', version: 2 });
    const work = { lines: [{ lineNumber: 1, quantity: 2 }] };
    const third = await bulk(it, [
      { method: 'PATCH', path: `/receiving-orders/${receiving}`, body: { carrier: 'UPS' } },
      { method: 'POST', path: `/receiving-orders/${receiving}/receipts`, body: work },
      { method: 'POST', path: `/picking-orders/${picking}/picks`, body: work },
      { method: 'POST', path: `/picking-orders/${picking}/close` },
      { method: 'POST', path: `/picking-orders/${picking}/reopen` },
      { method: 'POST', path: `/adjustments/${adjustment}/export`, body: { externalRef: 'IA-B1' } },
      { method: 'POST', path: '/customers', body: partyBody(it, 'Short Lived') },
    ]);
    expect(statuses(third)).toEqual([200, 200, 200, 200, 200, 200, 201]);
    // 10 loaded, 1 adjusted away, 2 received, 2 picked
    expect(it.data.list('inventory', (r) => r.itemId === item)[0]?.onHand).toBe(9);
    expect(it.data.get('adjustments', adjustment)?.exportStatus).toBe('exported');
    const gone = third.json.results[6].body.id;
    const deleted = await bulk(it, [{ method: 'DELETE', path: `/customers/${gone}`, ifMatch: '"1"' }]);
    expect(statuses(deleted)).toEqual([204]);
    expect(it.data.get('customers', gone)).toBeUndefined();
  });

  test('a failed operation neither stops nor undoes the others; results keep input order', async () => {
    const first = await call(it, 'POST', '/items', { body: itemBody(it, 'MIX-0') });
    const res = await bulk(it, [
      { method: 'POST', path: '/items', body: itemBody(it, 'MIX-1') },
      { method: 'POST', path: '/items', body: itemBody(it, 'MIX-0') },
      { method: 'PATCH', path: '/items/itm_missing', body: { description: 'x' } },
      { method: 'POST', path: '/items', body: itemBody(it, 'MIX-2', { description: 'D'.repeat(33) }) },
      { method: 'PATCH', path: `/items/${first.json.id}`, ifMatch: '"7"', body: { description: 'stale' } },
      { method: 'DELETE', path: '/adjustments/adj_1' },
      { method: 'POST', path: '/nowhere' },
      { method: 'POST', path: '/items', body: itemBody(it, 'MIX-3') },
    ]);
    expect(statuses(res)).toEqual([201, 409, 404, 422, 412, 405, 404, 201]);
    expect(slugs(res)).toEqual([
      null,
      'duplicate',
      'not-found',
      'validation',
      'stale-version',
      'method-not-allowed',
      'not-found',
      null,
    ]);
    expect(res.json.results[3].problem.errors[0].pointer).toBe('/description');
    expect(
      it.data
        .list('items', (i) => /^ITEM-MIX-[123]$/.test(i.itemNumber))
        .map((i) => i.itemNumber)
        .sort(),
    ).toEqual(['ITEM-MIX-1', 'ITEM-MIX-3']);
    expect(it.data.get('items', first.json.id)?.version).toBe(1);
  });

  test('If-Match is checked per operation, against the version earlier operations left', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'IFM') });
    const path = `/items/${item.json.id}`;
    const res = await bulk(it, [
      { method: 'PATCH', path, ifMatch: '"1"', body: { description: 'v2' } },
      { method: 'PATCH', path, ifMatch: '"1"', body: { description: 'lost update' } },
      { method: 'PATCH', path, ifMatch: 'W/"2"', body: { description: 'v3' } },
      { method: 'DELETE', path, ifMatch: '"2"' },
    ]);
    expect(statuses(res)).toEqual([200, 412, 200, 412]);
    expect(it.data.get('items', item.json.id)).toMatchObject({ version: 3, description: 'v3' });
  });

  test('the request is refused whole (400 naming the field, nothing run) when it is not 1-100 writes', async () => {
    const before = it.data.count('vendors');
    const ops = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ method: 'POST', path: '/vendors', body: partyBody(it, `Many ${i}`) }));
    const tooMany = await bulk(it, ops(101));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.type).toMatch(/invalid-bulk-request$/);
    expect(tooMany.json.errors[0].pointer).toBe('/operations');
    const none = await bulk(it, []);
    expect(none.json.errors[0].pointer).toBe('/operations');
    const read = await bulk(it, [...ops(1), { method: 'GET', path: '/vendors' }]);
    expect(read.status).toBe(400);
    expect(read.json.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/operations/1/method']);
    const nested = await bulk(it, [...ops(1), { method: 'POST', path: '/bulk', body: { operations: ops(1) } }]);
    expect(nested.status).toBe(400);
    expect(nested.json.errors[0].pointer).toBe('/operations/1/path');
    const noKey = await call(it, 'POST', '/bulk', { body: { operations: [{ method: 'POST', path: '/vendors' }] } });
    expect(noKey.json.errors[0].pointer).toBe('/operations/0/idempotencyKey');
    expect((await call(it, 'POST', '/bulk', { body: { operations: ops(1) }, key: null })).json.type).toMatch(
      /idempotency-key-required$/,
    );
    expect((await call(it, 'POST', '/bulk', { rawBody: '{"operations": [' })).json.type).toMatch(/malformed-json$/);
    expect((await call(it, 'GET', '/bulk')).status).toBe(405);
    expect(it.data.count('vendors')).toBe(before);
    expect((await bulk(it, ops(100))).status).toBe(200);
    expect(it.data.count('vendors')).toBe(before + 100);
  });

  test('auth applies to the bulk request as a whole; counts one request and each operation by its route', async () => {
    const ops: Op[] = [
      { method: 'POST', path: '/items', body: itemBody(it, 'CNT-1') },
      { method: 'POST', path: '/items', body: itemBody(it, 'CNT-2') },
      { method: 'POST', path: '/vendors', body: partyBody(it, 'Count Vendor') },
    ];
    const denied = await call(it, 'POST', '/bulk', {
      body: { operations: ops.map((o, i) => ({ ...o, idempotencyKey: `cnt-${i}` })) },
      apiKey: 'wrong',
    });
    expect(denied.status).toBe(401);
    expect(it.data.list('items', (i) => i.itemNumber === 'ITEM-CNT-1')).toHaveLength(0);
    it.requests.reset();
    await bulk(it, ops);
    expect(it.requests.total).toBe(1);
    expect(it.requests.byKind()).toEqual({ 'POST bulk': 1 });
    expect(it.requests.count({ kind: 'bulk', resource: 'bulk' })).toBe(1);
    expect(it.requests.operations.total).toBe(3);
    expect(it.requests.operations.byRoute()).toEqual({ 'POST items create': 2, 'POST vendors create': 1 });
    it.requests.reset();
    expect(it.requests.operations.total).toBe(0);
  });
});
