import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  MeteredAllowanceExhaustedError,
  QboClient,
  RealmRateLimiter,
  StaticTokenProvider,
} from '../../../src/index.js';
import { type QboEmulator, startQboEmulator } from '../../../src/testing/index.js';
import { HeldClock } from '../../support/held-clock.js';

let qbo: QboEmulator | undefined;
afterEach(async () => {
  await qbo?.close();
  qbo = undefined;
});

/** An emulator and a client on one held clock; QBO lets `perMinute` requests through per minute. */
async function throttledCompany(perMinute: number, extra: Parameters<typeof startQboEmulator>[0] = {}) {
  const clock = new HeldClock();
  qbo = await startQboEmulator({ seed: 21, clock, limits: { requestsPerMinute: perMinute }, ...extra });
  const client = new QboClient({
    realmId: qbo.realmId,
    environment: 'sandbox',
    baseUrl: qbo.baseUrl,
    auth: new StaticTokenProvider(qbo.issueAccessToken()),
    clock,
    // The client's own limiter allows 500 a minute: QBO's lower limit is what answers 429 here.
    limiter: new RealmRateLimiter({}, { clock }),
  });
  return { emu: qbo, clock, client };
}

const throttles = (emu: QboEmulator): number => emu.requests.list().filter((r) => r.status === 429).length;

describe('a throttle 429 (fault 3001) is waited out on the injected clock', () => {
  it('waits Intuit’s 60 seconds when QBO sends no Retry-After, then retries once', async () => {
    const { emu, clock, client } = await throttledCompany(3);
    for (let i = 0; i < 3; i++) await client.companyInfo();
    const read = client.companyInfo();
    await vi.waitFor(() => expect(clock.pending).toEqual([60_000]));
    expect(throttles(emu)).toBe(1);
    clock.advance(60_000);
    await expect(read).resolves.toMatchObject({ CompanyName: expect.any(String) });
    expect(emu.requests.count()).toBe(5);
    expect(throttles(emu)).toBe(1);
  });

  it('waits the Retry-After QBO sends instead', async () => {
    const { emu, clock, client } = await throttledCompany(1, {
      limits: { requestsPerMinute: 1, retryAfterSeconds: 7 },
    });
    await client.companyInfo();
    const read = client.companyInfo();
    await vi.waitFor(() => expect(clock.pending).toEqual([7_000]));
    // Seven seconds are not enough for QBO's window: the retry is throttled again and waits again.
    clock.advance(7_000);
    await vi.waitFor(() => expect(throttles(emu)).toBe(2));
    clock.advance(60_000);
    await read;
    expect(clock.sleeps.filter((ms) => ms >= 7_000)).toEqual([7_000, 7_000]);
  });

  it('holds every request of the company for the back-off, so one 429 does not become many', async () => {
    const { emu, clock, client } = await throttledCompany(3);
    for (let i = 0; i < 3; i++) await client.companyInfo();
    const first = client.companyInfo();
    await vi.waitFor(() => expect(clock.pending).toEqual([60_000]));
    // Requests started during the back-off wait in the limiter: QBO does not see them.
    const later = [client.preferences(), client.count({ entity: 'Item' })];
    await vi.waitFor(() => expect(clock.pending).toEqual([60_000, 60_000, 60_000]));
    expect(emu.requests.count()).toBe(4);
    // A minute on, QBO's window has room for the three of them.
    clock.advance(60_000);
    await Promise.all([first, ...later]);
    expect(throttles(emu)).toBe(1);
    expect(emu.requests.count()).toBe(7);
  });

  it('stops waiting when the signal aborts, without another request', async () => {
    const { emu, clock, client } = await throttledCompany(1);
    await client.companyInfo();
    const stop = new AbortController();
    const read = client.companyInfo({ signal: stop.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(clock.pending).toEqual([60_000]));
    stop.abort();
    expect(await read).toBeInstanceOf(AbortError);
    expect(emu.requests.count()).toBe(2);
  });

  it('never retries an allowance block (429 that is not a throttle) and holds nothing', async () => {
    const { emu, clock, client } = await throttledCompany(500, { monthlyAllowance: 1 });
    await client.count({ entity: 'Item' });
    await expect(client.count({ entity: 'Vendor' })).rejects.toBeInstanceOf(MeteredAllowanceExhaustedError);
    expect(emu.requests.count()).toBe(2);
    // Writes are not metered: one goes out at once, with no wait on the clock.
    await client.create('Customer', { DisplayName: 'After the block' });
    expect(clock.sleeps).toEqual([]);
    expect(emu.requests.count()).toBe(3);
  });
});
