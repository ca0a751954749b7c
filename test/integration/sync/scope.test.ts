import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../../src/core/errors.js';
import type { FlowName } from '../../../src/sync/context.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 6, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 7 };

describe('sync(scope)', () => {
  it('runs one flow as its named method does, and a list of flows in dependency order in one run', async () => {
    world = await startWorld({ company: COMPANY });
    const one = await world.sync.sync('vendors');
    expect(one.operation).toBe('syncVendors');
    expect(Object.keys(one.entities)).toEqual(['vendor']);
    expect(one.entities.vendor?.created).toBe(2);
    // Items before vendors in the list; the run still takes vendors first (nothing new there).
    const two = await world.sync.sync(['items', 'customers']);
    expect(Object.keys(two.entities)).toEqual(['customer', 'item']);
    expect(two.entities.item?.created).toBeGreaterThan(0);
    expect(two.status).toBe('completed');
  });

  it('plans a list of flows, and applies the plan', async () => {
    world = await startWorld({ company: COMPANY });
    const plan = await world.sync.plan(['items', 'vendors']);
    expect(plan.scope).toBe('items,vendors');
    expect(new Set(plan.steps.map((s) => s.entity))).toEqual(new Set(['vendor', 'item']));
    const report = await world.sync.apply(plan);
    expect(report.entities.vendor?.created).toBe(2);
    await expect(world.sync.plan('item' as FlowName)).rejects.toThrow(InvalidArgumentError);
  });

  it('refuses a name that is no flow and an empty list with InvalidArgumentError, before reading anything', async () => {
    world = await startWorld({ company: COMPANY });
    const sync = world.sync;
    await expect(sync.sync('item' as FlowName)).rejects.toThrow(InvalidArgumentError);
    await expect(sync.sync('item' as FlowName)).rejects.toThrow(/Unknown sync scope "item"; use one of: all, vendors/);
    await expect(sync.sync([])).rejects.toThrow(/names no flow/);
    expect(await sync.history()).toEqual([]);
  });
});
