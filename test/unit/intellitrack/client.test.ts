import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConflictError,
  DuplicateNameError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/logger.js';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { IdempotencyKeyReusedError, PROBLEM_TYPE_BASE, StateConflictError } from '../../../src/intellitrack/errors.js';
import { itemCreateBody, itemRecord, T } from './records.js';

const BASE = 'http://it.test/v1';
const KEY = 'itk_secret_0123456789abcdef';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RETRY = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 };
const client = (extra: Partial<ConstructorParameters<typeof IntelliTrackClient>[0]> = {}) =>
  new IntelliTrackClient({ baseUrl: `${BASE}/`, apiKey: KEY, retry: RETRY, ...extra });

const item = itemRecord;
const newItem = itemCreateBody;

function problem(
  status: number,
  slug: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const body = {
    type: PROBLEM_TYPE_BASE + slug,
    title: 'T',
    status,
    detail: `detail of ${slug}`,
    instance: '/v1/x',
    ...extra,
  };
  return HttpResponse.json(body, {
    status,
    headers: { 'content-type': 'application/problem+json', 'x-request-id': 'req_9', ...headers },
  });
}

describe('IntelliTrackClient over msw', () => {
  it('pages through 2,500 items in pages of 100, sending the cursor back and the key as bearer', async () => {
    const all = Array.from({ length: 2500 }, (_, i) => item(`i${String(i).padStart(5, '0')}`));
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/items`, ({ request }) => {
        const url = new URL(request.url);
        expect(request.headers.get('authorization')).toBe(`Bearer ${KEY}`);
        expect(url.searchParams.get('divisionId')).toBe('div1');
        const start = Number(url.searchParams.get('cursor') ?? '0');
        const limit = Number(url.searchParams.get('limit'));
        seen.push(url.searchParams.get('cursor') ?? '-');
        const data = all.slice(start, start + limit);
        const next = start + limit < all.length ? String(start + limit) : null;
        return HttpResponse.json({ data, nextCursor: next });
      }),
    );
    const ids: string[] = [];
    for await (const page of client().pages('items', { divisionId: 'div1', limit: 100 }))
      ids.push(...page.data.map((i) => i.id));
    expect(ids).toEqual(all.map((i) => i.id));
    expect(seen.length).toBe(25);
    expect(seen.slice(0, 3)).toEqual(['-', '100', '200']);
  });

  it.each([
    [400, 'invalid-parameter', ValidationError],
    [401, 'unauthorized', AuthenticationError],
    [403, 'forbidden', PermissionDeniedError],
    [404, 'not-found', NotFoundError],
    [409, 'duplicate', DuplicateNameError],
    [409, 'order-closed', StateConflictError],
    [412, 'stale-version', ConflictError],
    [422, 'validation', ValidationError],
    [422, 'idempotency-key-reused', IdempotencyKeyReusedError],
    [418, 'teapot', ApiError],
  ] as const)('maps %i %s to %s', async (status, slug, type) => {
    server.use(http.get(`${BASE}/items/x1`, () => problem(status, slug)));
    const error = await client()
      .get('items', 'x1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    const api = error as ApiError;
    expect(api.status).toBe(status);
    expect(api.service).toBe('intellitrack');
    expect(api.requestId).toBe('req_9');
    expect(api.code).toBe(PROBLEM_TYPE_BASE + slug);
    expect(api.message).toContain(`detail of ${slug}`);
  });

  it('names the field of a validation problem and keeps the stale-version 412 apart from 409', async () => {
    const errors = [{ pointer: '/description', detail: 'Too long' }];
    server.use(
      http.patch(`${BASE}/items/a`, () => problem(422, 'validation', { errors })),
      http.patch(`${BASE}/items/b`, ({ request }) => {
        expect(request.headers.get('if-match')).toBe('"7"');
        return problem(412, 'stale-version');
      }),
    );
    const invalid = await client()
      .update('items', 'a', { description: 'x' })
      .catch((e: unknown) => e);
    expect((invalid as ValidationError).element).toBe('/description');
    const stale = await client()
      .update('items', 'b', { description: 'x' }, { ifVersion: 7 })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale).not.toBeInstanceOf(StateConflictError);
  });

  it('retries 503 and 429 (honouring Retry-After) with the same Idempotency-Key', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/items`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length === 1) return problem(503, 'server-error');
        if (keys.length === 2) return problem(429, 'rate-limited', {}, { 'retry-after': '0' });
        return HttpResponse.json(item('new'), { status: 201 });
      }),
    );
    const created = await client().create('items', newItem);
    expect(created.id).toBe('new');
    expect(keys.length).toBe(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the caller key, a fresh key per logical write otherwise', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/items`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json(item('n'), { status: 201 });
      }),
    );
    await client().create('items', newItem, { idempotencyKey: 'mine-1' });
    await client().create('items', newItem);
    await client().create('items', newItem);
    expect(keys[0]).toBe('mine-1');
    expect(new Set(keys).size).toBe(3);
  });

  it('gives up after maxRetries with a ServerError and a RateLimitError carrying retryAfterMs', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/items/s`, () => {
        calls++;
        return problem(502, 'server-error');
      }),
      http.get(`${BASE}/items/r`, () => problem(429, 'rate-limited', {}, { 'retry-after': '30' })),
    );
    await expect(client().get('items', 's')).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(4);
    const limited = await client({ retry: { ...RETRY, maxRetryAfterMs: 1_000 } })
      .get('items', 'r')
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect((limited as RateLimitError).retryAfterMs).toBe(30_000);
  });

  it('never shows the API key in errors or log lines, even when the server echoes it', async () => {
    const lines: string[] = [];
    const record = (o: unknown, m?: string) => lines.push(JSON.stringify(o) + (m ?? ''));
    const logger: Logger = { debug: record, info: record, warn: record, error: record };
    server.use(http.get(`${BASE}/items/e`, () => problem(401, 'unauthorized', { detail: `key ${KEY} rejected` })));
    const error = await client({ logger })
      .get('items', 'e')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    const dump = JSON.stringify({ ...(error as object), message: (error as Error).message });
    expect(dump).not.toContain(KEY);
    expect(dump).toContain('[REDACTED]');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('rejects a response that breaks the schema, naming entity, id, field and URL', async () => {
    server.use(http.get(`${BASE}/items/bad`, () => HttpResponse.json({ ...item('bad'), version: 'two' })));
    const error = (await client()
      .get('items', 'bad')
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.entity).toBe('Item');
    expect(error.id).toBe('bad');
    expect(error.issues.map((i) => i.path)).toContain('version');
    expect(error.url).toBe(`${BASE}/items/bad`);
  });

  it('refuses a body over a field limit before sending it, naming the field', async () => {
    const error = await client()
      .create('items', { ...newItem, itemNumber: 'X'.repeat(26) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('itemNumber');
  });

  it('reads a change-feed page with tombstones and sends updatedSince only without cursor', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${BASE}/items/changes`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          records: [item('c1', 3)],
          deleted: [{ id: 'd1', externalRef: '44', deletedAt: T }],
          nextCursor: 'abc',
          hasMore: false,
        });
      }),
    );
    const page = await client().changes('items', { divisionId: 'div1', cursor: null, updatedSince: T });
    await client().changes('items', { divisionId: 'div1', cursor: 'abc', updatedSince: T });
    expect(page.records[0]?.version).toBe(3);
    expect(page.deleted).toEqual([{ id: 'd1', externalRef: '44', deletedAt: T }]);
    expect(queries[0]?.get('updatedSince')).toBe(T);
    expect(queries[1]?.get('updatedSince')).toBeNull();
    expect(queries[1]?.get('cursor')).toBe('abc');
  });

  it('uses the injected fetch and stops on abort', async () => {
    let used = 0;
    const fetchSpy: typeof fetch = (input, init) => {
      used++;
      return fetch(input, init);
    };
    server.use(http.get(`${BASE}/divisions/d1`, () => problem(503, 'server-error', {}, { 'retry-after': '2' })));
    const controller = new AbortController();
    const pending = client({ fetch: fetchSpy }).getDivision('d1', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(used).toBe(1);
  });
});
