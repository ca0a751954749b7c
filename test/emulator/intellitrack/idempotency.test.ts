import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { call, defaults, itemBody, partyBody } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 8 });
});
afterAll(() => it.close());

describe('IntelliTrack emulator Idempotency-Key', () => {
  test('the same key and body replays the stored answer without a second record', async () => {
    const before = it.data.count('items');
    const first = await call(it, 'POST', '/items', { body: itemBody(it, 'IDEM'), key: 'create-idem' });
    const again = await call(it, 'POST', '/items', { body: itemBody(it, 'IDEM'), key: 'create-idem' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(first.json);
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(it.data.count('items')).toBe(before + 1);
  });

  test('key order and whitespace of the body do not matter', async () => {
    const body = partyBody(it, 'Order Insensitive', { city: 'Austin' });
    const first = await call(it, 'POST', '/vendors', { body, key: 'vendor-ws' });
    const reordered = `  { "city": "Austin", "companyName": "Order Insensitive", "divisionId": "${it.divisionId}" }`;
    const again = await call(it, 'POST', '/vendors', { rawBody: reordered, key: 'vendor-ws' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.id).toBe(first.json.id);
  });

  test('a replayed receipt does not raise inventory twice', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'RCV-IDEM') });
    const vendor = await call(it, 'POST', '/vendors', { body: partyBody(it, 'Idem Vendor') });
    const order = await call(it, 'POST', '/receiving-orders', {
      body: {
        divisionId: it.divisionId,
        vendorId: vendor.json.id,
        orderDate: '2026-01-01',
        lines: [{ itemId: item.json.id, orderedQty: 10 }],
      },
    });
    const work = { lines: [{ lineNumber: 1, quantity: 4 }] };
    await call(it, 'POST', `/receiving-orders/${order.json.id}/receipts`, { body: work, key: 'receipt-1' });
    const replay = await call(it, 'POST', `/receiving-orders/${order.json.id}/receipts`, {
      body: work,
      key: 'receipt-1',
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.lines[0].receivedQty).toBe(4);
    const stock = it.data.list('inventory', (r) => r.itemId === item.json.id);
    expect(stock.map((r) => r.onHand)).toEqual([4]);
    const adjustBody = { divisionId: it.divisionId, itemId: item.json.id, ...pick(defaults(it)), quantityChange: 2 };
    await call(it, 'POST', '/adjustments', { body: adjustBody, key: 'adj-1' });
    await call(it, 'POST', '/adjustments', { body: adjustBody, key: 'adj-1' });
    expect(it.data.list('adjustments', (a) => a.itemId === item.json.id)).toHaveLength(1);
    expect(it.data.list('inventory', (r) => r.itemId === item.json.id)[0]?.onHand).toBe(6);
  });

  test('the same key with another body (or path) is a 422 and changes nothing', async () => {
    await call(it, 'POST', '/customers', { body: partyBody(it, 'Key Reuse A'), key: 'reuse' });
    const count = it.data.count('customers');
    const other = await call(it, 'POST', '/customers', { body: partyBody(it, 'Key Reuse B'), key: 'reuse' });
    expect(other.status).toBe(422);
    expect(other.json.type).toMatch(/idempotency-key-reused$/);
    const otherPath = await call(it, 'POST', '/vendors', { body: partyBody(it, 'Key Reuse A'), key: 'reuse' });
    expect(otherPath.status).toBe(422);
    expect(it.data.count('customers')).toBe(count);
  });

  test('a POST without a key is refused; a failed POST is not stored and may be retried with its key', async () => {
    expect((await call(it, 'POST', '/customers', { body: partyBody(it, 'No Key'), key: null })).status).toBe(400);
    const bad = await call(it, 'POST', '/items', {
      body: itemBody(it, 'LATER', { uom: 'KG' }),
      key: 'retry-after-fix',
    });
    expect(bad.status).toBe(422);
    it.data.put('uoms', { divisionId: it.divisionId, code: 'KG', description: 'Kilogram' });
    const retried = await call(it, 'POST', '/items', {
      body: itemBody(it, 'LATER', { uom: 'KG' }),
      key: 'retry-after-fix',
    });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });

  test('export is idempotent by reference: same ref returns the same record, another ref is 409', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'EXP') });
    const adj = await call(it, 'POST', '/adjustments', {
      body: {
        divisionId: it.divisionId,
        itemId: item.json.id,
        ...pick(defaults(it)),
        quantityChange: 5,
        reason: 'Count',
      },
    });
    const first = await call(it, 'POST', `/adjustments/${adj.json.id}/export`, { body: { externalRef: 'IA-1' } });
    const second = await call(it, 'POST', `/adjustments/${adj.json.id}/export`, { body: { externalRef: 'IA-1' } });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const conflict = await call(it, 'POST', `/adjustments/${adj.json.id}/export`, { body: { externalRef: 'IA-2' } });
    expect(conflict.status).toBe(409);
    expect(it.data.get('adjustments', adj.json.id)?.externalRef).toBe('IA-1');
  });
});

function pick(d: { siteId: string; locationId: string }) {
  return { siteId: d.siteId, locationId: d.locationId };
}
