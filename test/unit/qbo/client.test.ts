import { delay, HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  DuplicateNameError,
  InvalidArgumentError,
  NotFoundError,
  ResponseValidationError,
  ValidationError,
} from '../../../src/core/errors.js';
import { limiterForRealm } from '../../../src/qbo/limits.js';
import { api, fixture, freshRealm, mockServer, testClient } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('QboClient', () => {
  it('reads a record with minorversion and the bearer token, validated by its schema', async () => {
    const realm = freshRealm();
    let seen: URL | undefined;
    let authorization: string | null = null;
    server.use(
      http.get(`${api(realm)}/customer/1`, ({ request }) => {
        seen = new URL(request.url);
        authorization = request.headers.get('authorization');
        return HttpResponse.json(fixture('customer-read-qbo-api.json'));
      }),
    );
    const customer = await testClient(realm).read('Customer', '1');
    expect(customer.Id).toBe(fixture<{ Customer: { Id: string } }>('customer-read-qbo-api.json').Customer.Id);
    expect(seen?.searchParams.get('minorversion')).toBe('75');
    expect(authorization).toBe('Bearer test-access-token-123');
  });

  it('creates with a generated requestid of at most 50 characters', async () => {
    const realm = freshRealm();
    const ids: (string | null)[] = [];
    let body: unknown;
    server.use(
      http.post(`${api(realm)}/customer`, async ({ request }) => {
        ids.push(new URL(request.url).searchParams.get('requestid'));
        body = await request.json();
        return HttpResponse.json(fixture('customer-create-response-qbo-api.json'));
      }),
    );
    const created = await testClient(realm).create('Customer', { DisplayName: "O'Brien" });
    expect(created.Id).toBe('70');
    expect(body).toEqual({ DisplayName: "O'Brien" });
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends a sparse update with the caller requestid', async () => {
    const realm = freshRealm();
    let body: Record<string, unknown> = {};
    let requestId: string | null = null;
    server.use(
      http.post(`${api(realm)}/customer`, async ({ request }) => {
        requestId = new URL(request.url).searchParams.get('requestid');
        body = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json(fixture('customer-update-response-qbo-api.json'));
      }),
    );
    await testClient(realm).update('Customer', { Id: '1', SyncToken: '0', Notes: 'x' }, { idempotencyKey: 'sync-42' });
    expect(body).toEqual({ Id: '1', SyncToken: '0', Notes: 'x', sparse: true });
    expect(requestId).toBe('sync-42');
  });

  it('refuses an update without SyncToken and a requestid over 50 characters', async () => {
    const client = testClient(freshRealm());
    await expect(client.update('Customer', { Id: '1' })).rejects.toThrow(/Customer 1: field SyncToken/);
    await expect(client.create('Customer', {}, { idempotencyKey: 'x'.repeat(51) })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it('deletes a transaction with operation=delete and deactivates a name-list record', async () => {
    const realm = freshRealm();
    const calls: { path: string; op: string | null; body: unknown }[] = [];
    const record =
      (path: string) =>
      async ({ request }: { request: Request }) => {
        calls.push({ path, op: new URL(request.url).searchParams.get('operation'), body: await request.json() });
        return HttpResponse.json(
          path === 'invoice' ? fixture('invoice-delete-response-qbo-api.json') : fixture('customer-read-qbo-api.json'),
        );
      };
    server.use(
      http.post(`${api(realm)}/invoice`, record('invoice')),
      http.post(`${api(realm)}/customer`, record('customer')),
    );
    const client = testClient(realm);
    await client.delete('Invoice', { Id: '266', SyncToken: '0' });
    await client.delete('Customer', { Id: '1', SyncToken: '3' });
    expect(calls).toEqual([
      { path: 'invoice', op: 'delete', body: { Id: '266', SyncToken: '0' } },
      { path: 'customer', op: null, body: { Id: '1', SyncToken: '3', Active: false, sparse: true } },
    ]);
  });

  it('voids an invoice with operation=void', async () => {
    const realm = freshRealm();
    let op: string | null = null;
    server.use(
      http.post(`${api(realm)}/invoice`, ({ request }) => {
        op = new URL(request.url).searchParams.get('operation');
        return HttpResponse.json(fixture('invoice-void-response-qbo-api.json'));
      }),
    );
    const invoice = await testClient(realm).void('Invoice', { Id: '1', SyncToken: '0' });
    expect(op).toBe('void');
    expect(invoice.Id).toBeDefined();
  });

  it('maps recorded faults by meaning and carries intuit_tid', async () => {
    const realm = freshRealm();
    server.use(
      http.post(`${api(realm)}/customer`, () =>
        HttpResponse.json(fixture('fault-duplicate-name-6240-customer-qbo-api.json'), {
          status: 400,
          headers: { intuit_tid: 'tid-6240' },
        }),
      ),
      http.get(`${api(realm)}/customer/9`, () =>
        HttpResponse.json(fixture('fault-invalid-id-2030-qbo-api.json'), { status: 400 }),
      ),
    );
    const client = testClient(realm);
    const dup = await client.create('Customer', { DisplayName: 'A' }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(DuplicateNameError);
    expect((dup as DuplicateNameError).requestId).toBe('tid-6240');
    expect((dup as DuplicateNameError).code).toBe('6240');
    const invalid = await client.read('Customer', '9').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).element).toBe('Id');
  });

  it('turns a 200 that carries a Fault into an error', async () => {
    const realm = freshRealm();
    server.use(
      http.get(`${api(realm)}/query`, () =>
        HttpResponse.json(fixture('query-customer-response-with-fault-java-sdk.json')),
      ),
    );
    const error = await testClient(realm)
      .count({ entity: 'Customer' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('500');
  });

  it('throws ResponseValidationError naming entity, id, path and URL', async () => {
    const realm = freshRealm();
    server.use(
      http.get(`${api(realm)}/vendor/56`, () =>
        HttpResponse.json({ Vendor: { Id: '56', SyncToken: 0, DisplayName: 'V' }, time: 'x' }),
      ),
    );
    const error = await testClient(realm)
      .read('Vendor', '56')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const e = error as ResponseValidationError;
    expect([e.entity, e.id]).toEqual(['Vendor', '56']);
    expect(e.issues.map((i) => i.path)).toContain('SyncToken');
    expect(e.url).toContain(`/v3/company/${realm}/vendor/56`);
  });

  it('maps 404 to NotFoundError and reads companyInfo and preferences', async () => {
    const realm = freshRealm();
    const prefs = fixture<{ QueryResponse: { Preferences: unknown[] } }>('query-preferences-response-dotnet-sdk.json');
    server.use(
      http.get(`${api(realm)}/item/404`, () => new HttpResponse('', { status: 404 })),
      http.get(`${api(realm)}/preferences`, () =>
        HttpResponse.json({ Preferences: prefs.QueryResponse.Preferences[0] }),
      ),
      http.get(`${api(realm)}/companyinfo/${realm}`, () =>
        HttpResponse.json({ CompanyInfo: { Id: '1', SyncToken: '0', CompanyName: 'Acme' } }),
      ),
    );
    const client = testClient(realm);
    await expect(client.read('Item', '404')).rejects.toBeInstanceOf(NotFoundError);
    expect((await client.companyInfo()).CompanyName).toBe('Acme');
    expect(await client.preferences()).toBeTypeOf('object');
  });

  it('aborts an in-flight call and a call waiting for the realm limiter', async () => {
    const realm = freshRealm();
    let served = 0;
    server.use(
      http.get(`${api(realm)}/customer/:id`, async () => {
        served += 1;
        await delay(300);
        return HttpResponse.json(fixture('customer-read-qbo-api.json'));
      }),
    );
    const client = testClient(realm, { limits: { maxConcurrent: 1 } });
    const first = new AbortController();
    const second = new AbortController();
    const running = client.read('Customer', '1', { signal: first.signal });
    const queued = client.read('Customer', '2', { signal: second.signal });
    setTimeout(() => {
      second.abort();
      first.abort();
    }, 30);
    await expect(running).rejects.toBeInstanceOf(AbortError);
    await expect(queued).rejects.toBeInstanceOf(AbortError);
    expect(served).toBe(1);
    // The aborted exchange frees its slot once fetch has settled.
    await vi.waitFor(() => expect(limiterForRealm(realm).inFlight).toBe(0));
  });
});
