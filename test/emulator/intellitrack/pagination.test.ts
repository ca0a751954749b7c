import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { call, itemBody, q } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 21, warehouse: { items: 2500 } });
});
afterAll(() => it.close());

type Replica = Map<string, { version: number }>;

/** Reads one change page into `replica`; returns the next cursor and whether more pages wait. */
async function readChanges(replica: Replica, cursor: string | null, limit: number, emu = it) {
  const res = await call(emu, 'GET', `/items/changes${q(emu, { limit, ...(cursor ? { cursor } : {}) })}`);
  expect(res.json.records.length + res.json.deleted.length).toBeLessThanOrEqual(limit);
  for (const r of res.json.records) replica.set(r.id, r);
  for (const t of res.json.deleted) replica.delete(t.id);
  return { cursor: res.json.nextCursor as string, hasMore: res.json.hasMore as boolean };
}

function source(emu = it): [string, number][] {
  return emu.data.list('items', (i) => i.divisionId === emu.divisionId).map((i) => [i.id, i.version]);
}

function view(replica: Replica): [string, number][] {
  return [...replica.entries()]
    .map(([id, r]) => [id, r.version] as [string, number])
    .sort((a, b) => a[0].localeCompare(b[0]));
}

describe('IntelliTrack emulator pagination and change feed', () => {
  test('lists every record exactly once across many pages, in id order, then a null cursor', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await call(it, 'GET', `/items${q(it, { limit: 97, ...(cursor ? { cursor } : {}) })}`);
      ids.push(...res.json.data.map((i: { id: string }) => i.id));
      cursor = res.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(it.data.count('items') / 97));
    expect(ids).toEqual(source().map(([id]) => id));
    const big = await call(it, 'GET', `/items${q(it, { limit: 1000 })}`);
    expect(big.json.data).toHaveLength(1000);
    expect(big.json.nextCursor).not.toBeNull();
  });

  test('a caught-up feed is empty with hasMore false; the next change appears after its cursor', async () => {
    const replica: Replica = new Map();
    let page = { cursor: null as string | null, hasMore: true };
    while (page.hasMore) page = await readChanges(replica, page.cursor, 1000);
    expect(view(replica)).toEqual(source());
    const idle = await call(it, 'GET', `/items/changes${q(it, { cursor: page.cursor as string })}`);
    expect(idle.json).toMatchObject({ records: [], deleted: [], hasMore: false });
    const target = source()[3]?.[0] as string;
    await call(it, 'PATCH', `/items/${target}`, { body: { description: 'after catch-up' } });
    const next = await call(it, 'GET', `/items/changes${q(it, { cursor: idle.json.nextCursor })}`);
    expect(next.json.records.map((r: { id: string }) => r.id)).toEqual([target]);
  });

  test('edits, deletes and creates interleaved with paging are never missed (property)', async () => {
    const small = await startIntelliTrackEmulator({ seed: 22, warehouse: { items: 150 } });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('edit' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('create' as const), at: fc.nat() }),
    );
    let made = 0;
    const rounds = fc.array(fc.array(op, { maxLength: 4 }), { minLength: 1, maxLength: 10 });
    try {
      await fc.assert(
        fc.asyncProperty(rounds, fc.integer({ min: 5, max: 200 }), async (plan, limit) => {
          const replica: Replica = new Map();
          let page = await readChanges(replica, null, limit, small);
          for (const ops of plan) {
            for (const o of ops) {
              const ids = source(small).map(([id]) => id);
              const id = ids[o.at % ids.length] as string;
              if (o.kind === 'edit')
                await call(small, 'PATCH', `/items/${id}`, { body: { unitCost: (o.at % 500) / 10 } });
              else if (o.kind === 'delete') await call(small, 'DELETE', `/items/${id}`);
              else await call(small, 'POST', '/items', { body: itemBody(small, `PROP-${++made}`) });
            }
            page = await readChanges(replica, page.cursor, limit, small);
          }
          while (page.hasMore) page = await readChanges(replica, page.cursor, limit, small);
          expect(view(replica)).toEqual(source(small));
        }),
        { numRuns: 15, seed: 4 },
      );
    } finally {
      await small.close();
    }
  });

  test('concurrent writers while a reader pages: the drained replica equals the source', async () => {
    const replica: Replica = new Map();
    const ids = source().map(([id]) => id);
    const writers = Array.from({ length: 60 }, (_, i) =>
      call(it, 'PATCH', `/items/${ids[(i * 37) % ids.length]}`, { body: { description: `concurrent ${i}` } }),
    );
    const reader = (async () => {
      let page = { cursor: null as string | null, hasMore: true };
      while (page.hasMore) page = await readChanges(replica, page.cursor, 50);
      return page.cursor;
    })();
    const [cursor] = await Promise.all([reader, ...writers]);
    let page = { cursor: cursor as string | null, hasMore: true };
    while (page.hasMore) page = await readChanges(replica, page.cursor, 50);
    expect(view(replica)).toEqual(source());
  });

  test('updatedSince starts the feed at changes made at or after a time (inclusive)', async () => {
    let now = Date.parse('2026-05-01T10:00:00.000Z');
    const timed = await startIntelliTrackEmulator({ clock: { now: () => now } });
    try {
      const a = await call(timed, 'POST', '/items', { body: itemBody(timed, 'A') });
      now += 1000;
      const b = await call(timed, 'POST', '/items', { body: itemBody(timed, 'B') });
      const c = await call(timed, 'POST', '/items', { body: itemBody(timed, 'C') });
      now += 1000;
      await call(timed, 'PATCH', `/items/${a.json.id}`, { body: { description: 'later' } });
      const since = new Date(Date.parse('2026-05-01T10:00:01.000Z')).toISOString();
      const res = await call(timed, 'GET', `/items/changes${q(timed, { updatedSince: since })}`);
      expect(res.json.records.map((r: { id: string }) => r.id)).toEqual([b.json.id, c.json.id, a.json.id]);
      const bad = await call(timed, 'GET', `/items/changes${q(timed, { updatedSince: 'yesterday' })}`);
      expect(bad.status).toBe(400);
    } finally {
      await timed.close();
    }
  });

  test('the feed is scoped to the division and reports deletes as tombstones with the external ref', async () => {
    const other = it.data.put('divisions', {
      code: 'WEST',
      name: 'West',
      defaultUom: 'EA',
      defaultSiteId: null,
      active: true,
    });
    it.data.put('uoms', { divisionId: other.id, code: 'EA', description: 'Each' });
    const foreign = it.data.put('items', {
      ...itemBody(it, 'WEST-1'),
      divisionId: other.id,
      alternateNumber: null,
      category: null,
      model: null,
      manufacturer: null,
      trackLot: false,
      trackSerial: false,
      trackExpiration: false,
      externalRef: null,
      origin: 'qbo',
    });
    const start = await call(it, 'GET', `/items/changes${q(it, { limit: 1000 })}`);
    let cursor = start.json.nextCursor as string;
    for (let more = start.json.hasMore; more; ) {
      const res = await call(it, 'GET', `/items/changes${q(it, { cursor, limit: 1000 })}`);
      cursor = res.json.nextCursor;
      more = res.json.hasMore;
    }
    const linked = await call(it, 'POST', '/items', {
      body: itemBody(it, 'TOMB', { externalRef: '321', origin: 'qbo' }),
    });
    await call(it, 'DELETE', `/items/${linked.json.id}`);
    const res = await call(it, 'GET', `/items/changes${q(it, { cursor })}`);
    expect(res.json.records).toEqual([]);
    expect(res.json.deleted).toEqual([{ id: linked.json.id, externalRef: '321', deletedAt: expect.any(String) }]);
    const west = await call(it, 'GET', `/items/changes?divisionId=${other.id}`);
    expect(west.json.records.map((r: { id: string }) => r.id)).toEqual([foreign.id]);
  });
});
