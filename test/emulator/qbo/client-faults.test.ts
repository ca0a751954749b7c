import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConflictError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '../../../src/core/errors.js';
import { QboClient, resetRealmLimiters, StaticTokenProvider } from '../../../src/qbo/index.js';
import { startTestQbo, type TestQbo } from './helpers.js';

let t: TestQbo | undefined;
afterEach(async () => {
  await t?.qbo.close();
  t = undefined;
});

async function setUp(token?: string, realmId?: string): Promise<{ t: TestQbo; client: QboClient }> {
  resetRealmLimiters();
  t = await startTestQbo({ limits: false });
  const client = new QboClient({
    realmId: realmId ?? t.qbo.realmId,
    environment: 'sandbox',
    baseUrl: t.qbo.baseUrl,
    auth: new StaticTokenProvider(token ?? t.token),
    retry: { maxRetries: 0 },
    timeoutMs: 2000,
  });
  return { t, client };
}

describe('our QBO client parses the records the emulator sends', () => {
  it('customers, estimates and invoices with the fields QBO sends; items without SubItem/Level', async () => {
    const { t: emu, client } = await setUp();
    const accounts = emu.qbo.accounts;
    const item = await client.create('Item', {
      Name: 'Svc',
      Type: 'Service',
      IncomeAccountRef: { value: accounts.income },
    });
    expect(item.SubItem).toBeUndefined();
    const customer = await client.create('Customer', { DisplayName: 'Parsed' });
    expect(customer).toMatchObject({ PreferredDeliveryMethod: 'Print', DefaultTaxCodeRef: { value: '2' } });
    const line = { Amount: 5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: item.Id } } };
    const body = { CustomerRef: { value: customer.Id as string }, Line: [line] };
    const estimate = await client.create('Estimate', body);
    expect(estimate.TxnTaxDetail).toEqual({ TotalTax: 0 });
    const invoice = await client.create('Invoice', body);
    expect(invoice.LinkedTxn).toEqual([]);
    const changes = await client.changes({
      entities: ['Customer', 'Estimate', 'Invoice', 'Item'],
      since: new Date(Date.now() - 60_000),
    });
    expect(changes).toHaveLength(4);
  });
});

describe('our QBO client reads every fault the emulator sends, with its code', () => {
  it('401 (lower-case, token echoed in detail) and 403 (lower-case, detail null)', async () => {
    const bad = await setUp('eyJexpired.token');
    const e401 = await bad.client.read('Vendor', '1').catch((e: unknown) => e);
    expect(e401).toBeInstanceOf(AuthenticationError);
    expect((e401 as AuthenticationError).code).toBe('3200');
    await bad.t.qbo.close();
    const { t: other, client: probe } = await setUp();
    const realm = other.qbo.addRealm();
    const foreign = new QboClient({
      realmId: realm.realmId,
      environment: 'sandbox',
      baseUrl: other.qbo.baseUrl,
      auth: new StaticTokenProvider(other.token),
      retry: { maxRetries: 0 },
    });
    const e403 = await foreign.read('Vendor', '1').catch((e: unknown) => e);
    expect(e403).toBeInstanceOf(PermissionDeniedError);
    expect((e403 as PermissionDeniedError).code).toBe('3100');
    expect(await probe.count({ entity: 'Vendor' })).toBe(0);
  });

  it('429 XML, 5010 with element "", gateway pages and per-item batch faults', async () => {
    const { t: emu, client } = await setUp();
    emu.qbo.faults.enqueue({ type: 'throttle', retryAfterSeconds: 9 });
    const throttled = await client.read('Preferences', '1').catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RateLimitError);
    expect((throttled as RateLimitError).code).toBe('3001');
    const v = await client.create('Vendor', { DisplayName: 'Once' });
    await client.update('Vendor', { Id: v.Id, SyncToken: v.SyncToken, AcctNum: '1' });
    const stale = await client.update('Vendor', { Id: v.Id, SyncToken: v.SyncToken, AcctNum: '2' }).catch((e) => e);
    expect(stale).toBeInstanceOf(ConflictError);
    expect((stale as ConflictError).code).toBe('5010');
    for (const status of [502, 503, 504] as const) {
      emu.qbo.faults.enqueue({ type: 'gateway', status });
      const error = await client.read('Vendor', v.Id as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).status).toBe(status);
      expect((error as ServerError).code).toBe(status === 504 ? '6002' : undefined);
    }
    emu.qbo.faults.onNthRequest(1, { batch: true }, { type: 'batchItemFault', items: [0, 1], fault: 'systemFault' });
    const results = await client.batch([
      { operation: 'create', entity: 'Vendor', body: { DisplayName: 'Lock me' } },
      { operation: 'create', entity: 'Vendor', body: { DisplayName: 'Fail me' } },
      { operation: 'create', entity: 'Vendor', body: { DisplayName: 'Fine' } },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.error.name} ${r.error.code}`))).toEqual([
      'ServerError 10000',
      'ServerError 10000',
      'ok',
    ]);
    const changes = await client.changes({ entities: ['Vendor'], since: new Date(Date.now() - 60_000) });
    expect(changes.map((c) => c.status)).toEqual(['Updated', 'Updated']);
  });
});
