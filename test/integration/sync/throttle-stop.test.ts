import { afterEach, describe, expect, it } from 'vitest';
import { ThrottleExceededError } from '../../../src/qbo/errors.js';
import { QBO_BATCHES_IN_FLIGHT } from '../../../src/sync/engine/batch-executor.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 12, vendors: 1, customers: 1, purchaseOrders: 0, estimates: 0, seed: 4 };

describe('a throttle the client will not wait out', () => {
  it('stops the run’s next batches (no 429 per batch), and the next run exports every adjustment once', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    expect((await w.sync.syncAll()).status).toBe('completed');
    const stocked = w.itEmu.data.list('inventory');
    expect(stocked.length).toBeGreaterThan(0);
    // 300 adjustments: 10 batches of 30.
    for (let i = 0; i < 300; i += 1) {
      const record = stocked[i % stocked.length];
      if (record) w.itEmu.simulate.adjust(record.itemId, 1, 'cycle count');
    }
    // QBO asks for a minute; the test clients wait at most 50 ms for a Retry-After, so they give up.
    w.qboEmu.faults.throttleStorm(20, { retryAfterSeconds: 60 });
    const before = w.qboEmu.requests.list().length;
    const stopped = await w.sync.exportInventoryAdjustments().catch((error: unknown) => error);
    const sent = w.qboEmu.requests.list().slice(before);
    expect(stopped).toBeInstanceOf(ThrottleExceededError);
    // Only the batches already in flight met the 429; none was started after it.
    expect(sent.length).toBeLessThanOrEqual(QBO_BATCHES_IN_FLIGHT);
    expect(sent.every((r) => r.status === 429)).toBe(true);

    w.qboEmu.faults.clear();
    const next = await w.sync.exportInventoryAdjustments();
    expect(next.status).toBe('completed');
    const exported = w.itEmu.data.list('adjustments').filter((a) => a.exportStatus === 'exported');
    expect(exported).toHaveLength(300);
    expect(w.qboEmu.data.list('InventoryAdjustment')).toHaveLength(300);
  });
});
