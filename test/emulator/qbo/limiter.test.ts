import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, QboClient, type RateLimiter, RealmRateLimiter, StaticTokenProvider } from '../../../src/index.js';
import { type QboEmulator, startQboEmulator } from '../../../src/testing/index.js';

let qbo: QboEmulator | undefined;
afterEach(async () => {
  await qbo?.close();
  qbo = undefined;
});

function clientOf(emu: QboEmulator, realmId: string, limiter?: RateLimiter): QboClient {
  return new QboClient({
    realmId,
    environment: 'sandbox',
    baseUrl: emu.baseUrl,
    auth: new StaticTokenProvider(emu.issueAccessToken(realmId)),
    retry: { maxRetries: 6, baseDelayMs: 50, maxDelayMs: 200, maxRetryAfterMs: 2000 },
    ...(limiter ? { limiter } : {}),
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

const reads = (client: QboClient, n: number) => () =>
  Promise.all(Array.from({ length: n }, () => client.companyInfo()));

describe('rate limiting per company', () => {
  it('waits on the injected limiter, and a throttled company does not slow another one', async () => {
    qbo = await startQboEmulator({ seed: 11 });
    const other = qbo.addRealm({ companyName: 'Second company' });
    let acquired = 0;
    const tight = new RealmRateLimiter({ requestsPerMinute: 2, windowMs: 1500 });
    const counting: RateLimiter = {
      acquire: (category, signal) => {
        acquired += 1;
        return tight.acquire(category, signal);
      },
    };
    const throttled = clientOf(qbo, qbo.realmId, counting);
    const free = clientOf(qbo, other.realmId);
    const slow = timed(reads(throttled, 4));
    const fast = await timed(reads(free, 4));
    expect(await slow).toBeGreaterThanOrEqual(1400);
    expect(acquired).toBe(4);
    expect(fast).toBeLessThan(700);
  });

  it('a company throttled by QBO (429) does not slow another company of the same process', async () => {
    qbo = await startQboEmulator({
      seed: 12,
      limits: { requestsPerMinute: 3, concurrent: 10, batchPerMinute: 40, retryAfterSeconds: 1 },
    });
    const other = qbo.addRealm({ companyName: 'Second company' });
    const throttled = clientOf(qbo, qbo.realmId);
    await reads(throttled, 3)(); // the company's minute at QBO is used up: its next calls get 429
    const stop = new AbortController();
    const slow = throttled.companyInfo({ signal: stop.signal }).catch((error: unknown) => error);
    const fast = clientOf(qbo, other.realmId);
    const ms = await timed(reads(fast, 3));
    expect(ms).toBeLessThan(700);
    stop.abort();
    expect(await slow).toBeInstanceOf(AbortError);
    expect(qbo.requests.list().filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });
});
