import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, ServerError } from '../../../src/core/errors.js';
import { api, freshRealm, mockServer, testClient, vendor } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Serves `total` vendors, honouring STARTPOSITION / MAXRESULTS parsed from the query text. */
function serveVendors(realm: string, total: number, seen: string[]): void {
  server.use(
    http.get(`${api(realm)}/query`, ({ request }) => {
      const query = new URL(request.url).searchParams.get('query') ?? '';
      seen.push(query);
      const start = Number(/STARTPOSITION (\d+)/.exec(query)?.[1] ?? '1');
      const max = Number(/MAXRESULTS (\d+)/.exec(query)?.[1] ?? '100');
      const ids = Array.from({ length: Math.max(0, Math.min(max, total - start + 1)) }, (_, i) => start + i);
      const body = ids.length === 0 ? {} : { Vendor: ids.map(vendor), startPosition: start, maxResults: ids.length };
      return HttpResponse.json({ QueryResponse: body, time: '2026-01-01T00:00:00.000-08:00' });
    }),
  );
}

describe('pages / query', () => {
  it('pages across more than 1000 records and stops on the short page', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 2_345, seen);
    const sizes: number[] = [];
    const starts: number[] = [];
    for await (const page of testClient(realm).pages({ entity: 'Vendor' })) {
      sizes.push(page.records.length);
      starts.push(page.startPosition);
    }
    expect(sizes).toEqual([1000, 1000, 345]);
    expect(starts).toEqual([1, 1001, 2001]);
    expect(seen).toEqual([
      'SELECT * FROM Vendor STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Vendor STARTPOSITION 1001 MAXRESULTS 1000',
      'SELECT * FROM Vendor STARTPOSITION 2001 MAXRESULTS 1000',
    ]);
  });

  it('asks one more page when the total is an exact multiple, and yields nothing for it', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 2_000, seen);
    const ids: string[] = [];
    for await (const v of testClient(realm).records({ entity: 'Vendor' })) ids.push(String(v.Id));
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
    expect(seen).toHaveLength(3);
  });

  it('yields one page per request, so an empty result is one empty page', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 0, seen);
    const pages: number[] = [];
    for await (const page of testClient(realm).pages({ entity: 'Vendor' })) pages.push(page.records.length);
    expect(pages).toEqual([0]);
    expect(seen).toHaveLength(1);
  });

  it('fetches lazily: one request per page consumed', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 5_000, seen);
    const iterator = testClient(realm).pages({ entity: 'Vendor' })[Symbol.asyncIterator]();
    await iterator.next();
    expect(seen).toHaveLength(1);
    await iterator.return?.();
  });

  it('throws instead of looping when QBO serves the same start position twice', async () => {
    const realm = freshRealm();
    let calls = 0;
    server.use(
      http.get(`${api(realm)}/query`, () => {
        calls += 1;
        const records = Array.from({ length: 1000 }, (_, i) => vendor(i + 1));
        return HttpResponse.json({ QueryResponse: { Vendor: records, startPosition: 1, maxResults: 1000 } });
      }),
    );
    const pages: number[] = [];
    const error = await (async () => {
      for await (const page of testClient(realm).pages({ entity: 'Vendor' })) pages.push(page.startPosition);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(String((error as Error).message)).toContain('start position 1');
    expect(pages).toEqual([1]);
    expect(calls).toBe(2);
  });

  it('counts with SELECT COUNT(*) and reads totalCount', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    server.use(
      http.get(`${api(realm)}/query`, ({ request }) => {
        seen.push(new URL(request.url).searchParams.get('query') ?? '');
        return HttpResponse.json({ QueryResponse: { totalCount: 4242 }, time: 'x' });
      }),
    );
    const n = await testClient(realm).count({
      entity: 'Vendor',
      where: [{ field: 'Active', operator: '=', value: true }],
    });
    expect(n).toBe(4242);
    expect(seen).toEqual(['SELECT COUNT(*) FROM Vendor WHERE Active = true']);
  });
});

describe('pages with a known total (COUNT) and a start position', () => {
  async function pages(realm: string, options: { startPosition?: number; total?: number }) {
    const out: { start: number; size: number }[] = [];
    for await (const page of testClient(realm).pages({ entity: 'Vendor' }, options)) {
      out.push({ start: page.startPosition, size: page.records.length });
    }
    return out;
  }

  it('stops after the page that reaches an exact multiple of 1000: no trailing empty request', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 2_000, seen);
    expect(await pages(realm, { total: 2_000 })).toEqual([
      { start: 1, size: 1000 },
      { start: 1001, size: 1000 },
    ]);
    expect(seen).toHaveLength(2);
  });

  it('starts at startPosition: the pages before it are never asked for', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 3_000, seen);
    expect(await pages(realm, { startPosition: 1001, total: 3_000 })).toEqual([
      { start: 1001, size: 1000 },
      { start: 2001, size: 1000 },
    ]);
    expect(seen).toEqual([
      'SELECT * FROM Vendor STARTPOSITION 1001 MAXRESULTS 1000',
      'SELECT * FROM Vendor STARTPOSITION 2001 MAXRESULTS 1000',
    ]);
  });

  it('still stops on a short page before the total (records deleted after the count)', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 1_990, seen);
    expect(await pages(realm, { total: 3_000 })).toEqual([
      { start: 1, size: 1000 },
      { start: 1001, size: 990 },
    ]);
    expect(seen).toHaveLength(2);
  });

  it('stops at a stale count even when more records exist now (they were added after the count)', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 2_345, seen);
    expect(await pages(realm, { total: 2_000 })).toEqual([
      { start: 1, size: 1000 },
      { start: 1001, size: 1000 },
    ]);
    expect(seen).toHaveLength(2);
  });

  it('stops after the first page when the count is smaller than it, keeping every record the page returned', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 2_345, seen);
    expect(await pages(realm, { total: 500 })).toEqual([{ start: 1, size: 1000 }]);
    expect(seen).toHaveLength(1);
  });

  it('asks for nothing when the start position is past the total', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 1_000, seen);
    expect(await pages(realm, { startPosition: 1001, total: 1_000 })).toEqual([]);
    expect(await pages(realm, { total: 0 })).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('refuses a start position below 1 and a negative or fractional total', async () => {
    const realm = freshRealm();
    const seen: string[] = [];
    serveVendors(realm, 10, seen);
    await expect(pages(realm, { startPosition: 0 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(pages(realm, { total: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(pages(realm, { total: 1.5 })).rejects.toThrow(/total must be a non-negative integer/);
    expect(seen).toEqual([]);
  });
});
