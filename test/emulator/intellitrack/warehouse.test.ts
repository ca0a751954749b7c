import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { type Answer, call, defaults, itemBody, partyBody } from './helpers.js';

let it: IntelliTrackEmulator;
let n = 0;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 31 });
});
afterAll(() => it.close());

async function setup(qty: number[], kind: 'receiving-orders' | 'picking-orders' = 'receiving-orders') {
  const items: Answer['json'][] = [];
  for (const _ of qty) items.push((await call(it, 'POST', '/items', { body: itemBody(it, `WH-${++n}`) })).json);
  const party = kind === 'receiving-orders' ? 'vendors' : 'customers';
  const p = await call(it, 'POST', `/${party}`, { body: partyBody(it, `WH Party ${++n}`) });
  const order = await call(it, 'POST', `/${kind}`, {
    body: {
      divisionId: it.divisionId,
      [kind === 'receiving-orders' ? 'vendorId' : 'customerId']: p.json.id,
      orderDate: '2026-03-01',
      lines: qty.map((orderedQty, i) => ({ itemId: items[i].id, orderedQty })),
    },
  });
  return { items, order: order.json };
}

function onHand(itemId: string, locationId?: string): number {
  return it.data
    .list('inventory', (r) => r.itemId === itemId && (locationId === undefined || r.locationId === locationId))
    .reduce((s, r) => s + r.onHand, 0);
}

async function stock(itemId: string, quantity: number, locationId = defaults(it).locationId) {
  await call(it, 'POST', '/inventory', {
    body: { itemId, siteId: defaults(it).siteId, locationId, quantity, mode: 'add' },
  });
}

describe('IntelliTrack emulator warehouse semantics', () => {
  test('receiving raises inventory at the default location, or the given one; full receipt auto-closes', async () => {
    const { items, order } = await setup([5, 2]);
    const { locationId, otherLocationId } = defaults(it);
    const part = await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: {
        lines: [
          { lineNumber: 1, quantity: 3 },
          { lineNumber: 2, quantity: 2, locationId: otherLocationId },
        ],
      },
    });
    expect(part.json.status).toBe('Open');
    expect(onHand(items[0].id, locationId)).toBe(3);
    expect(onHand(items[1].id, otherLocationId)).toBe(2);
    const rest = await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: { lines: [{ lineNumber: 1, quantity: 2 }] },
    });
    expect(rest.json).toMatchObject({ status: 'Closed', closedAt: expect.any(String) });
    expect(rest.json.lines.map((l: { receivedQty: number }) => l.receivedQty)).toEqual([5, 2]);
    expect(onHand(items[0].id)).toBe(5);
  });

  test('more than the open quantity is a 422 and nothing moves (all lines or none)', async () => {
    const { items, order } = await setup([2, 2]);
    const res = await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: {
        lines: [
          { lineNumber: 1, quantity: 1 },
          { lineNumber: 2, quantity: 3 },
        ],
      },
    });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].pointer).toBe('/lines/1/quantity');
    expect(onHand(items[0].id)).toBe(0);
    expect(it.data.get('receiving-orders', order.id)?.version).toBe(1);
    const noLine = await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: { lines: [{ lineNumber: 9, quantity: 1 }] },
    });
    expect(noLine.json.errors[0].pointer).toBe('/lines/0/lineNumber');
  });

  test('an inactive item cannot be received (409)', async () => {
    const { items, order } = await setup([4]);
    await call(it, 'PATCH', `/items/${items[0].id}`, { body: { active: false } });
    const res = await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: { lines: [{ lineNumber: 1, quantity: 1 }] },
    });
    expect(res.status).toBe(409);
    expect(res.json.type).toMatch(/item-inactive$/);
    expect(res.json.detail).toContain(items[0].id);
  });

  test('picking lowers inventory and never below zero (409, nothing applied)', async () => {
    const { items, order } = await setup([3, 1], 'picking-orders');
    await stock(items[0].id, 5);
    await stock(items[1].id, 0);
    const res = await call(it, 'POST', `/picking-orders/${order.id}/picks`, {
      body: {
        lines: [
          { lineNumber: 1, quantity: 2 },
          { lineNumber: 2, quantity: 1 },
        ],
      },
    });
    expect(res.status).toBe(409);
    expect(res.json.type).toMatch(/insufficient-stock$/);
    expect(res.json.errors[0].pointer).toBe('/lines/1/quantity');
    expect(onHand(items[0].id)).toBe(5);
    await stock(items[1].id, 1);
    const done = await call(it, 'POST', `/picking-orders/${order.id}/picks`, {
      body: {
        lines: [
          { lineNumber: 1, quantity: 3 },
          { lineNumber: 2, quantity: 1 },
        ],
      },
    });
    expect(done.json.status).toBe('Closed');
    expect(onHand(items[0].id)).toBe(2);
    expect(onHand(items[1].id)).toBe(0);
  });

  test('with allowNegativeStock, picks and adjustments may go below zero', async () => {
    const neg = await startIntelliTrackEmulator({ allowNegativeStock: true });
    try {
      const item = await call(neg, 'POST', '/items', { body: itemBody(neg, 'NEG') });
      const customer = await call(neg, 'POST', '/customers', { body: partyBody(neg, 'Neg') });
      const order = await call(neg, 'POST', '/picking-orders', {
        body: {
          divisionId: neg.divisionId,
          customerId: customer.json.id,
          orderDate: '2026-01-01',
          lines: [{ itemId: item.json.id, orderedQty: 2 }],
        },
      });
      const res = await call(neg, 'POST', `/picking-orders/${order.json.id}/picks`, {
        body: { lines: [{ lineNumber: 1, quantity: 2 }] },
      });
      expect(res.status).toBe(200);
      expect(neg.data.list('inventory')[0]?.onHand).toBe(-2);
    } finally {
      await neg.close();
    }
  });

  test('adjustments change On Hand; below zero is refused', async () => {
    const { items } = await setup([1]);
    const { siteId, locationId } = defaults(it);
    const base = { divisionId: it.divisionId, itemId: items[0].id, siteId, locationId };
    expect(
      (await call(it, 'POST', '/adjustments', { body: { ...base, quantityChange: 4, reason: 'Found' } })).status,
    ).toBe(201);
    const tooMuch = await call(it, 'POST', '/adjustments', { body: { ...base, quantityChange: -5 } });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.json.errors[0].pointer).toBe('/quantityChange');
    expect(onHand(items[0].id)).toBe(4);
    const zero = await call(it, 'POST', '/adjustments', { body: { ...base, quantityChange: 0 } });
    expect(zero.status).toBe(422);
  });

  test('a closed order cannot be edited or worked (409) until reopened; close/reopen are idempotent', async () => {
    const { order } = await setup([3]);
    await call(it, 'POST', `/receiving-orders/${order.id}/close`);
    const again = await call(it, 'POST', `/receiving-orders/${order.id}/close`);
    expect(again.json.version).toBe(2);
    expect((await call(it, 'PATCH', `/receiving-orders/${order.id}`, { body: { carrier: 'X' } })).status).toBe(409);
    const work = await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: { lines: [{ lineNumber: 1, quantity: 1 }] },
    });
    expect(work.json.type).toMatch(/order-closed$/);
    await call(it, 'POST', `/receiving-orders/${order.id}/reopen`);
    expect((await call(it, 'PATCH', `/receiving-orders/${order.id}`, { body: { carrier: 'X' } })).json.carrier).toBe(
      'X',
    );
  });

  test('an order with work done cannot be deleted nor lose that line; a manual close with less is a partial', async () => {
    const { items, order } = await setup([5, 5]);
    await call(it, 'POST', `/receiving-orders/${order.id}/receipts`, {
      body: { lines: [{ lineNumber: 1, quantity: 2 }] },
    });
    const del = await call(it, 'DELETE', `/receiving-orders/${order.id}`);
    expect(del.status).toBe(409);
    expect(del.json.type).toMatch(/work-done$/);
    const drop = await call(it, 'PATCH', `/receiving-orders/${order.id}`, {
      body: { lines: [{ lineNumber: 2, itemId: items[1].id, orderedQty: 5 }] },
    });
    expect(drop.status).toBe(409);
    const below = await call(it, 'PATCH', `/receiving-orders/${order.id}`, {
      body: {
        lines: [
          { lineNumber: 1, itemId: items[0].id, orderedQty: 1 },
          { lineNumber: 2, itemId: items[1].id, orderedQty: 5 },
        ],
      },
    });
    expect(below.status).toBe(422);
    const partial = await call(it, 'POST', `/receiving-orders/${order.id}/close`);
    expect(partial.json).toMatchObject({ status: 'Closed' });
    expect(partial.json.lines.map((l: { receivedQty: number }) => l.receivedQty)).toEqual([2, 0]);
  });

  test('auto-numbering skips numbers already typed by hand; items and parties in use cannot be deleted', async () => {
    const { items, order } = await setup([1]);
    const vendorId = order.vendorId;
    const numbers = [];
    for (let i = 0; i < 2; i++) {
      const next = await call(it, 'POST', '/receiving-orders', {
        body: {
          divisionId: it.divisionId,
          vendorId,
          orderDate: '2026-01-01',
          lines: [{ itemId: items[0].id, orderedQty: 1 }],
        },
      });
      numbers.push(next.json.orderNumber);
    }
    const following = `RCV${String(Number(numbers[1].slice(3)) + 1).padStart(6, '0')}`;
    await call(it, 'POST', '/receiving-orders', {
      body: {
        divisionId: it.divisionId,
        vendorId,
        orderNumber: following,
        orderDate: '2026-01-01',
        lines: [{ itemId: items[0].id, orderedQty: 1 }],
      },
    });
    const auto = await call(it, 'POST', '/receiving-orders', {
      body: {
        divisionId: it.divisionId,
        vendorId,
        orderDate: '2026-01-01',
        lines: [{ itemId: items[0].id, orderedQty: 1 }],
      },
    });
    expect(auto.status).toBe(201);
    expect(auto.json.orderNumber).not.toBe(following);
    expect((await call(it, 'DELETE', `/items/${items[0].id}`)).status).toBe(409);
    expect((await call(it, 'DELETE', `/vendors/${vendorId}`)).status).toBe(409);
  });
});
