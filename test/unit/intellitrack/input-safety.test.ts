import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  InvalidArgumentError,
  ResponseValidationError,
  ValidationError,
} from '../../../src/core/errors.js';
import { IntelliTrackClient } from '../../../src/intellitrack/client.js';
import { drain, failure } from '../../support/outcomes.js';
import { itemRecord } from './records.js';

const BASE = 'http://it-safety.test/v1';
const server = setupServer();
const requests: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => {
    requests.push(`${request.method} ${request.url}`);
  });
});
afterEach(() => {
  server.resetHandlers();
  requests.length = 0;
});
afterAll(() => server.close());

const RETRY = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5_000 };
const client = (apiKey = 'itk_key') => new IntelliTrackClient({ baseUrl: BASE, apiKey, retry: RETRY, pageSize: 2 });

describe('IntelliTrack ids and query values that cannot go in a URL', () => {
  it.each(['..', '.', 'a/b', 'a\\b', 'x\ny', '', '\uD800'])('refuses the id %j before any request', async (id) => {
    for (const run of [
      () => client().get('items', id),
      () => client().update('items', id, { unitPrice: 1 }),
      () => client().delete('items', id),
      () => client().closeOrder('picking-orders', id),
      () => client().getDivision(id),
      () => client().listSites(id),
    ]) {
      const error = await failure(run);
      expect(error).toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toEqual([]);
  });

  it('a query value with a lone surrogate is an InvalidArgumentError naming the parameter, not a URIError', async () => {
    const error = await failure(() => drain(client().pages('items', { divisionId: 'div\uDC00' })));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('divisionId');
    expect(requests).toEqual([]);
  });

  it('an unknown resource from untyped input (constructor, __proto__) is an InvalidArgumentError', async () => {
    for (const resource of ['constructor', '__proto__', 'toString']) {
      const error = await failure(() => client().get(resource as 'items', '1'));
      expect(error).toBeInstanceOf(InvalidArgumentError);
    }
    expect(requests).toEqual([]);
  });

  it('a bulk operation with a path-breaking id is refused alone; the others are sent', async () => {
    server.use(
      http.post(`${BASE}/bulk`, async ({ request }) => {
        const { operations } = (await request.json()) as { operations: { path: string }[] };
        expect(operations.map((o) => o.path)).toEqual(['/items/ok']);
        return HttpResponse.json({ results: [{ status: 204, replayed: false }] });
      }),
    );
    const results = await client().bulk([
      { kind: 'delete', resource: 'items', id: '..', idempotencyKey: 'k1' },
      { kind: 'delete', resource: 'items', id: 'ok', idempotencyKey: 'k2' },
      { kind: 'delete', resource: 'items', id: 'bad\uD800', idempotencyKey: 'k3' },
      { kind: 'delete', resource: 'constructor' as 'items', id: 'x', idempotencyKey: 'k4' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, true, false, false]);
    for (const i of [0, 2, 3]) {
      const result = results[i];
      expect(result && !result.ok ? result.error : undefined).toBeInstanceOf(ValidationError);
    }
  });
});

describe('IntelliTrack header values', () => {
  it('an API key with a line break is a ConfigurationError, never sent and never retried', async () => {
    const error = await failure(() => client('itk_key\r\nX-Injected: 1').get('items', 'i1'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('authorization');
    expect((error as Error).message).not.toContain('itk_key');
    expect(requests).toEqual([]);
  });

  it('an idempotency key outside Latin-1 is a ConfigurationError, not a connection error', async () => {
    const error = await failure(() => client().delete('items', 'i1', { idempotencyKey: 'key-\u2603' }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(requests).toEqual([]);
  });
});

describe('IntelliTrack paging that does not end', () => {
  const page = (ids: string[], nextCursor: string | null) =>
    HttpResponse.json({ data: ids.map((id) => itemRecord(id)), nextCursor });

  it('a server that returns the same cursor again stops with a ResponseValidationError naming nextCursor', async () => {
    server.use(http.get(`${BASE}/items`, () => page(['i1', 'i2'], 'stuck')));
    const error = await failure(() => drain(client().pages('items', { divisionId: 'div1' })));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toBe('nextCursor');
    expect(requests).toHaveLength(2);
  });

  it('a cycle of cursors (a -> b -> a) is caught as well', async () => {
    server.use(
      http.get(`${BASE}/items`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return page(['i1'], cursor === 'a' ? 'b' : 'a');
      }),
    );
    const error = await failure(() => drain(client().pages('items', { divisionId: 'div1' })));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(requests).toHaveLength(3);
  });

  it('a reference list (sites) with a stuck cursor stops too', async () => {
    server.use(http.get(`${BASE}/divisions/div1/sites`, () => HttpResponse.json({ data: [], nextCursor: 'again' })));
    const error = await failure(() => client().listSites('div1'));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(requests).toHaveLength(2);
  });

  it('a normal listing still follows distinct cursors to the end', async () => {
    server.use(
      http.get(`${BASE}/items`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        return cursor === null ? page(['i1', 'i2'], 'c2') : page(['i3'], null);
      }),
    );
    const pages = await drain(client().pages('items', { divisionId: 'div1' }));
    expect(pages.flatMap((p) => p.data.map((r) => r.id))).toEqual(['i1', 'i2', 'i3']);
  });
});
