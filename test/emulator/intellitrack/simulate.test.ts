import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import {
  INTELLITRACK_RECORD_SCHEMAS,
  type IntelliTrackEmulator,
  IntelliTrackProblem,
  type IntelliTrackTable,
  startIntelliTrackEmulator,
} from '../../../src/testing/index.js';
import { call, q } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({
    seed: 61,
    warehouse: { items: 12, vendors: 3, customers: 3, receivingOrders: 4, pickingOrders: 2, stockPerItem: 50 },
  });
});
afterAll(() => it.close());

async function drain(resource: string, cursor: string | null) {
  const res = await call(it, 'GET', `/${resource}/changes${q(it, cursor ? { cursor } : {})}`);
  return res.json as { records: { id: string; origin?: string; version: number }[]; nextCursor: string };
}

describe('IntelliTrack emulator seed, data and person simulation', () => {
  test('the warehouse seed is realistic and the same for the same seed', async () => {
    expect(it.data.count('items')).toBe(12);
    expect(it.data.count('receiving-orders')).toBe(4);
    expect(it.data.list('inventory').every((r) => r.onHand === 50)).toBe(true);
    expect(
      it.data
        .list('vendors')
        .some((v) => v.companyName.includes("'") || /[^ -~]/.test(v.companyName) || v.companyName.includes('&')),
    ).toBe(true);
    const twin = await startIntelliTrackEmulator({
      seed: 61,
      warehouse: { items: 12, vendors: 3, customers: 3, receivingOrders: 4, pickingOrders: 2, stockPerItem: 50 },
    });
    try {
      const strip = (r: { createdAt: string; updatedAt: string }) => ({ ...r, createdAt: '', updatedAt: '' });
      expect(twin.data.list('items').map(strip)).toEqual(it.data.list('items').map(strip));
      expect(twin.apiKey).toBe(it.apiKey);
    } finally {
      await twin.close();
    }
  });

  test('receive and pick by hand go through the rules and show up in the change feed', async () => {
    const start = (await drain('receiving-orders', null)).nextCursor;
    const order = it.data.list('receiving-orders')[0];
    if (!order) throw new Error('no seeded order');
    const received = it.simulate.receive(order.id);
    expect(received.status).toBe('Closed');
    const feed = await drain('receiving-orders', start);
    expect(feed.records.map((r) => r.id)).toEqual([order.id]);
    const pickOrder = it.data.list('picking-orders')[0];
    if (!pickOrder) throw new Error('no seeded picking order');
    const line = pickOrder.lines[0];
    if (!line) throw new Error('no line');
    const partial = it.simulate.pick(pickOrder.id, [{ lineNumber: line.lineNumber, quantity: 1 }]);
    expect(partial.lines[0]?.pickedQty).toBe(1);
    expect(it.simulate.closeOrder(pickOrder.id).status).toBe('Closed');
    expect(() => it.simulate.pick(pickOrder.id)).toThrow(IntelliTrackProblem);
    expect(it.simulate.reopenOrder(pickOrder.id).status).toBe('Open');
  });

  test('IntelliTrack-originated orders, customers and items; edits produce drift', async () => {
    const customer = it.simulate.createCustomer({ city: 'Boston' });
    expect(customer).toMatchObject({ origin: 'intellitrack', externalRef: null, city: 'Boston' });
    const order = it.simulate.createPickingOrder({ customerId: customer.id });
    expect(order).toMatchObject({ origin: 'intellitrack', status: 'Open', orderNumber: expect.stringMatching(/^PCK/) });
    const ro = it.simulate.createReceivingOrder();
    expect(ro.orderNumber).toMatch(/^RCV/);
    const item = it.data.list('items')[0];
    if (!item) throw new Error('no item');
    const edited = it.simulate.editItem(item.id, { description: 'Edited on the floor' });
    expect(edited.version).toBe(item.version + 1);
    const cust = it.simulate.editCustomer(customer.id, { telephone: '555-0000' });
    expect(cust.telephone).toBe('555-0000');
    expect(() => it.simulate.editItem(item.id, { itemNumber: 'X'.repeat(26) })).toThrow(/itemNumber/);
  });

  test('adjust changes On Hand and leaves a pending adjustment', async () => {
    const item = it.data.list('items', (i) => i.active)[0];
    if (!item) throw new Error('no item');
    const before = it.data.list('inventory', (r) => r.itemId === item.id).reduce((s, r) => s + r.onHand, 0);
    const adj = it.simulate.adjust(item.id, -3, 'Damaged');
    expect(adj).toMatchObject({ exportStatus: 'pending', quantityChange: -3, reason: 'Damaged' });
    const after = it.data.list('inventory', (r) => r.itemId === item.id).reduce((s, r) => s + r.onHand, 0);
    expect(after).toBe(before - 3);
    const err = (() => {
      try {
        it.simulate.adjust(item.id, -10_000, 'Too much');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(IntelliTrackProblem);
    expect((err as IntelliTrackProblem).status).toBe(409);
  });

  test('data.put validates with the record schema and appends to the change feed; data reads are copies', async () => {
    const start = (await drain('customers', null)).nextCursor;
    const customer = it.data.list('customers')[0];
    if (!customer) throw new Error('no customer');
    const copy = it.data.get('customers', customer.id);
    if (copy) copy.companyName = 'mutated';
    expect(it.data.get('customers', customer.id)?.companyName).toBe(customer.companyName);
    const put = it.data.put('customers', { ...customer, email: 'new@example.com' });
    expect(put.version).toBe(customer.version + 1);
    expect((await drain('customers', start)).records.map((r) => r.id)).toEqual([customer.id]);
    expect(() => it.data.put('customers', { ...customer, zip: 'Z'.repeat(16) })).toThrow(/zip/);
    expect(it.data.remove('customers', customer.id)).toBe(true);
  });

  test('a busy day keeps every invariant, is repeatable for a seed, and every record still fits its schema', async () => {
    const day = async () => {
      const emu = await startIntelliTrackEmulator({
        seed: 62,
        warehouse: { items: 20, vendors: 4, customers: 4, receivingOrders: 10, pickingOrders: 10, stockPerItem: 5 },
      });
      try {
        const events = emu.simulate.activity(300);
        for (const table of Object.keys(INTELLITRACK_RECORD_SCHEMAS) as IntelliTrackTable[]) {
          for (const record of emu.data.list(table)) INTELLITRACK_RECORD_SCHEMAS[table].parse(record);
        }
        expect(emu.data.list('inventory').every((r) => r.onHand >= 0)).toBe(true);
        for (const o of emu.data.list('receiving-orders')) {
          expect(o.lines.every((l) => l.receivedQty <= l.orderedQty)).toBe(true);
          if (o.lines.every((l) => l.receivedQty >= l.orderedQty)) expect(o.status).toBe('Closed');
        }
        return events;
      } finally {
        await emu.close();
      }
    };
    const events = await day();
    expect(new Set(events.map((e) => e.action)).size).toBeGreaterThanOrEqual(6);
    expect(events.filter((e) => !e.problem).length).toBeGreaterThan(150);
    expect(await day()).toEqual(events);
  });
});
