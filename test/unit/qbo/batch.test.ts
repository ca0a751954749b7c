import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidArgumentError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { BatchOperation } from '../../../src/qbo/api.js';
import { batchRequestIds } from '../../../src/qbo/batch.js';
import { api, fixture, freshRealm, mockServer, testClient, vendor } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface WireItem {
  bId: string;
  operation?: string;
  Vendor?: Record<string, unknown>;
  Query?: string;
}

/** Answers each create with the vendor echoed back, except ids listed in `faults`. */
function serveBatch(
  realm: string,
  log: { requestId: string | null; items: WireItem[] }[],
  faults: Record<string, unknown>,
) {
  server.use(
    http.post(`${api(realm)}/batch`, async ({ request }) => {
      const body = (await request.json()) as { BatchItemRequest: WireItem[] };
      log.push({ requestId: new URL(request.url).searchParams.get('requestid'), items: body.BatchItemRequest });
      // Answer in reverse order: results must still come back in input order.
      const answers = [...body.BatchItemRequest].reverse().map((item) => {
        const name = String(item.Vendor?.DisplayName ?? '');
        if (faults[name]) return { bId: item.bId, Fault: faults[name] };
        return { bId: item.bId, Vendor: { ...vendor(Number(name.replace(/\D/g, '')) || 1), DisplayName: name } };
      });
      return HttpResponse.json({ BatchItemResponse: answers, time: '2026-01-01T00:00:00Z' });
    }),
  );
}

const creates = (n: number): BatchOperation[] =>
  Array.from({ length: n }, (_, i) => ({ operation: 'create', entity: 'Vendor', body: { DisplayName: `V${i + 1}` } }));

describe('batch', () => {
  it('splits 65 operations into 30 + 30 + 5 and returns results in input order', async () => {
    const realm = freshRealm();
    const log: { requestId: string | null; items: WireItem[] }[] = [];
    serveBatch(realm, log, {});
    const results = await testClient(realm).batch(creates(65));
    expect(log.map((r) => r.items.length)).toEqual([30, 30, 5]);
    expect(results).toHaveLength(65);
    expect(results.map((r) => (r.ok ? r.record?.DisplayName : 'x'))).toEqual(
      Array.from({ length: 65 }, (_, i) => `V${i + 1}`),
    );
    expect(results.map((r) => r.bId)).toEqual(Array.from({ length: 65 }, (_, i) => String(i)));
  });

  it('gives a failed item its own typed error and keeps the others', async () => {
    const realm = freshRealm();
    const log: { requestId: string | null; items: WireItem[] }[] = [];
    const stale = {
      Error: [{ Message: 'Stale Object Error', code: '5010', element: 'SyncToken' }],
      type: 'ValidationFault',
    };
    const missing = { Error: [{ Message: 'Object Not Found', code: '610' }], type: 'ValidationFault' };
    serveBatch(realm, log, { V2: stale, V4: missing });
    const ops = creates(5).map((op, i) => ({ ...op, bId: `mine-${i}` }));
    const results = await testClient(realm).batch(ops);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, false, true]);
    const [, second, , fourth] = results;
    expect(second?.ok === false && second.error).toBeInstanceOf(ConflictError);
    expect(fourth?.ok === false && fourth.error).toBeInstanceOf(NotFoundError);
    expect(results.map((r) => r.bId)).toEqual(['mine-0', 'mine-1', 'mine-2', 'mine-3', 'mine-4']);
  });

  it('parses the recorded query and fault items of a batch response', async () => {
    const realm = freshRealm();
    const recorded = fixture<{ BatchItemResponse: { bId: string }[] }>(
      'batch-response-customer-query-fault-java-sdk.json',
    );
    const customer = fixture<{ Customer: Record<string, unknown> }>('customer-read-qbo-api.json').Customer;
    // The recorded entity item is replaced by a recorded read: its CurrencyRef lacks `value`.
    const answersInOrder = [
      { bId: '12', Customer: customer },
      recorded.BatchItemResponse[1],
      recorded.BatchItemResponse[2],
    ];
    server.use(
      http.post(`${api(realm)}/batch`, async ({ request }) => {
        const body = (await request.json()) as { BatchItemRequest: WireItem[] };
        const answers = answersInOrder.map((a, i) => ({ ...a, bId: body.BatchItemRequest[i]?.bId }));
        return HttpResponse.json({ BatchItemResponse: answers });
      }),
    );
    const results = await testClient(realm).batch([
      { operation: 'update', entity: 'Customer', body: { Id: String(customer.Id), SyncToken: '0', Active: true } },
      {
        operation: 'query',
        query: { entity: 'Customer', where: [{ field: 'DisplayName', operator: 'LIKE', value: '0588%' }] },
      },
      { operation: 'delete', entity: 'Customer', body: { Id: '1', SyncToken: '0' } },
    ]);
    expect(results[0]).toMatchObject({ ok: true, entity: 'Customer', record: { Id: customer.Id } });
    expect(results[1]).toMatchObject({ ok: true, entity: 'Customer', records: [{ Id: 'NG:2293936' }] });
    expect(results[2]?.ok === false && results[2].error).toBeInstanceOf(ValidationError);
  });

  it('sends sparse updates, query text and operation names on the wire', async () => {
    const realm = freshRealm();
    let items: WireItem[] = [];
    server.use(
      http.post(`${api(realm)}/batch`, async ({ request }) => {
        items = ((await request.json()) as { BatchItemRequest: WireItem[] }).BatchItemRequest;
        return HttpResponse.json({ BatchItemResponse: [] });
      }),
    );
    await testClient(realm).batch([
      { operation: 'update', entity: 'Vendor', body: { Id: '5', SyncToken: '1', Active: false } },
      { operation: 'query', query: "SELECT * FROM Vendor WHERE DisplayName = 'O\\'Brien'" },
      { operation: 'void', entity: 'Invoice', body: { Id: '9', SyncToken: '2' } },
    ]);
    expect(items).toEqual([
      { bId: '0', operation: 'update', Vendor: { Id: '5', SyncToken: '1', Active: false, sparse: true } },
      { bId: '1', Query: "SELECT * FROM Vendor WHERE DisplayName = 'O\\'Brien'" },
      { bId: '2', operation: 'void', Invoice: { Id: '9', SyncToken: '2' } },
    ]);
  });

  it('derives deterministic request ids of at most 36 characters per chunk', async () => {
    const realm = freshRealm();
    const log: { requestId: string | null; items: WireItem[] }[] = [];
    serveBatch(realm, log, {});
    const callerId = 'export-adjustments-2026-01-01-run-0007-x'; // 40 characters
    await testClient(realm).batch(creates(65), { idempotencyKey: callerId });
    await testClient(realm).batch(creates(65), { idempotencyKey: callerId });
    const ids = log.map((r) => r.requestId ?? '');
    expect(ids.slice(0, 3)).toEqual(ids.slice(3));
    expect(new Set(ids.slice(0, 3)).size).toBe(3);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(36);
    expect(batchRequestIds('short-id', 1)).toEqual(['short-id']);
    expect(batchRequestIds(callerId, 1)[0]).toHaveLength(36);
  });

  it('sends COUNT(*) and paged queries built from a spec, and exposes the count as totalCount', async () => {
    const realm = freshRealm();
    let items: WireItem[] = [];
    server.use(
      http.post(`${api(realm)}/batch`, async ({ request }) => {
        items = ((await request.json()) as { BatchItemRequest: WireItem[] }).BatchItemRequest;
        // As QBO answers: a count is a QueryResponse with only totalCount; an empty page is {}.
        return HttpResponse.json({
          BatchItemResponse: [
            { bId: items[0]?.bId, QueryResponse: { totalCount: 2000 } },
            { bId: items[1]?.bId, QueryResponse: { Vendor: [vendor(1), vendor(2)], startPosition: 1, maxResults: 2 } },
            { bId: items[2]?.bId, QueryResponse: {} },
          ],
        });
      }),
    );
    const spec = { entity: 'Vendor', includeInactive: true } as const;
    const results = await testClient(realm).batch([
      { bId: 'n', operation: 'query', query: spec, count: true },
      { bId: 'p', operation: 'query', query: spec, startPosition: 1, maxResults: 1000 },
      { bId: 'e', operation: 'query', query: spec, startPosition: 1001, maxResults: 1000 },
    ]);
    expect(items.map((i) => i.Query)).toEqual([
      'SELECT COUNT(*) FROM Vendor WHERE Active IN (true,false)',
      'SELECT * FROM Vendor WHERE Active IN (true,false) STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Vendor WHERE Active IN (true,false) STARTPOSITION 1001 MAXRESULTS 1000',
    ]);
    expect(results[0]).toEqual({
      ok: true,
      bId: 'n',
      entity: undefined,
      record: undefined,
      records: [],
      totalCount: 2000,
    });
    expect(results[1]).toMatchObject({ ok: true, bId: 'p', entity: 'Vendor', records: [{ Id: '1' }, { Id: '2' }] });
    expect(results[1]).not.toHaveProperty('totalCount');
    expect(results[2]).toMatchObject({ ok: true, bId: 'e', records: [] });
  });

  it('refuses count or paging options on a query given as text, before sending anything', async () => {
    const realm = freshRealm();
    const error = await testClient(realm)
      .batch([{ bId: 'q', operation: 'query', query: 'SELECT * FROM Vendor', count: true }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(String((error as Error).message)).toContain('batch query q');
  });
});
