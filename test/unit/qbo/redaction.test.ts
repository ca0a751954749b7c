import { inspect } from 'node:util';
import { delay, HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { api, fixture, freshRealm, mockServer, recordingLogger, testClient } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const SECRET = 'eyJSECRET.access-token-4711';

function everything(error: unknown): string {
  const e = error as Error;
  return [e.message, JSON.stringify(error), String(e.stack), inspect(error, { depth: 20, showHidden: true })].join(
    '\n',
  );
}

describe('redaction', () => {
  it.each([
    [
      '401 twice',
      () =>
        HttpResponse.json({ fault: { error: [{ message: 'AuthenticationFailed', code: '3200' }] } }, { status: 401 }),
    ],
    ['400 fault', () => HttpResponse.json(fixture('fault-duplicate-name-6240-customer-qbo-api.json'), { status: 400 })],
    ['network error', () => HttpResponse.error()],
    ['invalid body', () => HttpResponse.json({ Customer: { Id: 5 } })],
    [
      'timeout',
      async () => {
        await delay(1_000);
        return HttpResponse.json({});
      },
    ],
  ])('keeps the access token out of the error and the logs (%s)', async (_name, resolver) => {
    const realm = freshRealm();
    server.use(http.get(`${api(realm)}/customer/1`, resolver));
    const logger = recordingLogger();
    const client = testClient(realm, {
      auth: new StaticTokenProvider(SECRET),
      logger,
      timeoutMs: 50,
      retry: { maxRetries: 1, baseDelayMs: 1 },
    });
    const error = await client.read('Customer', '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(everything(error)).not.toContain(SECRET);
    expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
  });

  it('logs method, path, status, duration and intuit_tid for each exchange', async () => {
    const realm = freshRealm();
    server.use(
      http.get(`${api(realm)}/customer/1`, () =>
        HttpResponse.json(fixture('customer-read-qbo-api.json'), { headers: { intuit_tid: 'tid-77' } }),
      ),
    );
    const logger = recordingLogger();
    await testClient(realm, { auth: new StaticTokenProvider(SECRET), logger }).read('Customer', '1');
    const line = logger.lines.find((l) => l.msg === 'http response');
    expect(line).toMatchObject({ service: 'qbo', method: 'GET', status: 200, requestId: 'tid-77' });
    expect(String(line?.url)).toContain(`/v3/company/${realm}/customer/1`);
    expect(line?.durationMs).toBeTypeOf('number');
    expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
  });
});
