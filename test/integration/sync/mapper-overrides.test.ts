import { afterEach, describe, expect, it } from 'vitest';
import { type MapperOverrides, Synchronizer } from '../../../src/index.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the mappers option', () => {
  it('runs typed overrides that compose with the default mapper, and customised fields', async () => {
    world = await startWorld({
      company: { items: 4, vendors: 2, customers: 1, purchaseOrders: 0, estimates: 0, seed: 3 },
    });
    const mappers: MapperOverrides = {
      vendor: (vendor, ctx, defaults) => {
        const result = defaults.vendor(vendor, ctx);
        return { ...result, value: { ...result.value, accountNumber: `V-${vendor.Id}` } };
      },
      item: { fields: { category: ({ source }) => (source.Sku ? 'SKU' : 'NO-SKU') } },
    };
    const { qbo, it, store, itEmu } = world;
    const sync = new Synchronizer({ qbo, intellitrack: it, store, settings: { division: itEmu.divisionId }, mappers });
    const report = await sync.sync(['vendors', 'items']);
    expect(report.entities.vendor?.failed).toBe(0);
    const vendors = itEmu.data.list('vendors');
    expect(vendors.map((v) => v.accountNumber).sort()).toEqual(vendors.map((v) => `V-${v.externalRef}`).sort());
    const items = itEmu.data.list('items');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.category === 'SKU' || i.category === 'NO-SKU')).toBe(true);
  });
});
