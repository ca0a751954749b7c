import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, DuplicateNameError, NotFoundError } from '../../../src/core/errors.js';
import { QboClient, resetRealmLimiters, StaticTokenProvider, select } from '../../../src/qbo/index.js';
import { inventoryItem, startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo;
let client: QboClient;
beforeEach(async () => {
  resetRealmLimiters();
  t = await startTestQbo();
  client = new QboClient({
    realmId: t.qbo.realmId,
    environment: 'sandbox',
    baseUrl: t.qbo.baseUrl,
    auth: new StaticTokenProvider(t.token),
    retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 },
    timeoutMs: 2000,
  });
});
afterEach(async () => {
  await t.qbo.close();
});

describe('conformance with our own QboClient', () => {
  it('creates, reads, updates, counts and pages through queries with awkward names', async () => {
    const created = await client.create('Item', inventoryItem(t.qbo, '6" pipe \\ fitting', 3));
    await client.create('Item', inventoryItem(t.qbo, "O'Brien's widget", 0, { Active: false }));
    for (let i = 0; i < 5; i += 1) await client.create('Item', inventoryItem(t.qbo, `Filler ${i}`, i));
    const read = await client.read('Item', created.Id as string);
    expect(read.Name).toBe('6" pipe \\ fitting');
    const updated = await client.update('Item', { Id: read.Id, SyncToken: read.SyncToken, Description: 'x' });
    expect(updated.SyncToken).toBe('1');
    const exact = [];
    for await (const item of client.records(select('Item').where('Name', '=', '6" pipe \\ fitting').toSpec()))
      exact.push(item);
    expect(exact.map((i) => i.Id)).toEqual([created.Id]);
    const all = [];
    for await (const item of client.records({ entity: 'Item', includeInactive: true })) all.push(item.Name);
    expect(all).toHaveLength(7);
    expect(all).toContain("O'Brien's widget (deleted)");
    expect(await client.count({ entity: 'Item' })).toBe(6);
  });

  it('maps stale SyncToken, duplicate names and missing records to typed errors', async () => {
    const v = await client.create('Vendor', { DisplayName: 'Typed' });
    await client.update('Vendor', { Id: v.Id, SyncToken: v.SyncToken, AcctNum: '1' });
    await expect(client.update('Vendor', { Id: v.Id, SyncToken: v.SyncToken, AcctNum: '2' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(client.create('Customer', { DisplayName: 'typed' })).rejects.toBeInstanceOf(DuplicateNameError);
    await expect(client.read('Vendor', '4242')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('retries through 503, throttling and a lost response without creating twice', async () => {
    t.qbo.faults.enqueue(
      { type: 'serverError', status: 503 },
      { type: 'throttle', retryAfterSeconds: 0 },
      { type: 'dropResponse' },
    );
    const v = await client.create('Vendor', { DisplayName: 'Exactly once' });
    expect(v.DisplayName).toBe('Exactly once');
    expect(t.qbo.data.list('Vendor').filter((x) => x.DisplayName === 'Exactly once')).toHaveLength(1);
    expect(t.qbo.requests.count('create')).toBe(4);
  });

  it('runs batches (one result per operation) and reads changes', async () => {
    const since = new Date(Date.now() - 1000);
    const results = await client.batch([
      { operation: 'create', entity: 'Vendor', body: { DisplayName: 'Batch A' } },
      { operation: 'create', entity: 'Vendor', body: { DisplayName: 'Batch A' } },
      { operation: 'query', query: 'SELECT * FROM Vendor' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const changes = await client.changes({ entities: ['Vendor'], since });
    expect(changes.map((c) => c.status)).toEqual(['Updated']);
  });
});
