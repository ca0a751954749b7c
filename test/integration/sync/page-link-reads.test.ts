import { afterEach, describe, expect, it } from 'vitest';
import type { SyncReport } from '../../../src/sync/report.js';
import { CountingStore } from './counting-store.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 250, vendors: 40, customers: 40, purchaseOrders: 30, estimates: 30, seed: 23 };

function total(report: SyncReport, field: 'read' | 'created' | 'updated' | 'deleted' | 'drift' | 'failed'): number {
  return Object.values(report.entities).reduce((sum, e) => sum + (e?.[field] ?? 0), 0);
}

/** A store written outside the package: only the one-link reads, no `getLinksBy…Ids`. */
function withoutPageReads(store: CountingStore): CountingStore {
  Object.defineProperty(store, 'getLinksByQboIds', { value: undefined });
  Object.defineProperty(store, 'getLinksByItIds', { value: undefined });
  return store;
}

describe('reading the links of a page of records', () => {
  it.each([
    ['a store with page reads', false],
    ['a store with one-link reads only', true],
  ])(
    'plans a cycle from the links of each page, read together (%s)',
    async (_, plain) => {
      world = await startWorld({ company: COMPANY });
      const w = world;
      const store = plain ? withoutPageReads(new CountingStore()) : new CountingStore();
      const sync = w.withStore(store);
      const first = await sync.syncAll();
      expect(first.status, JSON.stringify(first.error)).toBe('completed');
      expect(total(first, 'failed')).toBe(0);
      expect(total(first, 'created')).toBeGreaterThan(COMPANY.items);

      // The next cycle reads the first sync's records back: QBO's, changed since the watermark's
      // overlap, and IntelliTrack's own writes from its change feeds. Each is planned from its link.
      store.calls.linkReads = 0;
      store.calls.linkPageReads = 0;
      const echo = await sync.syncAll();
      expect(echo.status, JSON.stringify(echo.error)).toBe('completed');
      const read = total(echo, 'read');
      expect(read).toBeGreaterThan(COMPANY.items);
      expect(total(echo, 'created') + total(echo, 'updated') + total(echo, 'deleted')).toBe(0);
      expect(total(echo, 'drift')).toBe(0);
      if (plain) {
        // Without page reads each record's link is read alone, as before.
        expect(store.calls.linkPageReads).toBe(0);
        expect(store.calls.linkReads).toBeGreaterThan(read);
      } else {
        // One read per page (of up to 100 QBO records or an IntelliTrack feed page) and kind of
        // reference, instead of one or more per record.
        expect(store.calls.linkReads).toBeLessThan(read / 10);
        expect(store.calls.linkPageReads).toBeGreaterThan(0);
        expect(store.calls.linkPageReads).toBeLessThan(read / 10);
      }
    },
    60_000,
  );
});
