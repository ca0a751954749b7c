import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError, ServerError, ValidationError } from '../../../src/core/errors.js';
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

const delays = (lines: Record<string, unknown>[]): unknown[] =>
  lines.filter((l) => l.msg === 'retrying request').map((l) => l.delayMs);

describe('QBO retries', () => {
  it('retries an XML 429 without Retry-After with jittered backoff', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/customer/1`, () => {
        calls += 1;
        return calls < 3 ? throttleXml() : HttpResponse.json(fixture('customer-read-qbo-api.json'));
      }),
    );
    const logger = recordingLogger();
    const client = testClient(realm, { logger, retry: { baseDelayMs: 8, maxDelayMs: 100 } });
    await client.read('Customer', '1');
    expect(calls).toBe(3);
    const waits = delays(logger.lines) as number[];
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(8);
    expect(waits[1]).toBeLessThan(16);
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
    const error = await testClient(realm, { retry: { maxRetries: 1, baseDelayMs: 1 } })
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
