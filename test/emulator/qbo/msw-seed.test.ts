import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QboEmulatorCore, QboEmulatorData } from '../../../src/testing/index.js';
import { createQboEmulatorHandlers } from '../../../src/testing/msw.js';
import { type Json, manualClock } from './helpers.js';

const core = new QboEmulatorCore({ seed: 3, oauth: { acceptAnyBearer: true }, limits: false });
const data = new QboEmulatorData(core);
const server = setupServer(...createQboEmulatorHandlers(core));
const api = `https://quickbooks.api.intuit.com/v3/company/${core.defaultRealmId}`;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function json(path: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api}${path}`, {
    ...init,
    headers: { authorization: 'Bearer anything', 'content-type': 'application/json', ...init.headers },
  });
  return { status: res.status, body: await res.json() };
}

describe('QBO emulator as msw handlers', () => {
  it('serves the same core on Intuit hosts', async () => {
    const created = await json('/vendor', { method: 'POST', body: JSON.stringify({ DisplayName: 'Via msw' }) });
    expect(created.status).toBe(200);
    expect(data.get('Vendor', created.body.Vendor.Id)?.DisplayName).toBe('Via msw');
    const q = await json(`/query?query=${encodeURIComponent("select * from Vendor where DisplayName = 'Via msw'")}`);
    expect(q.body.QueryResponse.Vendor).toHaveLength(1);
    expect(core.requests.count('create')).toBe(1);
  });

  it('turns an injected reset into a network error', async () => {
    core.faults.enqueue({ type: 'reset' });
    await expect(fetch(`${api}/preferences`, { headers: { authorization: 'Bearer x' } })).rejects.toThrow();
  });
});

describe('seedCompany', () => {
  it('generates awkward, realistic data deterministically', () => {
    // One fixed clock for both: record timestamps come from the clock, and two seedings read on
    // either side of a second boundary would differ by their MetaData alone.
    const clock = manualClock();
    const a = new QboEmulatorData(new QboEmulatorCore({ seed: 9, clock }));
    const b = new QboEmulatorData(new QboEmulatorCore({ seed: 9, clock }));
    const summary = a.seedCompany({ items: 120, vendors: 8, customers: 8, purchaseOrders: 6, estimates: 8, seed: 4 });
    b.seedCompany({ items: 120, vendors: 8, customers: 8, purchaseOrders: 6, estimates: 8, seed: 4 });
    expect(a.list('Item')).toEqual(b.list('Item'));
    expect(summary.items).toHaveLength(120);

    const items = a.list('Item');
    const names = items.map((i) => String(i.Name));
    expect(names.some((n) => n.includes("'"))).toBe(true);
    expect(names.some((n) => n.includes('&'))).toBe(true);
    expect(names.some((n) => n.includes('"'))).toBe(true);
    expect(names.some((n) => /[^\x20-\x7e]/.test(n))).toBe(true);
    expect(items.some((i) => i.Active === false && String(i.Name).endsWith(' (deleted)'))).toBe(true);
    expect(items.some((i) => i.SubItem === true && String(i.FullyQualifiedName).includes(':'))).toBe(true);
    const qtys = items.filter((i) => i.Type === 'Inventory').map((i) => Number(i.QtyOnHand));
    expect(qtys.some((q) => q === 0) && qtys.some((q) => q < 0) && qtys.some((q) => q > 0)).toBe(true);
    expect(items.some((i) => String(i.Name).length > 90)).toBe(true);

    const vendors = a.list('Vendor');
    expect(
      vendors.some((v) => (v.BillAddr as Json)?.Line5 !== undefined && (v.BillAddr as Json)?.City === undefined),
    ).toBe(true);
    const statuses = new Set(a.list('Estimate').map((e) => e.TxnStatus));
    expect([...statuses].sort()).toEqual(['Accepted', 'Closed', 'Pending', 'Rejected']);
    const poStatuses = new Set(a.list('PurchaseOrder').map((p) => p.POStatus));
    expect([...poStatuses].sort()).toEqual(['Closed', 'Open']);
  });
});
