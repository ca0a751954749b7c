import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { RateLimitError, ServerError, ValidationError } from '../../../src/core/errors.js';
import { ThrottleExceededError } from '../../../src/qbo/errors.js';
import { api, fixture, fixtureText, freshRealm, mockServer, recordingLogger, testClient } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const throttleXml = (): HttpResponse<string> =>
  new HttpResponse(fixtureText('fault-throttle-3001-429-quickbooks-ruby.xml'), {
    status: 429,
    headers: { 'content-type': 'application/xml' },
  });

/** A clock whose sleeps end at once, moving its time on by as much. */
function instantClock(): Clock & { waits: number[] } {
  let now = 7_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

const delays = (lines: Record<string, unknown>[]): unknown[] =>
  lines.filter((l) => l.msg === 'retrying request').map((l) => l.delayMs);

describe('QBO retries', () => {
  it('waits Intuit’s 60 seconds after an XML 429 without Retry-After, on the injected clock', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/customer/1`, () => {
        calls += 1;
        return calls < 3 ? throttleXml() : HttpResponse.json(fixture('customer-read-qbo-api.json'));
      }),
    );
    const logger = recordingLogger();
    const clock = instantClock();
    const client = testClient(realm, { logger, clock, retry: { baseDelayMs: 8, maxDelayMs: 100 } });
    await client.read('Customer', '1');
    expect(calls).toBe(3);
    expect(delays(logger.lines)).toEqual([60_000, 60_000]);
    expect(clock.waits).toEqual([60_000, 60_000]);
  });

  it('throws the throttle at once when its back-off is longer than maxRetryAfterMs', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/customer/1`, () => {
        calls += 1;
        return throttleXml();
      }),
    );
    const clock = instantClock();
    const error = await testClient(realm, { clock, retry: { maxRetryAfterMs: 59_999 } })
      .read('Customer', '1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottleExceededError);
    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('honours Retry-After on 429', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/customer/1`, () => {
        calls += 1;
        return calls === 1
          ? new HttpResponse(fixtureText('fault-throttle-3001-429-quickbooks-ruby.xml'), {
              status: 429,
              headers: { 'retry-after': '1' },
            })
          : HttpResponse.json(fixture('customer-read-qbo-api.json'));
      }),
    );
    const logger = recordingLogger();
    await testClient(realm, { logger }).read('Customer', '1');
    expect(delays(logger.lines)).toEqual([1000]);
  });

  it('throws RateLimitError with the throttle detail when retries run out', async () => {
    const realm = freshRealm();
    server.use(http.get(`${api(realm)}/customer/1`, () => throttleXml()));
    const error = await testClient(realm, { clock: instantClock(), retry: { maxRetries: 1, baseDelayMs: 1 } })
      .read('Customer', '1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe('3001');
  });

  it('retries 5xx and the system fault 10000', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/customer/1`, () => {
        calls += 1;
        if (calls === 1)
          return new HttpResponse(fixtureText('fault-system-10000-quickbooks-ruby.xml'), { status: 500 });
        if (calls === 2) return new HttpResponse('bad gateway', { status: 502 });
        return HttpResponse.json(fixture('customer-read-qbo-api.json'));
      }),
    );
    await testClient(realm).read('Customer', '1');
    expect(calls).toBe(3);
  });

  it('never retries a 400', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.post(`${api(realm)}/invoice`, () => {
        calls += 1;
        return HttpResponse.json(fixture('fault-invalid-property-2010-invoice-qbo-api.json'), { status: 400 });
      }),
    );
    await expect(testClient(realm).create('Invoice', { BadJson: 1 })).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(1);
  });

  it('reuses the same requestid on every retry of a POST', async () => {
    const realm = freshRealm();
    const ids: (string | null)[] = [];
    server.use(
      http.post(`${api(realm)}/customer`, ({ request }) => {
        ids.push(new URL(request.url).searchParams.get('requestid'));
        return ids.length < 3
          ? new HttpResponse('', { status: 503 })
          : HttpResponse.json(fixture('customer-create-response-qbo-api.json'));
      }),
    );
    await testClient(realm).create('Customer', { DisplayName: 'A' });
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBeTruthy();
  });

  it('retries the inventory-lock business validation error and no other 6000', async () => {
    const realm = freshRealm();
    const lock = {
      Fault: {
        Error: [
          {
            Message: 'A business validation error has occurred while processing your request',
            Detail:
              'Business Validation Error: Another user was editing a transaction with inventory products at the same time. Please try again.',
            code: '6000',
          },
        ],
        type: 'ValidationFault',
      },
    };
    const other = structuredClone(lock);
    (other.Fault.Error[0] as { Detail: string }).Detail =
      'Business Validation Error: You must set a transaction amount.';
    let calls = 0;
    server.use(
      http.post(`${api(realm)}/inventoryadjustment`, () => {
        calls += 1;
        return HttpResponse.json(calls === 1 ? lock : other, { status: 400 });
      }),
    );
    const error = await testClient(realm)
      .create('InventoryAdjustment', { Line: [] }, { idempotencyKey: 'adj-1' })
      .catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).not.toBeInstanceOf(ServerError);
  });
});
