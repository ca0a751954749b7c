import { afterEach, describe, expect, it } from 'vitest';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient, type QboClientOptions } from '../../../src/qbo/client.js';
import { MeteredAllowanceExhaustedError, ThrottleExceededError } from '../../../src/qbo/errors.js';
import { resetRealmLimiters } from '../../../src/qbo/limits.js';
import type { MeteredCall } from '../../../src/qbo/metering.js';
import { type QboEmulator, startQboEmulator } from '../../../src/testing/index.js';

let emulator: QboEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  resetRealmLimiters();
});

async function start(options: Parameters<typeof startQboEmulator>[0] = {}) {
  emulator = await startQboEmulator({ seed: 11, ...options });
  emulator.data.seedCompany({ items: 3, vendors: 1, customers: 2, purchaseOrders: 0, estimates: 0 });
  const calls: MeteredCall[] = [];
  const client = (extra: Partial<QboClientOptions> = {}) =>
    new QboClient({
      realmId: emulator?.realmId ?? '',
      environment: 'sandbox',
      baseUrl: emulator?.baseUrl ?? '',
      auth: new StaticTokenProvider(emulator?.issueAccessToken() ?? ''),
      retry: { maxRetries: 0 },
      onMetered: (call) => calls.push(call),
      ...extra,
    });
  return { emulator, client: client(), calls, clientWith: client };
}

describe('metered calls, counted as Intuit counts them', () => {
  it('counts 2xx reads as CorePlus and writes as Core, each batch operation as its own call', async () => {
    const { emulator: emu, client, calls } = await start();
    const customer = emu.data.list('Customer')[0];
    await client.read('Customer', String(customer?.Id));
    await expect(client.read('Customer', '999999')).rejects.toThrow();
    await client.count({ entity: 'Item' });
    const results = await client.batch([
      { operation: 'create', entity: 'Customer', body: { DisplayName: 'Metered A' } },
      { operation: 'create', entity: 'Customer', body: { DisplayName: 'Metered B' } },
      { operation: 'create', entity: 'Customer', body: { DisplayName: 'Metered A' } },
      { operation: 'query', query: 'select * from Item' },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    // 1 read + 1 count + 1 batch query; 2 batch creates. The 404 and the refused create are not metered.
    expect(client.metered).toEqual({ corePlus: 3, core: 2 });
    expect(calls.reduce((n, c) => n + c.count, 0)).toBe(5);
    expect(emu.core.usage()).toMatchObject({ corePlus: 3, core: 2 });
  });

  it('tells the monthly allowance block from the per-minute throttle, each its own error', async () => {
    const { emulator: emu, client } = await start({ monthlyAllowance: 2 });
    await client.count({ entity: 'Item' });
    await client.count({ entity: 'Vendor' });
    const before = emu.requests.count();
    const blocked = await client.count({ entity: 'Customer' }).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(MeteredAllowanceExhaustedError);
    expect(blocked).not.toBeInstanceOf(ThrottleExceededError);
    expect(emu.requests.count() - before).toBe(1);
    // Writes are not metered against the allowance and go on.
    await expect(client.create('Customer', { DisplayName: 'After the block' })).resolves.toMatchObject({
      DisplayName: 'After the block',
    });
    expect(client.metered).toEqual({ corePlus: 2, core: 1 });
  });

  it("meters the app: one company's reads use up the allowance of every company it serves", async () => {
    const { emulator: emu, clientWith } = await start({ monthlyAllowance: 3 });
    const other = emu.core.addRealm({ companyName: 'Second Co' }).realmId;
    const first = clientWith();
    const second = clientWith({ realmId: other, auth: new StaticTokenProvider(emu.issueAccessToken(other)) });
    await first.count({ entity: 'Item' });
    await first.count({ entity: 'Vendor' });
    await second.count({ entity: 'Item' });
    expect(emu.core.usage()).toMatchObject({ corePlus: 2 });
    expect(emu.core.usage(other)).toMatchObject({ corePlus: 1 });
    expect(emu.core.appUsage()).toMatchObject({ corePlus: 3, core: 0 });
    // The app's 3 are used: both companies are blocked, though neither used 3.
    await expect(second.count({ entity: 'Vendor' })).rejects.toBeInstanceOf(MeteredAllowanceExhaustedError);
    await expect(first.count({ entity: 'Customer' })).rejects.toBeInstanceOf(MeteredAllowanceExhaustedError);
  });

  it('reads the XML ThrottleExceeded 429 (3001) as a throttle, with Intuit’s 60-second back-off', async () => {
    const { clientWith } = await start({ limits: { requestsPerMinute: 1 } });
    const client = clientWith({ limiter: { acquire: async () => () => {} } });
    await client.count({ entity: 'Item' });
    const throttled = await client.count({ entity: 'Item' }).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(ThrottleExceededError);
    expect((throttled as ThrottleExceededError).backoffMs).toBe(60_000);
    expect((throttled as ThrottleExceededError).code).toBe('3001');
    expect(client.metered).toEqual({ corePlus: 1, core: 0 });
  });
});
