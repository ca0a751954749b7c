import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConflictError,
  DuplicateNameError,
  NotFoundError,
  ResponseValidationError,
  TimeoutError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { ItBulkOperation, ItBulkResult } from '../../../src/intellitrack/api.js';
import { bulkIdempotencyKey } from '../../../src/intellitrack/bulk.js';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { IdempotencyKeyReusedError, PROBLEM_TYPE_BASE, StateConflictError } from '../../../src/intellitrack/errors.js';
import { type BulkOperation, BulkRequestSchema } from '../../../src/intellitrack/schemas/index.js';
import { IntelliTrackEmulatorCore } from '../../../src/testing/index.js';
import { createIntelliTrackEmulatorHandlers } from '../../../src/testing/msw.js';
import { itemCreateBody, itemRecord, T } from './records.js';

const BASE = 'http://it.test/v1';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RETRY = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 };
const client = (extra: Partial<ConstructorParameters<typeof IntelliTrackClient>[0]> = {}) =>
  new IntelliTrackClient({ baseUrl: BASE, apiKey: 'itk_test', retry: RETRY, ...extra });

const record = itemRecord;
const body = itemCreateBody;
const create = (key: string, b = body): ItBulkOperation => ({
  kind: 'create',
  resource: 'items',
  body: b,
  idempotencyKey: key,
});
const problem = (status: number, slug: string, extra: Record<string, unknown> = {}) => ({
  status,
  problem: { type: PROBLEM_TYPE_BASE + slug, title: 'T', status, detail: `detail of ${slug}`, ...extra },
});

interface Seen {
  key: string | null;
  operations: BulkOperation[];
}

/** Answers every bulk request with `answer(operations)`, recording what was sent. */
function bulkServer(answer: (ops: BulkOperation[]) => unknown[], seen: Seen[] = []): Seen[] {
  server.use(
    http.post(`${BASE}/bulk`, async ({ request }) => {
      const { operations } = BulkRequestSchema.parse(await request.json());
      seen.push({ key: request.headers.get('idempotency-key'), operations });
      return HttpResponse.json({ results: answer(operations) }, { headers: { 'x-request-id': 'req_bulk' } });
    }),
  );
  return seen;
}

const created = (ops: BulkOperation[]) => ops.map((_, i) => ({ status: 201, body: record(`i${i}`), replayed: false }));

describe('IntelliTrackClient.bulk over msw', () => {
  it('sends each operation as its single request would: method, encoded path, If-Match, body, own key', async () => {
    const stock = { id: 'inv1', version: 1, createdAt: T, updatedAt: T, itemId: 'i', siteId: 's', locationId: 'l' };
    const inventory = { ...stock, lot: null, serial: null, expirationDate: null, onHand: 2, inventoried: 2 };
    const answer = (op: BulkOperation) => {
      if (op.method === 'DELETE') return { status: 204, replayed: false };
      return { status: 200, body: op.path === '/inventory' ? inventory : record('a b', 4), replayed: false };
    };
    const seen = bulkServer((ops) => ops.map(answer));
    await client().bulk([
      { kind: 'update', resource: 'items', id: 'a b', body: { unitPrice: 3 }, ifVersion: 3, idempotencyKey: 'u' },
      { kind: 'delete', resource: 'picking-orders', id: 'p?1', idempotencyKey: 'd' },
      { kind: 'loadInventory', body: { itemId: 'i', siteId: 's', locationId: 'l', quantity: 2 }, idempotencyKey: 'l' },
    ]);
    expect(seen[0]?.operations).toEqual([
      { method: 'PATCH', path: '/items/a%20b', idempotencyKey: 'u', ifMatch: '"3"', body: { unitPrice: 3 } },
      { method: 'DELETE', path: '/picking-orders/p%3F1', idempotencyKey: 'd' },
      {
        method: 'POST',
        path: '/inventory',
        idempotencyKey: 'l',
        body: { itemId: 'i', siteId: 's', locationId: 'l', quantity: 2 },
      },
    ]);
  });

  it('derives the request key from its operations: the same operations give the same key, others another', async () => {
    const seen = bulkServer(created);
    await client().bulk([create('k1'), create('k2')]);
    await client().bulk([
      create('k1'),
      create('k2', Object.fromEntries(Object.entries(body).reverse()) as typeof body),
    ]);
    await client().bulk([create('k1'), create('k3')]);
    await client().bulk([create('k1'), create('k2', { ...body, unitPrice: 9 })]);
    const keys = seen.map((s) => s.key);
    expect(keys[0]).toMatch(/^bulk_[0-9a-f]{64}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).not.toBe(keys[0]);
    expect(keys[0]).toBe(bulkIdempotencyKey(seen[0]?.operations ?? []));
  });

  it('splits 250 operations into requests of 100, 100 and 50, each with its own key, results in order', async () => {
    const seen = bulkServer((ops) =>
      ops.map((op) => ({ status: 201, body: record(op.idempotencyKey), replayed: false })),
    );
    const results = await client().bulk(Array.from({ length: 250 }, (_, i) => create(`c${i}`)));
    expect(seen.map((s) => s.operations.length)).toEqual([100, 100, 50]);
    expect(new Set(seen.map((s) => s.key)).size).toBe(3);
    expect(results.map((r) => r.ok && (r.record as { id: string }).id)).toEqual(
      Array.from({ length: 250 }, (_, i) => `c${i}`),
    );
  });

  it('turns each problem into the error class of its single request', async () => {
    const answers = [
      problem(409, 'duplicate', { errors: [{ pointer: '/itemNumber', detail: 'used' }] }),
      problem(409, 'order-closed'),
      problem(412, 'stale-version'),
      problem(404, 'not-found'),
      problem(422, 'validation', { errors: [{ pointer: '/uom', detail: 'unknown' }] }),
      problem(422, 'idempotency-key-reused'),
      { status: 200, body: record('ok', 2), replayed: true },
    ];
    bulkServer(() => answers);
    const results = await client().bulk(answers.map((_, i) => create(`e${i}`)));
    const errors = results.map((r: ItBulkResult) => (r.ok ? null : r.error));
    expect(errors[0]).toBeInstanceOf(DuplicateNameError);
    expect((errors[0] as DuplicateNameError).element).toBe('/itemNumber');
    expect(errors[1]).toBeInstanceOf(StateConflictError);
    expect(errors[2]).toBeInstanceOf(ConflictError);
    expect(errors[2]).not.toBeInstanceOf(StateConflictError);
    expect(errors[3]).toBeInstanceOf(NotFoundError);
    expect(errors[4]).toBeInstanceOf(ValidationError);
    expect((errors[4] as ValidationError).element).toBe('/uom');
    expect(errors[5]).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(errors[0]).toMatchObject({ status: 409, requestId: 'req_bulk', method: 'POST', url: `${BASE}/items` });
    expect(errors[0]?.message).toContain('detail of duplicate');
    expect(results[6]).toMatchObject({ ok: true, status: 200, replayed: true, record: { id: 'ok', version: 2 } });
  });

  it('rejects an answer that breaks the contract: a bad record, or not one result per operation', async () => {
    bulkServer((ops) => ops.map(() => ({ status: 200, body: { ...record('bad'), version: 'two' }, replayed: false })));
    const update: ItBulkOperation = {
      kind: 'update',
      resource: 'items',
      id: 'bad',
      body: { unitPrice: 1 },
      idempotencyKey: 'b',
    };
    const error = (await client()
      .bulk([update])
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).toMatchObject({ entity: 'Item', id: 'bad', url: `${BASE}/items/bad` });
    expect(error.issues.map((i) => i.path)).toContain('version');
    bulkServer((ops) => created(ops).slice(1));
    const short = (await client()
      .bulk([create('s1'), create('s2')])
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(short).toBeInstanceOf(ResponseValidationError);
    expect(short.issues[0]?.message).toBe('expected 2 results, got 1');
  });

  it('retries a 503 with the same key, and stops on abort between and during requests', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/bulk`, async ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length === 1) return HttpResponse.json({ type: 'x', title: 'busy', status: 503 }, { status: 503 });
        const { operations } = BulkRequestSchema.parse(await request.json());
        return HttpResponse.json({ results: created(operations) });
      }),
    );
    expect((await client().bulk([create('r1')]))[0]?.ok).toBe(true);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    const controller = new AbortController();
    const seen = bulkServer((ops) => {
      controller.abort();
      return created(ops);
    });
    const ops = Array.from({ length: 150 }, (_, i) => create(`a${i}`));
    await expect(client().bulk(ops, { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);

    server.use(http.post(`${BASE}/bulk`, () => delay('infinite')));
    const hanging = new AbortController();
    const pending = client().bulk([create('h')], { signal: hanging.signal });
    setTimeout(() => hanging.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    const slow = client({ retry: { ...RETRY, maxRetries: 0 } }).bulk([create('t')], { timeoutMs: 30 });
    await expect(slow).rejects.toBeInstanceOf(TimeoutError);
  });

  it('works the same against the emulator mounted with msw, without a socket', async () => {
    const core = new IntelliTrackEmulatorCore({ seed: 5 });
    server.use(...createIntelliTrackEmulatorHandlers(core, { origin: 'http://it.test' }));
    const item = { ...body, divisionId: core.divisionId };
    const op = (key: string, itemNumber: string): ItBulkOperation => ({
      kind: 'create',
      resource: 'items',
      body: { ...item, itemNumber },
      idempotencyKey: key,
    });
    const results = await client({ apiKey: core.apiKey }).bulk([op('m1', 'M-1'), op('m2', 'M-1'), op('m3', 'M-3')]);
    expect(results.map((r) => r.status)).toEqual([201, 409, 201]);
    expect(results[1]?.ok === false && results[1].error).toBeInstanceOf(DuplicateNameError);
    expect(core.requests.count({ kind: 'bulk' })).toBe(1);
    expect(core.data.count('items')).toBe(2);
  });
});
