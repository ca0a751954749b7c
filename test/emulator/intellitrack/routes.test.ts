import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { call, defaults, itemBody, partyBody, q } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 11 });
});
afterAll(() => it.close());

describe('IntelliTrack emulator routes (happy paths over a real socket)', () => {
  test('serves on 127.0.0.1 under /v1', () => {
    expect(it.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  test('division, sites, locations and UOMs with the defaults chain', async () => {
    const division = await call(it, 'GET', `/divisions/${it.divisionId}`);
    expect(division.json).toMatchObject({ code: 'MAIN', defaultUom: 'EA' });
    const sites = await call(it, 'GET', `/divisions/${it.divisionId}/sites`);
    expect(sites.json.data).toHaveLength(2);
    expect(sites.json.data.map((s: { id: string }) => s.id)).toContain(division.json.defaultSiteId);
    const site = sites.json.data[0];
    const locations = await call(it, 'GET', `/sites/${site.id}/locations`);
    const kinds = locations.json.data.map((l: { kind: string }) => l.kind);
    expect(kinds).toEqual(expect.arrayContaining(['rack', 'bin', 'bulk']));
    expect(locations.json.data.map((l: { id: string }) => l.id)).toContain(site.defaultLocationId);
    const uoms = await call(it, 'GET', `/divisions/${it.divisionId}/uoms`);
    expect(uoms.json.data.map((u: { code: string }) => u.code)).toContain('EA');
  });

  test('items: create, get, list, update, delete; every change bumps version and updatedAt', async () => {
    const created = await call(it, 'POST', '/items', { body: itemBody(it, 'R1') });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/v1/items/${created.json.id}`);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.json).toMatchObject({ version: 1, origin: 'intellitrack', externalRef: null, trackLot: false });
    const got = await call(it, 'GET', `/items/${created.json.id}`);
    expect(got.json).toEqual(created.json);
    const listed = await call(it, 'GET', `/items${q(it)}`);
    expect(listed.json.data.map((i: { id: string }) => i.id)).toContain(created.json.id);
    const updated = await call(it, 'PATCH', `/items/${created.json.id}`, {
      body: { description: 'Renamed', externalRef: '77' },
      ifMatch: '"1"',
    });
    expect(updated.json).toMatchObject({ version: 2, description: 'Renamed', externalRef: '77' });
    expect(updated.json.updatedAt >= created.json.updatedAt).toBe(true);
    const byRef = await call(it, 'GET', `/items${q(it, { externalRef: '77' })}`);
    expect(byRef.json.data.map((i: { id: string }) => i.id)).toEqual([created.json.id]);
    expect((await call(it, 'DELETE', `/items/${created.json.id}`, { ifMatch: '"2"' })).status).toBe(204);
    expect((await call(it, 'GET', `/items/${created.json.id}`)).status).toBe(404);
  });

  test('a PATCH that changes nothing keeps the version and adds no change-feed entry', async () => {
    const created = await call(it, 'POST', '/items', { body: itemBody(it, 'NOOP', { category: 'Tools' }) });
    const before = it.data.changeSequence;
    const same = await call(it, 'PATCH', `/items/${created.json.id}`, { body: { category: 'Tools', unitCost: 2.5 } });
    expect(same.json.version).toBe(1);
    expect(it.data.changeSequence).toBe(before);
    const changed = await call(it, 'PATCH', `/items/${created.json.id}`, { body: { category: 'Tools', unitCost: 3 } });
    expect(changed.json.version).toBe(2);
    expect(it.data.changeSequence).toBe(before + 1);
  });

  test.each(['vendors', 'customers'])('%s: create with defaults, update, delete', async (resource) => {
    const created = await call(it, 'POST', `/${resource}`, { body: partyBody(it, `Party ${resource}`) });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ address1: '', shipTo: [], active: true, origin: 'intellitrack' });
    const updated = await call(it, 'PATCH', `/${resource}/${created.json.id}`, {
      body: { city: 'Denver', active: false },
    });
    expect(updated.json).toMatchObject({ city: 'Denver', active: false, version: 2 });
    expect((await call(it, 'GET', `/${resource}/${created.json.id}`)).json.city).toBe('Denver');
    expect((await call(it, 'DELETE', `/${resource}/${created.json.id}`)).status).toBe(204);
  });

  test('receiving orders: create (auto-numbered), update, receive, close, reopen, delete', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'R2') });
    const vendor = await call(it, 'POST', '/vendors', { body: partyBody(it, 'Route Vendor') });
    const body = {
      divisionId: it.divisionId,
      vendorId: vendor.json.id,
      orderDate: '2026-11-01',
      lines: [{ itemId: item.json.id, orderedQty: 5 }],
    };
    const order = await call(it, 'POST', '/receiving-orders', { body });
    expect(order.json).toMatchObject({ status: 'Open', orderNumber: expect.stringMatching(/^RCV\d+$/) });
    expect(order.json.lines[0]).toMatchObject({ lineNumber: 1, receivedQty: 0, unitCost: 2.5 });
    const patched = await call(it, 'PATCH', `/receiving-orders/${order.json.id}`, { body: { carrier: 'UPS' } });
    expect(patched.json.carrier).toBe('UPS');
    const received = await call(it, 'POST', `/receiving-orders/${order.json.id}/receipts`, {
      body: { lines: [{ lineNumber: 1, quantity: 2 }] },
    });
    expect(received.json.lines[0].receivedQty).toBe(2);
    const closed = await call(it, 'POST', `/receiving-orders/${order.json.id}/close`);
    expect(closed.json).toMatchObject({ status: 'Closed', closedAt: expect.any(String) });
    const reopened = await call(it, 'POST', `/receiving-orders/${order.json.id}/reopen`);
    expect(reopened.json).toMatchObject({ status: 'Open', closedAt: null });
    const empty = await call(it, 'POST', '/receiving-orders', { body });
    expect((await call(it, 'DELETE', `/receiving-orders/${empty.json.id}`)).status).toBe(204);
    expect(it.data.get('receiving-orders', empty.json.id)).toBeUndefined();
  });

  test('picking orders: create, pick, close, reopen, delete', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'P1', { unitPrice: 9 }) });
    const customer = await call(it, 'POST', '/customers', { body: partyBody(it, 'Route Customer') });
    const { siteId, locationId } = defaults(it);
    await call(it, 'POST', '/inventory', { body: { itemId: item.json.id, siteId, locationId, quantity: 10 } });
    const body = {
      divisionId: it.divisionId,
      customerId: customer.json.id,
      orderDate: '2026-11-02',
      lines: [{ itemId: item.json.id, orderedQty: 3 }],
    };
    const order = await call(it, 'POST', '/picking-orders', { body: { ...body, orderNumber: 'SO-1' } });
    expect(order.json).toMatchObject({ orderNumber: 'SO-1', allocateInventory: false });
    expect(order.json.lines[0]).toMatchObject({ pickedQty: 0, unitPrice: 9 });
    const picked = await call(it, 'POST', `/picking-orders/${order.json.id}/picks`, {
      body: { lines: [{ lineNumber: 1, quantity: 1 }] },
    });
    expect(picked.json.lines[0].pickedQty).toBe(1);
    expect((await call(it, 'POST', `/picking-orders/${order.json.id}/close`)).json.status).toBe('Closed');
    expect((await call(it, 'POST', `/picking-orders/${order.json.id}/reopen`)).json.status).toBe('Open');
    const other = await call(it, 'POST', '/picking-orders', { body });
    expect(other.json.orderNumber).toMatch(/^PCK\d+$/);
    expect((await call(it, 'DELETE', `/picking-orders/${other.json.id}`)).status).toBe(204);
  });

  test('inventory: load (set and add), list by item, get; adjustments: create, list pending, export', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'INV1') });
    const { siteId, locationId } = defaults(it);
    const load = { itemId: item.json.id, siteId, locationId, quantity: 7 };
    const first = await call(it, 'POST', '/inventory', { body: load });
    expect(first.json).toMatchObject({ onHand: 7, inventoried: 7 });
    const added = await call(it, 'POST', '/inventory', { body: { ...load, quantity: 3, mode: 'add' } });
    expect(added.json).toMatchObject({ id: first.json.id, onHand: 10 });
    const set = await call(it, 'POST', '/inventory', { body: { ...load, quantity: 4, mode: 'set' } });
    expect(set.json.onHand).toBe(4);
    const listed = await call(it, 'GET', `/inventory${q(it, { itemId: item.json.id })}`);
    expect(listed.json.data).toHaveLength(1);
    expect((await call(it, 'GET', `/inventory/${first.json.id}`)).json.onHand).toBe(4);

    const adj = await call(it, 'POST', '/adjustments', {
      body: {
        divisionId: it.divisionId,
        itemId: item.json.id,
        siteId,
        locationId,
        quantityChange: -1,
        reason: 'Damaged',
      },
    });
    expect(adj.status).toBe(201);
    expect(adj.json).toMatchObject({ exportStatus: 'pending', externalRef: null, exportedAt: null });
    expect(it.data.get('inventory', first.json.id)?.onHand).toBe(3);
    const pending = await call(it, 'GET', `/adjustments${q(it, { exportStatus: 'pending' })}`);
    expect(pending.json.data.map((a: { id: string }) => a.id)).toContain(adj.json.id);
    const exported = await call(it, 'POST', `/adjustments/${adj.json.id}/export`, { body: { externalRef: 'QBO-9' } });
    expect(exported.json).toMatchObject({
      exportStatus: 'exported',
      externalRef: 'QBO-9',
      exportedAt: expect.any(String),
    });
    const again = await call(it, 'GET', `/adjustments${q(it, { exportStatus: 'pending' })}`);
    expect(again.json.data.map((a: { id: string }) => a.id)).not.toContain(adj.json.id);
  });

  test('change feeds of every resource answer with records, tombstones and a cursor', async () => {
    for (const resource of [
      'items',
      'vendors',
      'customers',
      'receiving-orders',
      'picking-orders',
      'adjustments',
      'inventory',
    ]) {
      const page = await call(it, 'GET', `/${resource}/changes${q(it)}`);
      expect(page.status).toBe(200);
      expect(page.json.records.length + page.json.deleted.length).toBeGreaterThan(0);
    }
  });
});
