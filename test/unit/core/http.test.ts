import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BearerAuth } from '../../../src/core/bearer-auth.js';
import {
  AbortError,
  type ApiError,
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../../../src/core/errors.js';
import {
  errorInitFrom,
  type HttpErrorContext,
  HttpTransport,
  type HttpTransportOptions,
} from '../../../src/core/http.js';
import type { Logger } from '../../../src/core/logger.js';

const BASE = 'http://api.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function errorFactory(ctx: HttpErrorContext): ApiError {
  const init = errorInitFrom(ctx);
  if (ctx.status === 429) return new RateLimitError('rate limited', { ...init, retryAfterMs: ctx.retryAfterMs });
  if (ctx.status === 401) return new AuthenticationError('unauthorized', init);
  if (ctx.status >= 500) return new ServerError(`server ${ctx.status}`, init);
  return new ValidationError(`bad request ${ctx.status}`, init);
}

function recordingLogger(): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const push = (obj: Record<string, unknown>, msg?: string): void => {
    lines.push({ ...obj, msg });
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

function transport(extra: Partial<HttpTransportOptions> = {}): HttpTransport {
  return new HttpTransport({
    service: 'intellitrack',
    baseUrl: BASE,
    errorFactory,
    retry: { baseDelayMs: 2, maxDelayMs: 4 },
    requestIdHeader: 'x-request-id',
    ...extra,
  });
}

describe('HttpTransport', () => {
  it('returns parsed JSON with the request id and attempt count', async () => {
    server.use(http.get(`${BASE}/items`, () => HttpResponse.json({ ok: 1 }, { headers: { 'x-request-id': 'r-1' } })));
    const res = await transport().send({ method: 'GET', path: '/items', query: { q: "a b'c", skip: undefined } });
    expect(res.data).toEqual({ ok: 1 });
    expect(res.requestId).toBe('r-1');
    expect(res.attempts).toBe(1);
    expect(res.url).toBe(`${BASE}/items?q=a%20b'c`);
  });

  it('retries 5xx on GET until it succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        return calls < 3 ? new HttpResponse('oops', { status: 503 }) : HttpResponse.json({ n: calls });
      }),
    );
    const res = await transport().send({ method: 'GET', path: '/x' });
    expect(res.data).toEqual({ n: 3 });
    expect(res.attempts).toBe(3);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        return new HttpResponse(`fail ${calls}`, { status: 500 });
      }),
    );
    const error = await transport({ retry: { maxRetries: 2, baseDelayMs: 1 } })
      .send({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(calls).toBe(3);
  });

  it('never retries a 400', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        return HttpResponse.json({ error: 'bad' }, { status: 400 });
      }),
    );
    await expect(transport().send({ method: 'GET', path: '/x' })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(1);
  });

  it('honours Retry-After seconds on 429', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse('', { status: 429, headers: { 'retry-after': '1' } })
          : HttpResponse.json({});
      }),
    );
    const logger = recordingLogger();
    await transport({ logger }).send({ method: 'GET', path: '/x' });
    expect(logger.lines.filter((l) => l.msg === 'retrying request').map((l) => l.delayMs)).toEqual([1000]);
  });

  it('honours a Retry-After HTTP-date against the injected clock', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        const headers = { 'retry-after': 'Thu, 01 Jan 2026 00:00:01 GMT' };
        return calls === 1 ? new HttpResponse('', { status: 503, headers }) : HttpResponse.json({});
      }),
    );
    const logger = recordingLogger();
    await transport({ logger, clock: { now: () => now } }).send({ method: 'GET', path: '/x' });
    expect(logger.lines.filter((l) => l.msg === 'retrying request').map((l) => l.delayMs)).toEqual([1000]);
  });

  it('uses jittered exponential backoff without Retry-After', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        return calls < 4 ? new HttpResponse('', { status: 429 }) : HttpResponse.json({});
      }),
    );
    const logger = recordingLogger();
    await transport({ logger, random: () => 0.5, retry: { baseDelayMs: 10, maxDelayMs: 30 } }).send({
      method: 'GET',
      path: '/x',
    });
    expect(logger.lines.filter((l) => l.msg === 'retrying request').map((l) => l.delayMs)).toEqual([5, 10, 15]);
  });

  it('does not retry a write without an idempotency key', async () => {
    let calls = 0;
    server.use(
      http.post(`${BASE}/x`, () => {
        calls += 1;
        return new HttpResponse('', { status: 503 });
      }),
    );
    await expect(transport().send({ method: 'POST', path: '/x', json: { a: 1 } })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(1);
  });

  it('retries a write with the same idempotency key on every attempt', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(`${BASE}/x`, ({ request }) => {
        keys.push(new URL(request.url).searchParams.get('requestid'));
        return keys.length < 3 ? new HttpResponse('', { status: 502 }) : HttpResponse.json({ done: true });
      }),
    );
    const t = transport({ idempotencyKey: { in: 'query', name: 'requestid' } });
    await t.send({ method: 'POST', path: '/x', json: {}, idempotencyKey: 'key-1' });
    expect(keys).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('maps a per-attempt timeout to TimeoutError', async () => {
    server.use(
      http.get(`${BASE}/slow`, async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const error = await transport({ timeoutMs: 50, retry: { maxRetries: 0 } })
      .send({ method: 'GET', path: '/slow' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('maps a network failure to ConnectionError', async () => {
    server.use(http.get(`${BASE}/x`, () => HttpResponse.error()));
    const error = await transport({ retry: { maxRetries: 1, baseDelayMs: 1 } })
      .send({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
  });

  it('turns an abort during a retry wait into AbortError', async () => {
    server.use(http.get(`${BASE}/x`, () => new HttpResponse('', { status: 503, headers: { 'retry-after': '60' } })));
    const controller = new AbortController();
    const pending = transport().send({ method: 'GET', path: '/x', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('refreshes once on 401 and retries with the new token; never logs or throws the token', async () => {
    let token = 'secret-token-one';
    let refreshes = 0;
    const auth = new BearerAuth({
      getAccessToken: async () => token,
      refresh: async () => {
        refreshes += 1;
        token = 'secret-token-two';
      },
    });
    server.use(
      http.get(`${BASE}/x`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer secret-token-two'
          ? HttpResponse.json({ fine: true })
          : new HttpResponse('', { status: 401 }),
      ),
    );
    const logger = recordingLogger();
    const calls = Array.from({ length: 20 }, () => transport({ auth, logger }).send({ method: 'GET', path: '/x' }));
    await Promise.all(calls);
    expect(refreshes).toBe(1);
    expect(JSON.stringify(logger.lines)).not.toContain('secret-token');
  });

  it('throws AuthenticationError when the refreshed token is rejected too', async () => {
    let refreshes = 0;
    const auth = new BearerAuth({
      getAccessToken: async () => `tok-${refreshes}`,
      refresh: async () => {
        refreshes += 1;
      },
    });
    server.use(http.get(`${BASE}/x`, () => new HttpResponse('', { status: 401 })));
    const error = await transport({ auth })
      .send({ method: 'GET', path: '/x', query: { access_token: 'tok-0' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(refreshes).toBe(1);
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('tok-0');
  });

  it('runs every attempt through the gate and releases it', async () => {
    let open = 0;
    let calls = 0;
    server.use(
      http.get(`${BASE}/x`, () => {
        calls += 1;
        return calls < 2 ? new HttpResponse('', { status: 500 }) : HttpResponse.json({});
      }),
    );
    const categories: (string | undefined)[] = [];
    const gate = async (req: { category?: string }): Promise<() => void> => {
      open += 1;
      categories.push(req.category);
      return () => {
        open -= 1;
      };
    };
    await transport({ gate }).send({ method: 'GET', path: '/x', category: 'batch' });
    expect(categories).toEqual(['batch', 'batch']);
    expect(open).toBe(0);
  });

  it('tries the refresh again on the next attempt when it failed transiently', async () => {
    let token = 'tok-a';
    let refreshCalls = 0;
    const auth = new BearerAuth({
      getAccessToken: async () => token,
      refresh: async () => {
        refreshCalls += 1;
        if (refreshCalls === 1) throw new ConnectionError('token endpoint unreachable', { service: 'oauth' });
        token = 'tok-b';
      },
    });
    server.use(
      http.get(`${BASE}/x`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer tok-b'
          ? HttpResponse.json({ ok: true })
          : new HttpResponse('', { status: 401 }),
      ),
    );
    const res = await transport({ auth }).send({ method: 'GET', path: '/x' });
    expect(res.data).toEqual({ ok: true });
    expect(refreshCalls).toBe(2);
  });
});
