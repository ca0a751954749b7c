import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerError } from '../../../src/core/errors.js';
import { readChanges } from '../../../src/qbo/cdc.js';
import type { Item } from '../../../src/qbo/schemas/item.js';
import { api, freshRealm, mockServer, recordingLogger, testClient, vendor } from './client-harness.js';

const server = mockServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = Date.parse('2026-03-01T00:00:00Z');
const clock = { now: () => NOW };
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
const AT = NOW - 3600_000;

interface Row {
  id: number;
  ms: number;
  deleted: boolean;
  active: boolean;
}

/**
 * The realm's current Vendor state: 2,500 vendors imported in one second (AT), of which #5 and
 * #1500 were deleted in that same second; later #3000 was created, #7 deleted and #12 deactivated.
 */
function realmState(): Map<number, Row> {
  const rows = new Map<number, Row>();
  for (let id = 1; id <= 2500; id += 1) rows.set(id, { id, ms: AT, deleted: id === 5 || id === 1500, active: true });
  rows.set(3000, { id: 3000, ms: AT + 10_000, deleted: false, active: true });
  rows.set(7, { id: 7, ms: AT + 20_000, deleted: true, active: true });
  rows.set(12, { id: 12, ms: AT + 30_000, deleted: false, active: false });
  return rows;
}

function body(row: Row): Record<string, unknown> {
  const MetaData = { CreateTime: iso(AT), LastUpdatedTime: iso(row.ms) };
  if (row.deleted) return { domain: 'QBO', status: 'Deleted', Id: String(row.id), MetaData };
  return { ...vendor(row.id), Active: row.active, MetaData };
}

/** QBO-like CDC (oldest first, then by id, 1000 at most) and query (STARTPOSITION/MAXRESULTS) handlers. */
function handlers(realm: string, rows: Map<number, Row>, queries: string[]) {
  const ordered = [...rows.values()].sort((a, b) => a.ms - b.ms || a.id - b.id);
  return [
    http.get(`${api(realm)}/cdc`, ({ request }) => {
      const since = Date.parse(new URL(request.url).searchParams.get('changedSince') ?? '');
      const Vendor = ordered
        .filter((r) => r.ms >= since)
        .slice(0, 1000)
        .map(body);
      return HttpResponse.json({ CDCResponse: [{ QueryResponse: [Vendor.length > 0 ? { Vendor } : {}] }] });
    }),
    http.get(`${api(realm)}/query`, ({ request }) => {
      const text = new URL(request.url).searchParams.get('query') ?? '';
      queries.push(text);
      const from = Date.parse(/LastUpdatedTime >= '([^']+)'/.exec(text)?.[1] ?? '');
      const start = Number(/STARTPOSITION (\d+)/.exec(text)?.[1]);
      const max = Number(/MAXRESULTS (\d+)/.exec(text)?.[1]);
      const live = [...rows.values()].filter((r) => !r.deleted && r.ms >= from).sort((a, b) => a.id - b.id);
      const Vendor = live.slice(start - 1, start - 1 + max).map(body);
      return HttpResponse.json({ QueryResponse: { Vendor, startPosition: start, maxResults: Vendor.length } });
    }),
  ];
}

describe('changes (CDC) when 1000+ changes share one instant', () => {
  it('completes the instant with a paged query, keeps CDC deletions, resumes CDC after it and warns', async () => {
    const realm = freshRealm();
    const queries: string[] = [];
    server.use(...handlers(realm, realmState(), queries));
    const logger = recordingLogger();
    const changes = await testClient(realm, { clock, logger }).changes({
      entities: ['Vendor'],
      since: new Date(AT - 1000),
    });

    const deleted = changes.filter((c) => c.status === 'Deleted').map((c) => c.id);
    expect(deleted.sort()).toEqual(['5', '7']);
    const updated = new Set(changes.filter((c) => c.status === 'Updated').map((c) => c.id));
    const expected = [...realmState().values()].filter((r) => !r.deleted).map((r) => String(r.id));
    expect(updated).toEqual(new Set(expected));
    expect(updated.size).toBe(2498);
    expect(new Set(changes.map((c) => c.id)).size).toBe(changes.length);
    const twelve = changes.find((c) => c.id === '12');
    expect(twelve?.status === 'Updated' && (twelve.record as Item).Active).toBe(false);
    expect(twelve?.lastUpdatedTime).toBe(iso(AT + 30_000));
    const times = changes.map((c) => Date.parse(c.lastUpdatedTime));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    expect(queries.length).toBe(3);
    for (const q of queries) {
      expect(q).toContain(`SELECT * FROM Vendor WHERE MetaData.LastUpdatedTime >= '${iso(AT)}'`);
      expect(q).toContain('Active IN (true,false)');
      expect(q).toContain('ORDERBY Id');
      expect(q).toContain('MAXRESULTS 1000');
    }
    const warning = logger.lines.find((l) => l.entity === 'Vendor' && l.at === new Date(AT).toISOString());
    expect(warning).toMatchObject({ service: 'qbo', cdcObjects: 1000, cdcDeletions: 1, queried: 2498 });
    expect(String(warning?.msg)).toMatch(/deletions at that instant beyond the cap cannot be listed/);
  });

  it('still throws ServerError when no query runner is given', async () => {
    const at = iso(AT);
    const same = Array.from({ length: 1000 }, (_, i) => ({ ...vendor(i + 1), MetaData: { LastUpdatedTime: at } }));
    let calls = 0;
    const run = async () => {
      calls += 1;
      return { data: { CDCResponse: [{ QueryResponse: [{ Vendor: same }] }] }, url: 'https://qbo.test/cdc' };
    };
    const error = await readChanges({ entities: ['Vendor'], since: new Date(AT) }, run, { clock }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).message).toContain(`all at ${new Date(AT).toISOString()}`);
    expect(calls).toBe(1);
  });
});
