import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { startWorld, type World } from './harness.js';
import { FaultyNetwork, qboWriteBatch } from './network.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 8, vendors: 2, customers: 2, purchaseOrders: 0, estimates: 0, seed: 3 };

/** QBO's throttle fault, as a batch item may carry it. */
const THROTTLED = {
  type: 'SERVICE',
  Error: [
    { Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', Detail: 'ThrottleExceeded', code: '3001' },
  ],
};

describe('a batch item refused with the throttle fault (3001)', () => {
  it('is sent again in the same run after Intuit’s 60 seconds, on the Synchronizer’s clock', async () => {
    const network = new FaultyNetwork();
    const waits: number[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void waits.push(ms) };
    world = await startWorld({ company: COMPANY, qboFetch: network.fetch, clock });
    const w = world;
    expect((await w.sync.syncAll()).status).toBe('completed');
    const stocked = w.itEmu.data.list('inventory').filter((r) => r.onHand >= 1);
    for (const [i, r] of stocked.slice(0, 2).entries()) w.itEmu.simulate.adjust(r.itemId, i + 1, 'count');
    network.script(qboWriteBatch, { type: 'refuse', bId: '1', fault: THROTTLED });
    const report = await w.sync.exportInventoryAdjustments();
    expect(network.pending).toBe(0);
    expect(report.entities.adjustment?.created).toBe(2);
    expect(report.entities.adjustment?.failed ?? 0).toBe(0);
    expect(waits).toEqual([60_000]);
  });
});
