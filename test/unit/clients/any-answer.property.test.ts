import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';
import { select } from '../../../src/qbo/query.js';
import {
  type AnyResponse,
  answerEverything,
  anyResponse,
  FAST_RETRY,
  onlyTypedErrors,
} from '../../support/any-response.js';
import { drain } from '../../support/outcomes.js';
import { itemRecord } from '../intellitrack/records.js';
import { mockServer } from '../qbo/client-harness.js';

const server = mockServer();
let current: AnyResponse = { status: 200, contentType: 'application/json', body: '{}', retryAfter: undefined };
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  answerEverything(server, () => current);
});
afterAll(() => server.close());

let realm = 0;
const qbo = () =>
  new QboClient({
    realmId: `anyanswer${++realm}`,
    environment: 'sandbox',
    baseUrl: 'https://qbo-any.test',
    auth: new StaticTokenProvider('tok'),
    retry: FAST_RETRY,
    timeoutMs: 2_000,
  });
const it_ = () =>
  new IntelliTrackClient({ baseUrl: 'http://it-any.test/v1', apiKey: 'k', retry: FAST_RETRY, timeoutMs: 2_000 });

/** Shapes close to real answers, so the generator also reaches the code after the first checks. */
const QBO_SHAPES = [
  { Item: { Id: '1', Name: 'x', SyncToken: '0' }, time: '2026-01-01T00:00:00Z' },
  { QueryResponse: { Item: [{ Id: '1' }], startPosition: 1, maxResults: 1 } },
  { QueryResponse: { totalCount: 'many' } },
  { BatchItemResponse: [{ bId: '0', Fault: { Error: [{ code: '6000' }] } }] },
  { CDCResponse: [{ QueryResponse: [{ Item: [{ Id: '1' }] }] }] },
  { fault: { error: [{ code: '3200', message: 'x', detail: null }] } },
  { Fault: { Error: [{ code: 5010, Message: null }], type: 'ValidationFault' } },
];
const IT_SHAPES = [
  itemRecord('i1'),
  { data: [itemRecord('i1')], nextCursor: 'c' },
  { data: [], nextCursor: null, hasMore: true },
  { type: 'https://x/problems/validation', title: 'T', status: 422, errors: 'no' },
  { results: [{ status: 201, body: itemRecord('i2') }, { status: 500 }] },
];

const RUNS = { numRuns: 40 };

/** One property per call: on any answer, the call gives a value or an SDK error. */
function everyCall<C>(calls: Record<string, (c: C) => Promise<unknown>>, client: () => C, shapes: unknown[]): void {
  for (const [name, call] of Object.entries(calls)) {
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(anyResponse(shapes), async (response) => {
          current = response;
          await onlyTypedErrors(() => call(client()));
        }),
        RUNS,
      );
    });
  }
}

describe('QboClient on any answer (property): a value or an SDK error, never a TypeError, never a hang', () => {
  const calls: Record<string, (c: QboClient) => Promise<unknown>> = {
    read: (c) => c.read('Item', '1'),
    create: (c) => c.create('Item', { Name: 'x' }, { idempotencyKey: 'r1' }),
    query: (c) => drain(c.records(select('Item').toSpec())),
    count: (c) => c.count(select('Item').toSpec()),
    batch: (c) => c.batch([{ bId: 'b1', operation: 'create', entity: 'Item', body: { Name: 'x' } }]),
    changes: (c) => c.changes({ entities: ['Item'], since: new Date(Date.now() - 60_000) }),
    companyInfo: (c) => c.companyInfo(),
  };
  everyCall(calls, qbo, QBO_SHAPES);
});

describe('IntelliTrackClient on any answer (property): a value or an SDK error, never a TypeError, never a hang', () => {
  const calls: Record<string, (c: IntelliTrackClient) => Promise<unknown>> = {
    get: (c) => c.get('items', 'i1'),
    list: (c) => drain(c.pages('items', { divisionId: 'd1' })),
    sites: (c) => c.listSites('d1'),
    changes: (c) => c.changes('items', { divisionId: 'd1', cursor: null }),
    update: (c) => c.update('items', 'i1', { unitPrice: 2 }, { ifVersion: 1 }),
    delete: (c) => c.delete('items', 'i1'),
    bulk: (c) => c.bulk([{ kind: 'delete', resource: 'items', id: 'i1', idempotencyKey: 'k1' }]),
  };
  everyCall(calls, it_, IT_SHAPES);
});

describe('both clients on any argument text (property): a value or an SDK error before or after sending', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('..', '.', '/', 'a/../b', '\r\n', '\u0000', '\uD800', 'x'.repeat(5_000)),
  );
  it('ids, query values, keys and names', async () => {
    await fc.assert(
      fc.asyncProperty(text, anyResponse([...QBO_SHAPES, ...IT_SHAPES]), async (value, response) => {
        current = response;
        await onlyTypedErrors(() => qbo().read('Item', value));
        await onlyTypedErrors(() => drain(qbo().records(select('Item').where('Name', '=', value).toSpec())));
        await onlyTypedErrors(() => qbo().create('Item', { Name: value }, { idempotencyKey: value }));
        await onlyTypedErrors(() => it_().get('items', value));
        await onlyTypedErrors(() => drain(it_().pages('items', { divisionId: value })));
        await onlyTypedErrors(() => it_().delete('items', 'i1', { idempotencyKey: value }));
      }),
      RUNS,
    );
  });
});
