import { delay, HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError } from '../../../src/core/errors.js';
import { limiterForRealm, RealmRateLimiter } from '../../../src/qbo/limits.js';
import { api, fixture, freshRealm, mockServer, testClient } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Counts requests in flight at the mock and remembers the highest count. */
function countingHandler(realm: string) {
  const state = { now: 0, max: 0, total: 0 };
  server.use(
    http.get(`${api(realm)}/customer/:id`, async () => {
      state.now += 1;
      state.total += 1;
      state.max = Math.max(state.max, state.now);
      await delay(15);
      state.now -= 1;
      return HttpResponse.json(fixture('customer-read-qbo-api.json'));
    }),
  );
  return state;
}

describe('per-realm limits', () => {
  it('keeps at most 10 requests in flight, counted at the server', async () => {
    const realm = freshRealm();
    const state = countingHandler(realm);
    const client = testClient(realm);
    await Promise.all(Array.from({ length: 40 }, (_, i) => client.read('Customer', String(i))));
    expect(state.total).toBe(40);
    expect(state.max).toBe(10);
  });

  it('shares the budget between clients of the same realm', async () => {
    const realm = freshRealm();
    const state = countingHandler(realm);
    const a = testClient(realm);
    const b = testClient(realm);
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).read('Customer', String(i))));
    expect(state.max).toBe(10);
    expect(limiterForRealm(realm).inFlight).toBe(0);
  });

  it('honours a configured concurrency', async () => {
    const realm = freshRealm();
    const state = countingHandler(realm);
    const client = testClient(realm, { limits: { maxConcurrent: 3 } });
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.read('Customer', String(i))));
    expect(state.max).toBe(3);
  });
});

describe('RealmRateLimiter', () => {
  function manual() {
    let now = 1_000_000;
    const waits: number[] = [];
    const limiter = (limits: ConstructorParameters<typeof RealmRateLimiter>[0]) =>
      new RealmRateLimiter(limits, {
        clock: { now: () => now },
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
      });
    return { limiter, waits, advance: (ms: number) => (now += ms) };
  }

  it('waits for the per-minute window to free up', async () => {
    const m = manual();
    const limiter = m.limiter({ requestsPerMinute: 3 });
    for (let i = 0; i < 3; i++) (await limiter.acquire(undefined))();
    m.advance(10_000);
    (await limiter.acquire(undefined))();
    expect(m.waits).toEqual([50_500]);
  });

  it('counts a request in the window from its answer, when Intuit has surely seen it', async () => {
    const m = manual();
    const limiter = m.limiter({ requestsPerMinute: 1 });
    const release = await limiter.acquire(undefined);
    m.advance(2_000);
    release();
    (await limiter.acquire(undefined))();
    expect(m.waits).toEqual([60_500]);
  });

  it('counts batch requests against their own, smaller window', async () => {
    const m = manual();
    const limiter = m.limiter({ batchRequestsPerMinute: 2 });
    (await limiter.acquire('batch'))();
    (await limiter.acquire('batch'))();
    (await limiter.acquire(undefined))();
    expect(m.waits).toEqual([]);
    (await limiter.acquire('batch'))();
    expect(m.waits).toEqual([60_500]);
  });

  it('holds every request during a pause; a shorter pause does not shorten a longer one', async () => {
    const m = manual();
    const limiter = m.limiter({});
    limiter.pause(60_000);
    m.advance(10_000);
    limiter.pause(5_000);
    (await limiter.acquire('batch'))();
    (await limiter.acquire(undefined))();
    expect(m.waits).toEqual([50_000]);
  });

  it('aborts a wait for a pause to end and frees the slot', async () => {
    const limiter = new RealmRateLimiter({ maxConcurrent: 1 });
    limiter.pause(60_000);
    const controller = new AbortController();
    const waiting = limiter.acquire(undefined, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(limiter.inFlight).toBe(0);
  });

  it('aborts a wait for a slot', async () => {
    const limiter = new RealmRateLimiter({ maxConcurrent: 1 });
    const release = await limiter.acquire(undefined);
    const controller = new AbortController();
    const waiting = limiter.acquire(undefined, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    release();
    expect(limiter.inFlight).toBe(0);
    (await limiter.acquire(undefined))();
  });

  it('aborts a wait for the rate window', async () => {
    const limiter = new RealmRateLimiter({ requestsPerMinute: 1 });
    (await limiter.acquire(undefined))();
    const controller = new AbortController();
    const waiting = limiter.acquire(undefined, controller.signal);
    setTimeout(() => controller.abort(), 5);
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(limiter.inFlight).toBe(0);
  });
});

describe('the limiter and the client clock', () => {
  it("waits on the client's injected clock, not the wall clock", async () => {
    const realm = freshRealm();
    const state = countingHandler(realm);
    let now = 5_000_000;
    const waits: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        waits.push(ms);
        now += ms;
      },
    };
    const client = testClient(realm, { clock, limits: { requestsPerMinute: 2 } });
    for (let i = 0; i < 3; i++) await client.read('Customer', String(i));
    expect(state.total).toBe(3);
    // The third request waited a full window plus the safety margin, on the injected clock.
    expect(waits).toEqual([60_000 + 500]);
  });

  it('keeps a safety margin past the window so that a slower request is not counted twice', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RealmRateLimiter(
      { batchRequestsPerMinute: 1, safetyMarginMs: 1_000 },
      {
        clock: { now: () => now },
        sleep: async (ms) => {
          waits.push(ms);
          now += ms;
        },
      },
    );
    (await limiter.acquire('batch'))();
    (await limiter.acquire('batch'))();
    expect(waits).toEqual([61_000]);
  });
});
