import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FullSyncRequiredError } from '../../../src/core/errors.js';
import { api, fixture, freshRealm, mockServer, testClient, vendor } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse('2026-03-01T00:00:00Z');
const clock = { now: () => NOW };
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** 2,500 vendor changes one second apart, every 10th one deleted; CDC answers the oldest 1000 at most. */
function history(): Record<string, unknown>[] {
  const start = NOW - 5 * 24 * 3600_000;
  return Array.from({ length: 2500 }, (_, i) => {
    const meta = { CreateTime: iso(start), LastUpdatedTime: iso(start + i * 1000) };
    return i % 10 === 9
      ? { Id: String(i + 1), status: 'Deleted', MetaData: { LastUpdatedTime: meta.LastUpdatedTime } }
      : { ...vendor(i + 1), MetaData: meta };
  });
}

describe('changes (CDC)', () => {
  it('splits a window that hits the 1000-object cap so no change is lost', async () => {
    const realm = freshRealm();
    const all = history();
    const requests: { entities: string | null; since: string | null }[] = [];
    server.use(
      http.get(`${api(realm)}/cdc`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        requests.push({ entities: params.get('entities'), since: params.get('changedSince') });
        const since = Date.parse(params.get('changedSince') ?? '');
        const vendors = all
          .filter((r) => Date.parse(String((r.MetaData as { LastUpdatedTime: string }).LastUpdatedTime)) >= since)
          .slice(0, 1000);
        const item = params.get('entities')?.includes('Item') ? [{ Item: [] }] : [];
        return HttpResponse.json({ CDCResponse: [{ QueryResponse: [{ Vendor: vendors }, ...item] }], time: 'x' });
      }),
    );
    const since = new Date(NOW - 6 * 24 * 3600_000);
    const changes = await testClient(realm, { clock }).changes({ entities: ['Vendor', 'Item'], since });
    expect(changes).toHaveLength(2500);
    expect(new Set(changes.map((c) => c.id)).size).toBe(2500);
    expect(changes.filter((c) => c.status === 'Deleted')).toHaveLength(250);
    const times = changes.map((c) => Date.parse(c.lastUpdatedTime));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(requests[0]?.entities).toBe('Vendor,Item');
    expect(requests.slice(1).every((r) => r.entities === 'Vendor' || r.entities === 'Item')).toBe(true);
    expect(requests.filter((r) => r.entities === 'Vendor').length).toBeGreaterThanOrEqual(2);
  });

  it('parses a recorded-style response with a deleted record', async () => {
    const realm = freshRealm();
    const customer = fixture<{ Customer: Record<string, unknown> }>('customer-read-qbo-api.json').Customer;
    server.use(
      http.get(`${api(realm)}/cdc`, () =>
        HttpResponse.json({
          CDCResponse: [
            {
              QueryResponse: [
                {
                  Customer: [
                    customer,
                    {
                      domain: 'QBO',
                      status: 'Deleted',
                      Id: '77',
                      MetaData: { LastUpdatedTime: '2026-02-27T10:00:00-08:00' },
                    },
                  ],
                  startPosition: 1,
                  maxResults: 2,
                },
              ],
            },
          ],
        }),
      ),
    );
    const changes = await testClient(realm, { clock }).changes({
      entities: ['Customer'],
      since: new Date(NOW - 3600_000),
    });
    expect(changes.map((c) => [c.status, c.id])).toContainEqual(['Deleted', '77']);
    expect(changes.map((c) => [c.status, c.id])).toContainEqual(['Updated', customer.Id]);
  });

  it('refuses a since older than 30 days with FullSyncRequiredError, without calling QBO', async () => {
    const since = new Date(NOW - 31 * 24 * 3600_000);
    const error = await testClient(freshRealm(), { clock })
      .changes({ entities: ['Item'], since })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FullSyncRequiredError);
    expect((error as FullSyncRequiredError).since).toEqual(since);
  });

  it('loses nothing when the cap applies to the whole response across entities', async () => {
    const realm = freshRealm();
    const start = NOW - 2 * 24 * 3600_000;
    // 1,500 vendor and 900 customer changes interleaved in time.
    const all = Array.from({ length: 2400 }, (_, i) => {
      const entity = i % 8 < 5 ? 'Vendor' : 'Customer';
      const meta = { LastUpdatedTime: iso(start + i * 1000) };
      const body: Record<string, unknown> = { ...vendor(i + 1), MetaData: meta };
      return { entity, ms: start + i * 1000, body };
    });
    const customer = fixture<{ Customer: Record<string, unknown> }>('customer-read-qbo-api.json').Customer;
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/cdc`, ({ request }) => {
        calls += 1;
        const params = new URL(request.url).searchParams;
        const wanted = (params.get('entities') ?? '').split(',');
        const since = Date.parse(params.get('changedSince') ?? '');
        const kept = all.filter((c) => wanted.includes(c.entity) && c.ms >= since).slice(0, 1000);
        const QueryResponse = wanted.map((entity) => {
          const list = kept
            .filter((c) => c.entity === entity)
            .map((c) => (entity === 'Customer' ? { ...customer, Id: c.body.Id, MetaData: c.body.MetaData } : c.body));
          return list.length === 0 ? {} : { [entity]: list };
        });
        return HttpResponse.json({ CDCResponse: [{ QueryResponse }] });
      }),
    );
    const changes = await testClient(realm, { clock }).changes({
      entities: ['Vendor', 'Customer'],
      since: new Date(start),
    });
    expect(changes.filter((c) => c.entity === 'Vendor')).toHaveLength(1500);
    expect(changes.filter((c) => c.entity === 'Customer')).toHaveLength(900);
    expect(new Set(changes.map((c) => `${c.entity}:${c.id}`)).size).toBe(2400);
    expect(calls).toBeLessThan(12);
  });
});
