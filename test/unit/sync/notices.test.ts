import { describe, expect, it } from 'vitest';
import { mustRead, noticeGate, noticeKey, recordNotices } from '../../../src/sync/read/notices.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';

const T = Date.parse('2026-12-01T10:00:00Z');
const MIN = 60_000;
const event = (entity: string, at: number, realmId = 'R1') =>
  ({ realmId, entity, id: '1', operation: 'Update', occurredAt: new Date(at) }) as const;

describe('notice gate', () => {
  it('reads an entity whose newest notice is at or after its watermark, and only that', async () => {
    const store = new MemoryStateStore();
    const gate = noticeGate({ qboReconcileMinutes: 60 });
    await recordNotices(store, 'R1', [event('Vendor', T), event('Vendor', T - 10 * MIN), event('Item', T - 10 * MIN)]);
    expect(await store.getWatermark(noticeKey('Vendor'))).toBe(new Date(T).toISOString());
    expect(await mustRead(store, gate, { entity: 'Vendor', since: T, now: T + MIN })).toBe(true);
    expect(await mustRead(store, gate, { entity: 'Vendor', since: T + 1, now: T + MIN })).toBe(false);
    expect(await mustRead(store, gate, { entity: 'Item', since: T - 5 * MIN, now: T + MIN })).toBe(false);
    expect(await mustRead(store, gate, { entity: 'Customer', since: T - 5 * MIN, now: T + MIN })).toBe(false);
  });

  it('never moves a mark back: an older or repeated notice marks nothing', async () => {
    const store = new MemoryStateStore();
    expect((await recordNotices(store, 'R1', [event('Vendor', T)])).marked).toEqual(['Vendor']);
    expect((await recordNotices(store, 'R1', [event('Vendor', T - MIN)])).marked).toEqual([]);
    expect((await recordNotices(store, 'R1', [event('Vendor', T)])).marked).toEqual([]);
    expect(await store.getWatermark(noticeKey('Vendor'))).toBe(new Date(T).toISOString());
  });

  it('reads past the reconcile interval, for noticed entities, and every run when the host clock is far behind', async () => {
    const store = new MemoryStateStore();
    const gate = noticeGate({ qboReconcileMinutes: 30 }, ['Customer']);
    expect(await mustRead(store, gate, { entity: 'Vendor', since: T, now: T + 29 * MIN })).toBe(false);
    expect(await mustRead(store, gate, { entity: 'Vendor', since: T, now: T + 30 * MIN })).toBe(true);
    expect(await mustRead(store, gate, { entity: 'Customer', since: T, now: T + MIN })).toBe(true);
    expect(await mustRead(store, gate, { entity: 'Vendor', since: T, now: T - 2 * 60 * MIN })).toBe(true);
  });
});
