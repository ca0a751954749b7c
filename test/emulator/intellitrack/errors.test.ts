import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { FIELD_LIMITS } from '../../../src/intellitrack/schemas/index.js';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { call, itemBody, partyBody, q } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 5, apiKey: 'secret-key-123' });
});
afterAll(() => it.close());

describe('IntelliTrack emulator errors (RFC 9457 problem+json)', () => {
  test('401 without or with a wrong API key; the key never appears in the answer', async () => {
    const none = await call(it, 'GET', `/items${q(it)}`, { apiKey: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await call(it, 'GET', `/items${q(it)}`, { apiKey: 'nope' });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.json)).not.toContain('nope');
    expect(JSON.stringify(wrong.json)).not.toContain('secret-key-123');
  });

  test('404 for an unknown record and an unknown route; 405 with Allow for a wrong method', async () => {
    const missing = await call(it, 'GET', '/items/itm_99999999');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ status: 404, instance: '/v1/items/itm_99999999' });
    expect((await call(it, 'GET', '/nothing-here')).status).toBe(404);
    const wrongMethod = await call(it, 'PATCH', '/adjustments/adj_00000001', { body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
  });

  test('400 for malformed JSON, a bad limit, a foreign cursor or a missing divisionId', async () => {
    expect((await call(it, 'POST', '/items', { rawBody: '{"itemNumber":' })).json.type).toMatch(/malformed-json$/);
    expect((await call(it, 'GET', `/items${q(it, { limit: 1001 })}`)).status).toBe(400);
    expect((await call(it, 'GET', `/items${q(it, { limit: 0 })}`)).status).toBe(400);
    expect((await call(it, 'GET', `/items${q(it, { cursor: 'Zm9v' })}`)).status).toBe(400);
    expect((await call(it, 'GET', `/items/changes${q(it, { cursor: 'Zm9v' })}`)).status).toBe(400);
    expect((await call(it, 'GET', '/items')).status).toBe(400);
  });

  test('422 names every invalid field as a JSON Pointer, including FIELD_LIMITS lengths', async () => {
    const tooLong = 'X'.repeat(FIELD_LIMITS.itemNumber + 1);
    const res = await call(it, 'POST', '/items', {
      body: itemBody(it, 1, {
        itemNumber: tooLong,
        description: 'D'.repeat(FIELD_LIMITS.description + 1),
        unitCost: -1,
      }),
    });
    expect(res.status).toBe(422);
    const pointers = res.json.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/itemNumber', '/description', '/unitCost']));
    const party = await call(it, 'POST', '/vendors', { body: partyBody(it, 'C'.repeat(FIELD_LIMITS.companyName + 1)) });
    expect(party.json.errors[0].pointer).toBe('/companyName');
    const order = await call(it, 'POST', '/receiving-orders', {
      body: {
        divisionId: it.divisionId,
        vendorId: 'ven_404',
        orderDate: '2026-01-01',
        lines: [{ itemId: 'itm_404', orderedQty: 1 }],
      },
    });
    expect(order.status).toBe(422);
    expect(order.json.errors[0].pointer).toBe('/vendorId');
    const uom = await call(it, 'POST', '/items', { body: itemBody(it, 'U', { uom: 'KG' }) });
    expect(uom.json.errors).toEqual([{ pointer: '/uom', detail: expect.stringContaining('KG') }]);
  });

  test('412 on a stale If-Match; the record is unchanged', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'V1') });
    await call(it, 'PATCH', `/items/${item.json.id}`, { body: { description: 'one' }, ifMatch: '"1"' });
    const stale = await call(it, 'PATCH', `/items/${item.json.id}`, { body: { description: 'two' }, ifMatch: '"1"' });
    expect(stale.status).toBe(412);
    expect(it.data.get('items', item.json.id)).toMatchObject({ description: 'one', version: 2 });
    const staleDelete = await call(it, 'DELETE', `/items/${item.json.id}`, { ifMatch: '"1"' });
    expect(staleDelete.status).toBe(412);
    expect(
      (await call(it, 'PATCH', `/items/${item.json.id}`, { body: { active: false }, ifMatch: 'W/"2"' })).status,
    ).toBe(200);
  });

  test('409 on a duplicate item number, alternate number, company name or order number (case-insensitive)', async () => {
    await call(it, 'POST', '/items', { body: itemBody(it, 'DUP', { alternateNumber: 'ALT-1' }) });
    const sameNumber = await call(it, 'POST', '/items', { body: itemBody(it, 'dup') });
    expect(sameNumber.status).toBe(409);
    expect(sameNumber.json.errors[0].pointer).toBe('/itemNumber');
    const sameAlt = await call(it, 'POST', '/items', { body: itemBody(it, 'OTHER', { alternateNumber: 'alt-1' }) });
    expect(sameAlt.json.errors[0].pointer).toBe('/alternateNumber');
    const other = await call(it, 'POST', '/items', { body: itemBody(it, 'OTHER2') });
    const renamed = await call(it, 'PATCH', `/items/${other.json.id}`, { body: { itemNumber: 'ITEM-DUP' } });
    expect(renamed.status).toBe(409);

    await call(it, 'POST', '/customers', { body: partyBody(it, "O'Brien & Sons") });
    expect((await call(it, 'POST', '/customers', { body: partyBody(it, "o'brien & sons") })).status).toBe(409);
    // vendors and customers are separate lists
    expect((await call(it, 'POST', '/vendors', { body: partyBody(it, "O'Brien & Sons") })).status).toBe(201);

    const vendor = await call(it, 'POST', '/vendors', { body: partyBody(it, 'Order Vendor') });
    const body = {
      divisionId: it.divisionId,
      vendorId: vendor.json.id,
      orderNumber: 'PO-7',
      orderDate: '2026-01-01',
      lines: [{ itemId: other.json.id, orderedQty: 1 }],
    };
    expect((await call(it, 'POST', '/receiving-orders', { body })).status).toBe(201);
    const dup = await call(it, 'POST', '/receiving-orders', { body });
    expect(dup.status).toBe(409);
    expect(dup.json.errors[0].pointer).toBe('/orderNumber');
  });

  test('429 with Retry-After when the per-minute limit is reached', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const limited = await startIntelliTrackEmulator({ limits: { requestsPerMinute: 3 }, clock: { now: () => now } });
    try {
      for (let i = 0; i < 3; i++) expect((await call(limited, 'GET', `/items${q(limited)}`)).status).toBe(200);
      now += 20_000;
      const over = await call(limited, 'GET', `/items${q(limited)}`);
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('40');
      now += 40_000;
      expect((await call(limited, 'GET', `/items${q(limited)}`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  test('429 when more requests are in flight than maxInFlight (slow answers hold their slot)', async () => {
    const slow = await startIntelliTrackEmulator({ limits: { maxInFlight: 2 }, latencyMs: 500 });
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => call(slow, 'GET', `/items${q(slow)}`)));
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 200, 429, 429, 429]);
      expect((await call(slow, 'GET', `/items${q(slow)}`)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
