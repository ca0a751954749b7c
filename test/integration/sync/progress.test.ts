import { afterEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src/sync/events.js';
import { estimateLeft } from '../../../src/sync/read/progress.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('progress with totals and time left', () => {
  it('a full read reports done of the counted total per flow, ending at 100% with no time left', async () => {
    world = await startWorld({ company: { items: 30, vendors: 4, customers: 3, purchaseOrders: 2, estimates: 2 } });
    const w = world;
    const events: SyncProgress[] = [];
    w.sync.on('progress', (p) => events.push(p));
    const report = await w.sync.syncAll();
    const items = events.filter((p) => p.entity === 'item');
    const inventoryItems = w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory').length;
    expect(items.length).toBeGreaterThan(0);
    expect(items.at(-1)).toMatchObject({
      operation: 'syncAll',
      done: inventoryItems,
      total: inventoryItems,
      fraction: 1,
      etaMs: 0,
    });
    expect(report.entities.item?.read).toBe(inventoryItems);
    const vendors = events.filter((p) => p.entity === 'vendor').at(-1);
    expect(vendors).toMatchObject({ done: report.entities.vendor?.read, total: report.entities.vendor?.read });
    for (const p of events) {
      expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
      expect(p.total === null || p.done <= p.total).toBe(true);
    }
  });

  it('a CDC read counts the changes it returned (those within the watermark overlap included)', async () => {
    world = await startWorld({ company: { items: 12, vendors: 2, customers: 2 } });
    const w = world;
    await w.sync.syncItems();
    const item = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!item) throw new Error('no item');
    w.qboEmu.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, sparse: true, Description: 'new words' });
    const events: SyncProgress[] = [];
    w.sync.on('progress', (p) => events.push(p));
    const report = await w.sync.syncItems();
    expect(report.notes.join(' ')).not.toContain('full read');
    const read = report.entities.item?.read ?? 0;
    expect(read).toBeGreaterThanOrEqual(1);
    expect(events).toEqual([
      expect.objectContaining({ entity: 'item', done: read, total: read, fraction: 1, etaMs: 0 }),
    ]);
  });

  it('estimates the time left from the pace so far', () => {
    expect(estimateLeft(250, 1000, 5_000)).toBe(15_000);
    expect(estimateLeft(0, 1000, 5_000)).toBeNull();
    expect(estimateLeft(10, null, 5_000)).toBeNull();
    expect(estimateLeft(1000, 1000, 5_000)).toBe(0);
  });
});
