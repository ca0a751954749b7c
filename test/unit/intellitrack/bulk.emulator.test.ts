import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  DuplicateNameError,
  NotFoundError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { ItBulkOperation, ItBulkResult } from '../../../src/intellitrack/api.js';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import {
  IdempotencyKeyReusedError,
  InvalidBulkOperationError,
  StateConflictError,
} from '../../../src/intellitrack/errors.js';
import { InventoryRecordSchema, ItemSchema, VendorSchema } from '../../../src/intellitrack/schemas/index.js';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';

let emu: IntelliTrackEmulator;
let client: IntelliTrackClient;
const RETRY = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 };

beforeAll(async () => {
  emu = await startIntelliTrackEmulator({ seed: 71 });
  client = new IntelliTrackClient({ baseUrl: emu.baseUrl, apiKey: emu.apiKey, retry: RETRY });
});
afterAll(() => emu.close());

const itemBody = (n: string, extra: Record<string, unknown> = {}) => ({
  divisionId: emu.divisionId,
  itemNumber: `BC-${n}`,
  description: `Item ${n}`,
  uom: 'EA',
  unitCost: 1,
  unitPrice: 2,
  active: true,
  ...extra,
});
const createItem = (n: string, key = `create-${n}`, extra: Record<string, unknown> = {}): ItBulkOperation => ({
  kind: 'create',
  resource: 'items',
  body: itemBody(n, extra),
  idempotencyKey: key,
});

function errorOf(result: ItBulkResult | undefined): unknown {
  if (!result || result.ok) throw new Error(`expected a failed result, got ${JSON.stringify(result)}`);
  return result.error;
}

describe('IntelliTrackClient.bulk against the emulator over sockets', () => {
  it('returns records parsed with their schema and, per failed operation, the error its single call throws', async () => {
    const vendor = await client.create('vendors', { divisionId: emu.divisionId, companyName: 'Bulk Client Vendor' });
    const item = await client.create('items', itemBody('OLD'));
    await client.create('receiving-orders', {
      divisionId: emu.divisionId,
      vendorId: vendor.id,
      orderDate: '2026-05-01',
      lines: [{ itemId: item.id, orderedQty: 1 }],
    });
    const division = await client.getDivision(emu.divisionId);
    const site = (await client.listSites(emu.divisionId)).find((s) => s.id === division.defaultSiteId);
    const load = { itemId: item.id, siteId: site?.id ?? '', locationId: site?.defaultLocationId ?? '', quantity: 4 };
    const results = await client.bulk([
      createItem('NEW'),
      createItem('OLD', 'dup'),
      { kind: 'update', resource: 'items', id: 'itm_missing', body: { unitPrice: 3 }, idempotencyKey: 'u-1' },
      { kind: 'update', resource: 'items', id: item.id, body: { unitPrice: 3 }, ifVersion: 9, idempotencyKey: 'u-2' },
      { kind: 'delete', resource: 'vendors', id: vendor.id, idempotencyKey: 'd-1' },
      createItem('OTHER', 'create-NEW'),
      createItem('KG', 'kg', { uom: 'KG' }),
      { kind: 'loadInventory', body: load, idempotencyKey: 'load-1' },
      {
        kind: 'update',
        resource: 'vendors',
        id: vendor.id,
        body: { city: 'Reno' },
        ifVersion: 1,
        idempotencyKey: 'u-3',
      },
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 409, 404, 412, 409, 422, 422, 200, 200]);
    const [made, , , , , , , loaded, updated] = results;
    expect(made?.ok && ItemSchema.parse(made.record).itemNumber).toBe('BC-NEW');
    expect(loaded?.ok && InventoryRecordSchema.parse(loaded.record).onHand).toBe(4);
    expect(updated?.ok && VendorSchema.parse(updated.record)).toMatchObject({ city: 'Reno', version: 2 });
    expect(errorOf(results[1])).toBeInstanceOf(DuplicateNameError);
    expect(errorOf(results[2])).toBeInstanceOf(NotFoundError);
    const stale = errorOf(results[3]);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).not.toBeInstanceOf(StateConflictError);
    expect(errorOf(results[4])).toBeInstanceOf(StateConflictError);
    expect(errorOf(results[5])).toBeInstanceOf(IdempotencyKeyReusedError);
    const invalid = errorOf(results[6]) as ValidationError;
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.element).toBe('/uom');
    expect(invalid.method).toBe('POST');
    expect(invalid.url).toBe(`${emu.baseUrl}/items`);
    expect(invalid.requestId).toMatch(/^req_/);
    expect((errorOf(results[4]) as ConflictError).url).toBe(`${emu.baseUrl}/vendors/${vendor.id}`);
    expect(emu.data.list('items', (i) => i.itemNumber === 'BC-OTHER')).toHaveLength(0);
  });

  it('splits 250 operations into 3 requests of at most 100, results in input order', async () => {
    emu.requests.reset();
    const ops = Array.from({ length: 250 }, (_, i) => createItem(`CH-${i}`));
    const results = await client.bulk(ops);
    expect(emu.requests.count({ kind: 'bulk' })).toBe(3);
    expect(emu.requests.total).toBe(3);
    expect(emu.requests.operations.count({ kind: 'create', resource: 'items' })).toBe(250);
    expect(results.map((r) => (r.ok ? (r.record as { itemNumber: string }).itemNumber : r.status))).toEqual(
      ops.map((_, i) => `BC-CH-${i}`),
    );
    expect(emu.data.list('items', (i) => i.itemNumber.startsWith('BC-CH-'))).toHaveLength(250);
  });

  it('does not send an operation whose body breaks its schema; its result names the operation and field', async () => {
    emu.requests.reset();
    const results = await client.bulk([
      createItem('FINE-1'),
      createItem('TOO-LONG', 'too-long', { description: 'D'.repeat(33) }),
      { kind: 'update', resource: 'items', id: 'x', body: { unitPrice: -1 } as never, idempotencyKey: '' },
      createItem('FINE-2'),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 422, 422, 201]);
    const error = errorOf(results[1]) as InvalidBulkOperationError;
    expect(error).toBeInstanceOf(InvalidBulkOperationError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.index).toBe(1);
    expect(error.element).toBe('/description');
    expect(error.message).toContain('Item to create (bulk operation 1)');
    expect(error.status).toBeUndefined();
    expect((errorOf(results[2]) as InvalidBulkOperationError).element).toBe('/idempotencyKey');
    expect(emu.requests.operations.total).toBe(2);
    expect(emu.data.list('items', (i) => i.itemNumber === 'BC-TOO-LONG')).toHaveLength(0);
  });

  it('a lost bulk response is retried under the same key and replayed: every write exists once', async () => {
    emu.requests.reset();
    emu.faults.script(['lost-response'], { kind: 'bulk' });
    const ops = [createItem('LOST-1'), createItem('LOST-2')];
    const results = await client.bulk(ops);
    expect(emu.faults.injected['lost-response']).toBeGreaterThanOrEqual(1);
    expect(emu.requests.count({ kind: 'bulk' })).toBe(2);
    expect(results.every((r) => r.ok && r.replayed)).toBe(true);
    expect(emu.data.list('items', (i) => i.itemNumber.startsWith('BC-LOST-'))).toHaveLength(2);
    // The same operations in a later call are the same request: replayed whole, nothing written.
    const again = await client.bulk(ops);
    expect(again.map((r) => r.ok && r.replayed)).toEqual([true, true]);
    const first = results[0];
    expect(again[0]?.ok && first?.ok && again[0].record).toEqual(first?.ok && first.record);
  });

  it('throws for a request that fails as a whole, and sends nothing for no operations', async () => {
    emu.requests.reset();
    expect(await client.bulk([])).toEqual([]);
    expect(emu.requests.total).toBe(0);
    const wrongKey = new IntelliTrackClient({ baseUrl: emu.baseUrl, apiKey: 'itk_wrong', retry: RETRY });
    await expect(wrongKey.bulk([createItem('AUTH')])).rejects.toBeInstanceOf(AuthenticationError);
    expect(emu.data.list('items', (i) => i.itemNumber === 'BC-AUTH')).toHaveLength(0);
  });
});
