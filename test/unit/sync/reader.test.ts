import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboApi, QuerySpec } from '../../../src/qbo/api.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';
import { meterQbo } from '../../../src/sync/engine/metered.js';
import { QBO_READ_QUERIES } from '../../../src/sync/read/qbo-reads.js';
import { QboChangeReader, qboWatermarkKey } from '../../../src/sync/read/sources.js';
import { emptyCalls } from '../../../src/sync/report.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { type QboEmulator, startQboEmulator } from '../../../src/testing/qbo/index.js';
import { bound } from '../../integration/sync/qbo-helpers.js';

/**
 * The reader against the QBO emulator over HTTP: 2,222 items of which exactly 2,000 are Inventory
 * (active and inactive), 1,000 customers, 7 vendors, no purchase orders or estimates.
 */

const START = Date.parse('2026-03-02T17:00:00Z');
let now = START;
const clock = { now: () => now };
let emu: QboEmulator;
let client: QboClient;

/** An emulator seeded with the company above and a client with fast retries. */
async function startCompany(): Promise<{ emu: QboEmulator; client: QboClient }> {
  const emu = await startQboEmulator({ seed: 5, clock, limits: false });
  emu.data.seedCompany({ items: 2_222, vendors: 7, customers: 1_000, purchaseOrders: 0, estimates: 0 });
  const client = new QboClient({
    realmId: emu.realmId,
    environment: 'sandbox',
    baseUrl: emu.baseUrl,
    auth: new StaticTokenProvider(emu.issueAccessToken()),
    clock,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
  });
  return { emu, client };
}

beforeAll(async () => {
  ({ emu, client } = await startCompany());
});

afterAll(async () => {
  await emu?.close();
});

beforeEach(() => {
  now += 60_000;
  emu.requests.reset();
});

const ALL: QuerySpec[] = Object.values(QBO_READ_QUERIES);

function inventoryIds(): string[] {
  return emu.data
    .list('Item')
    .filter((i) => i.Type === 'Inventory')
    .map((i) => i.Id);
}

function reader(qbo: QboApi, store = new MemoryStateStore(), notes: string[] = []) {
  return new QboChangeReader({ qbo, store, clock, maxAgeDays: 30, notes });
}

async function readIds(r: QboChangeReader, query: QuerySpec): Promise<{ ids: string[]; pages: number[] }> {
  const read = await r.read(query);
  const ids: string[] = [];
  const pages: number[] = [];
  for await (const page of read.pages) {
    pages.push(page.length);
    for (const record of page) ids.push(String((record as { Id: string }).Id));
  }
  return { ids, pages };
}

describe('QboChangeReader full reads', () => {
  it('starts the full reads of every entity with one batch request, then pages each only up to its count', async () => {
    const calls = emptyCalls();
    const r = reader(meterQbo(client, () => calls));
    await r.prefetch(ALL);
    expect(emu.requests.byKind()).toEqual({ batch: 1 });

    const items = await readIds(r, QBO_READ_QUERIES.Item);
    expect(items.pages).toEqual([1000, 1000]);
    expect(new Set(items.ids)).toEqual(new Set(inventoryIds()));
    expect(items.ids).toHaveLength(2000);
    const customers = await readIds(r, QBO_READ_QUERIES.Customer);
    expect(customers.pages).toEqual([1000]);
    expect(customers.ids.sort()).toEqual(
      emu.data
        .list('Customer')
        .map((c) => c.Id)
        .sort(),
    );
    expect((await readIds(r, QBO_READ_QUERIES.Vendor)).ids).toHaveLength(7);
    expect((await readIds(r, QBO_READ_QUERIES.PurchaseOrder)).ids).toEqual([]);
    expect((await readIds(r, QBO_READ_QUERIES.Estimate)).ids).toEqual([]);

    // One batch (5 counts + 5 first pages) and the second page of items: no request finds the end.
    expect(emu.requests.byKind()).toEqual({ batch: 1, query: 1 });
    expect(calls.qbo).toEqual({ query: 1, cdc: 0, batch: 1, write: 0, read: 0 });
  });

  it('prefetches on read() too: a single entity costs one batch and the pages after the first', async () => {
    const items = await readIds(reader(client), QBO_READ_QUERIES.Item);
    expect(items.ids).toHaveLength(2000);
    expect(emu.requests.byKind()).toEqual({ batch: 1, query: 1 });
  });

  it('saves the watermark of the prefetch (minus the overlap), not of the later read', async () => {
    const r = reader(client);
    const prefetchedAt = now;
    await r.prefetch([QBO_READ_QUERIES.Vendor]);
    now += 120_000;
    const read = await r.read(QBO_READ_QUERIES.Vendor);
    expect(read.mode).toBe('full');
    expect(read.watermark).toEqual({
      key: qboWatermarkKey('Vendor'),
      value: new Date(prefetchedAt - 5_000).toISOString(),
    });
  });

  it('stops at the counted total when records are added after the count; they are newer than the watermark', async () => {
    // Its own company: the records it adds would change what the other tests count.
    const own = await startCompany();
    try {
      const r = reader(own.client);
      await r.prefetch([QBO_READ_QUERIES.Item]);
      now += 1_000;
      const template = own.emu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
      if (!template) throw new Error('no inventory item seeded');
      const added = [1, 2, 3].map(
        (n) =>
          own.emu.data.create('Item', {
            Name: `Added after the count ${n}`,
            Type: 'Inventory',
            TrackQtyOnHand: true,
            QtyOnHand: 1,
            InvStartDate: '2026-01-01',
            IncomeAccountRef: template.IncomeAccountRef,
            ExpenseAccountRef: template.ExpenseAccountRef,
            AssetAccountRef: template.AssetAccountRef,
          }).Id,
      );
      const read = await r.read(QBO_READ_QUERIES.Item);
      const ids: string[] = [];
      for await (const page of read.pages) for (const record of page) ids.push(record.Id ?? '');
      expect(ids).toHaveLength(2000);
      for (const id of added) expect(ids).not.toContain(id);
      expect(own.emu.requests.byKind()).toEqual({ batch: 1, query: 1 });
      // The next CDC run asks for changes after the watermark: the added records are among them.
      for (const id of added) {
        const updated = Date.parse(String(own.emu.data.get('Item', id)?.MetaData?.LastUpdatedTime));
        expect(updated).toBeGreaterThan(Date.parse(read.watermark.value));
      }
    } finally {
      await own.emu.close();
    }
  });

  it('reads every record once through a host API that ignores startPosition and total', async () => {
    const host: QboApi = {
      ...bound(client),
      pages: (query, options) => client.pages(query, options?.signal ? { signal: options.signal } : {}),
    };
    const items = await readIds(reader(host), QBO_READ_QUERIES.Item);
    expect(items.ids).toHaveLength(2000);
    expect(new Set(items.ids)).toEqual(new Set(inventoryIds()));
    // Page 1 served again (skipped), page 2; the reader stops at the count itself.
    expect(emu.requests.byKind()).toEqual({ batch: 1, query: 2 });
  });

  it('pages until the short page, as before, when the batch does not answer the count', async () => {
    const host: QboApi = {
      ...bound(client),
      batch: async (operations, options) =>
        (await client.batch(operations, options)).map((result) => {
          if (!result.ok) return result;
          const { totalCount: _dropped, ...rest } = result;
          return rest;
        }),
    };
    const items = await readIds(reader(host), QBO_READ_QUERIES.Item);
    expect(items.ids).toHaveLength(2000);
    expect(items.pages).toEqual([1000, 1000, 0]);
    expect(emu.requests.byKind()).toEqual({ batch: 1, query: 2 });
  });

  it('falls back to a plain paged read for an entity whose batched page failed, and notes it', async () => {
    emu.faults.enqueue({ type: 'inventoryLock', kinds: ['batch'] });
    const notes: string[] = [];
    const r = reader(client, new MemoryStateStore(), notes);
    await r.prefetch([QBO_READ_QUERIES.Item, QBO_READ_QUERIES.Vendor]);
    await r.prefetch([QBO_READ_QUERIES.Item]);
    expect(notes.filter((n) => n.includes('first page not read in the batch'))).toHaveLength(2);
    const items = await readIds(r, QBO_READ_QUERIES.Item);
    expect(items.ids).toHaveLength(2000);
    expect(items.pages).toEqual([1000, 1000, 0]);
    expect(emu.requests.byKind()).toEqual({ batch: 1, query: 3 });
  });

  it('falls back to plain paged reads when the whole batch fails after the retries', async () => {
    emu.faults.enqueue(
      { type: 'serverError', status: 503, kinds: ['batch'] },
      { type: 'serverError', kinds: ['batch'] },
    );
    const notes: string[] = [];
    const r = reader(client, new MemoryStateStore(), notes);
    await r.prefetch([QBO_READ_QUERIES.Vendor]);
    const vendors = await readIds(r, QBO_READ_QUERIES.Vendor);
    expect(vendors.ids).toHaveLength(7);
    expect(notes.some((n) => n.startsWith('batched first pages unavailable'))).toBe(true);
    expect(emu.requests.byKind()).toEqual({ batch: 2, query: 1 });
  });

  it('reads again when a flow reads with another query than the one prefetched', async () => {
    const notes: string[] = [];
    const r = reader(client, new MemoryStateStore(), notes);
    await r.prefetch([QBO_READ_QUERIES.Vendor]);
    const other = await readIds(r, { entity: 'Vendor' });
    expect(other.ids).toHaveLength(7);
    expect(notes).toEqual(['Vendor: prefetched page was read with another query; read again']);
    expect(emu.requests.byKind()).toEqual({ batch: 1, query: 1 });
  });

  it('answers entities with a recent watermark from one CDC call and starts the others in one batch', async () => {
    const store = new MemoryStateStore();
    await store.setWatermark(qboWatermarkKey('Vendor'), new Date(now - 3_600_000).toISOString());
    await store.setWatermark(qboWatermarkKey('Estimate'), new Date(now - 3_600_000).toISOString());
    const r = reader(client, store);
    await r.prefetch(ALL);
    expect(emu.requests.byKind()).toEqual({ cdc: 1, batch: 1 });
    expect((await r.read(QBO_READ_QUERIES.Vendor)).mode).toBe('cdc');
    expect((await r.read(QBO_READ_QUERIES.Estimate)).mode).toBe('cdc');
    for (const query of [QBO_READ_QUERIES.Item, QBO_READ_QUERIES.Customer, QBO_READ_QUERIES.PurchaseOrder]) {
      expect((await r.read(query)).mode).toBe('full');
    }
    expect(emu.requests.byKind()).toEqual({ cdc: 1, batch: 1 });
  });
});
