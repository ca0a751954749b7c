import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  ConnectionError,
  DuplicateNameError,
  NotFoundError,
  RateLimitError,
  ValidationError,
} from '../../src/core/errors.js';
import type { ChangeFeedPage } from '../../src/intellitrack/api.js';
import { IntelliTrackClient } from '../../src/intellitrack/client.js';
import { PROBLEM_TYPE_BASE, StateConflictError } from '../../src/intellitrack/errors.js';
import type { Customer, Item } from '../../src/intellitrack/schemas/index.js';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../src/testing/intellitrack/index.js';

const RETRY = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 };

let emu: IntelliTrackEmulator;
let client: IntelliTrackClient;
let divisionId: string;

beforeAll(async () => {
  emu = await startIntelliTrackEmulator({ seed: 11, warehouse: { items: 230, vendors: 4, customers: 4 } });
  divisionId = emu.divisionId;
  client = new IntelliTrackClient({ baseUrl: emu.baseUrl, apiKey: emu.apiKey, retry: RETRY, timeoutMs: 2_000 });
});
afterAll(() => emu.close());
beforeEach(() => emu.faults.clear());

function newItem(itemNumber: string) {
  return { divisionId, itemNumber, description: 'Widget', uom: 'EA', unitCost: 1, unitPrice: 2, active: true };
}

describe('IntelliTrackClient against the emulator over sockets', () => {
  it('reads reference data', async () => {
    const division = await client.getDivision(divisionId);
    const sites = await client.listSites(divisionId);
    const first = sites[0];
    if (!first) throw new Error('no site seeded');
    const locations = await client.listLocations(first.id);
    const uoms = await client.listUoms(divisionId);
    expect(division.id).toBe(divisionId);
    expect(sites.length).toBe(2);
    expect(locations.every((l) => l.siteId === first.id)).toBe(true);
    expect(uoms.map((u) => u.code).sort()).toEqual(['BX', 'CS', 'EA']);
  });

  it('pages through every item with small pages, each once', async () => {
    const ids: string[] = [];
    let pages = 0;
    for await (const page of client.pages('items', { divisionId, limit: 37 })) {
      pages++;
      ids.push(...page.data.map((i) => i.id));
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(emu.data.count('items'));
    expect(pages).toBe(Math.ceil(ids.length / 37));
  });

  it('creates, updates with If-Match and reports a stale version as ConflictError', async () => {
    const item = await client.create('items', newItem('IT-CLIENT-1'));
    const updated = await client.update('items', item.id, { description: 'Renamed' }, { ifVersion: item.version });
    expect(updated.version).toBe(item.version + 1);
    await expect(
      client.update('items', item.id, { description: 'Late' }, { ifVersion: item.version }),
    ).rejects.toBeInstanceOf(ConflictError);
    const again = await client.get('items', item.id);
    expect(again.description).toBe('Renamed');
  });

  it('maps a duplicate item number to DuplicateNameError naming the field', async () => {
    await client.create('items', newItem('IT-DUP-1'));
    const error = await client.create('items', newItem('it-dup-1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateNameError);
    expect((error as DuplicateNameError).element).toBe('/itemNumber');
    expect((error as DuplicateNameError).requestId).toMatch(/^req_/);
  });

  it('maps unknown records to NotFoundError and state conflicts to StateConflictError', async () => {
    await expect(client.get('items', 'nope')).rejects.toBeInstanceOf(NotFoundError);
    const item = await client.create('items', newItem('IT-ADJ-1'));
    await client.loadInventory({ itemId: item.id, siteId: siteOf(), locationId: locationOf(), quantity: 1 });
    const error = await client
      .create('adjustments', {
        divisionId,
        itemId: item.id,
        siteId: siteOf(),
        locationId: locationOf(),
        quantityChange: -5,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateConflictError);
  });

  it('retries a lost create under the same Idempotency-Key and makes one record', async () => {
    emu.faults.script(['lost-response'], { method: 'POST' });
    const before = emu.data.count('items');
    const item = await client.create('items', newItem('IT-LOST-1'));
    expect(emu.data.count('items')).toBe(before + 1);
    expect(item.itemNumber).toBe('IT-LOST-1');
  });

  it('a replayed key with another body is a ValidationError', async () => {
    await client.create('items', newItem('IT-KEY-1'), { idempotencyKey: 'fixed-key-1' });
    await expect(client.create('items', newItem('IT-KEY-2'), { idempotencyKey: 'fixed-key-1' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('waits out a 429 and gives up on a connection that keeps resetting', async () => {
    emu.faults.storm(1, 0);
    await expect(client.getDivision(divisionId)).resolves.toMatchObject({ id: divisionId });
    emu.faults.script(['reset', 'reset', 'reset', 'reset']);
    await expect(client.getDivision(divisionId)).rejects.toBeInstanceOf(ConnectionError);
    const noRetry = new IntelliTrackClient({ baseUrl: emu.baseUrl, apiKey: emu.apiKey, retry: { maxRetries: 0 } });
    emu.faults.storm(1, 1);
    await expect(noRetry.getDivision(divisionId)).rejects.toBeInstanceOf(RateLimitError);
  });

  it('follows the change feed to the end, with tombstones, and resumes from the cursor', async () => {
    let cursor: string | null = null;
    let hasMore = true;
    while (hasMore) {
      const page: ChangeFeedPage<Customer> = await client.changes('customers', { divisionId, cursor, limit: 2 });
      cursor = page.nextCursor;
      hasMore = page.hasMore;
    }
    const customer = await client.create('customers', { divisionId, companyName: 'Feed & Co' });
    await client.delete('customers', customer.id);
    const page = await client.changes('customers', { divisionId, cursor });
    expect(page.hasMore).toBe(false);
    expect(page.deleted.map((t) => t.id)).toContain(customer.id);
  });

  it('misses no change when records are edited while the feed is paged', async () => {
    const latest = new Map<string, number>();
    let cursor: string | null = null;
    let hasMore = true;
    let round = 0;
    while (hasMore) {
      const page: ChangeFeedPage<Item> = await client.changes('items', { divisionId, cursor, limit: 25 });
      for (const record of page.records) latest.set(record.id, record.version);
      cursor = page.nextCursor;
      hasMore = page.hasMore;
      // A person edits an item already read and one not read yet, between two pages.
      if (round++ < 5) {
        const [seen] = [...latest.keys()];
        const unseen = emu.data.list('items').find((i) => !latest.has(i.id));
        for (const id of [seen, unseen?.id]) {
          if (id !== undefined) await client.update('items', id, { description: `Edit ${round}` });
        }
      }
    }
    const stored = emu.data.list('items');
    expect(latest.size).toBe(stored.length);
    for (const record of stored) expect(latest.get(record.id), record.id).toBe(record.version);
  });

  it('the API answers a value over its field limit with a 422 problem naming the field', async () => {
    const response = await fetch(`${emu.baseUrl}/items`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${emu.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': 'k-long',
      },
      body: JSON.stringify({ ...newItem('IT-LONG-2'), description: 'D'.repeat(40) }),
    });
    const body = (await response.json()) as {
      type: string;
      status: number;
      errors: { pointer: string; detail: string }[];
    };
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(body.status).toBe(422);
    expect(body.type).toBe(`${PROBLEM_TYPE_BASE}validation`);
    expect(body.errors[0]?.pointer).toBe('/description');
    expect(body.errors[0]?.detail).toContain('32');
  });

  it('receives on an order, closes and reopens it, and exports an adjustment once', async () => {
    const item = await client.create('items', newItem('IT-RCV-1'));
    const vendors: string[] = [];
    for await (const v of client.records('vendors', { divisionId })) vendors.push(v.id);
    const order = await client.create('receiving-orders', {
      divisionId,
      vendorId: vendors[0] ?? '',
      orderDate: '2026-01-05',
      lines: [{ itemId: item.id, orderedQty: 5 }],
    });
    const received = await client.receive(order.id, { lines: [{ lineNumber: 1, quantity: 2 }] });
    expect(received.lines[0]?.receivedQty).toBe(2);
    expect((await client.closeOrder('receiving-orders', order.id)).status).toBe('Closed');
    expect((await client.reopenOrder('receiving-orders', order.id)).status).toBe('Open');
    const adj = await client.create('adjustments', {
      divisionId,
      itemId: item.id,
      siteId: siteOf(),
      locationId: locationOf(),
      quantityChange: -1,
    });
    const exported = await client.markAdjustmentExported(adj.id, { externalRef: '77' });
    const twice = await client.markAdjustmentExported(adj.id, { externalRef: '77' });
    expect(exported.exportStatus).toBe('exported');
    expect(twice.version).toBe(exported.version);
    await expect(client.markAdjustmentExported(adj.id, { externalRef: '78' })).rejects.toBeInstanceOf(
      StateConflictError,
    );
  });

  it('every record the emulator returns passes the schemas (validated by the client)', async () => {
    const seen: Item[] = [];
    for await (const item of client.records('items', { divisionId })) seen.push(item);
    expect(seen.length).toBeGreaterThan(200);
  });
});

function siteOf(): string {
  const site = emu.data.list('sites')[0];
  if (!site) throw new Error('no site');
  return site.id;
}

function locationOf(): string {
  const site = siteOf();
  const location = emu.data.list('locations').find((l) => l.siteId === site);
  if (!location) throw new Error('no location');
  return location.id;
}
