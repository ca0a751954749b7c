import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { bulk, slugs, statuses } from './bulk-helpers.js';
import { call, itemBody, partyBody } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 62 });
});
afterAll(() => it.close());

const named = (itemNumber: string) => it.data.list('items', (i) => i.itemNumber === itemNumber);

describe('IntelliTrack emulator POST /bulk: idempotency and faults', () => {
  test("an operation's key replays a single request's answer, and a single request replays an operation's", async () => {
    const single = await call(it, 'POST', '/items', { body: itemBody(it, 'X-1'), key: 'x-1' });
    const res = await bulk(it, [
      { method: 'POST', path: '/items', idempotencyKey: 'x-1', body: itemBody(it, 'X-1') },
      { method: 'POST', path: '/vendors', idempotencyKey: 'x-2', body: partyBody(it, 'Cross Vendor') },
    ]);
    expect(statuses(res)).toEqual([201, 201]);
    expect(res.json.results[0]).toEqual({ status: 201, body: single.json, replayed: true });
    expect(res.json.results[1].replayed).toBe(false);
    expect(named('ITEM-X-1')).toHaveLength(1);
    const again = await call(it, 'POST', '/vendors', { body: partyBody(it, 'Cross Vendor'), key: 'x-2' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json).toEqual(res.json.results[1].body);
  });

  test('a key reused for another body fails that operation only (422); the same key twice in one request replays', async () => {
    await call(it, 'POST', '/items', { body: itemBody(it, 'R-1'), key: 'r-1' });
    const res = await bulk(it, [
      { method: 'POST', path: '/items', idempotencyKey: 'r-1', body: itemBody(it, 'R-1-other') },
      { method: 'POST', path: '/items', idempotencyKey: 'r-2', body: itemBody(it, 'R-2') },
      { method: 'POST', path: '/items', idempotencyKey: 'r-2', body: itemBody(it, 'R-2') },
      { method: 'POST', path: '/vendors', idempotencyKey: 'r-2', body: partyBody(it, 'R-2') },
    ]);
    expect(statuses(res)).toEqual([422, 201, 201, 422]);
    expect(slugs(res)).toEqual(['idempotency-key-reused', null, null, 'idempotency-key-reused']);
    expect(res.json.results[2]).toEqual({ ...res.json.results[1], replayed: true });
    expect(named('ITEM-R-1-other')).toHaveLength(0);
    expect(named('ITEM-R-2')).toHaveLength(1);
  });

  test('PATCH and DELETE with a key replay too, alone or in a bulk request; a failed one is not stored', async () => {
    const item = await call(it, 'POST', '/items', { body: itemBody(it, 'P-1') });
    const path = `/items/${item.json.id}`;
    const patched = await call(it, 'PATCH', path, { body: { unitPrice: 5 }, ifMatch: '"1"', key: 'p-1' });
    const replay = await bulk(it, [
      { method: 'PATCH', path, ifMatch: '"1"', idempotencyKey: 'p-1', body: { unitPrice: 5 } },
    ]);
    expect(replay.json.results[0]).toEqual({ status: 200, body: patched.json, replayed: true });
    const other = await call(it, 'PATCH', path, { body: { unitPrice: 6 }, key: 'p-1' });
    expect(other.status).toBe(422);
    const stale = await call(it, 'PATCH', path, { body: { unitPrice: 7 }, ifMatch: '"1"', key: 'p-2' });
    expect(stale.status).toBe(412);
    const fixed = await call(it, 'PATCH', path, { body: { unitPrice: 7 }, ifMatch: '"2"', key: 'p-2' });
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    expect(it.data.get('items', item.json.id)).toMatchObject({ version: 3, unitPrice: 7 });
    const gone = await bulk(it, [{ method: 'DELETE', path, idempotencyKey: 'd-1' }]);
    expect(gone.json.results[0]).toEqual({ status: 204, replayed: false });
    const deleteAgain = await call(it, 'DELETE', path, { key: 'd-1' });
    expect(deleteAgain.status).toBe(204);
    expect(deleteAgain.headers.get('idempotent-replayed')).toBe('true');
    expect((await call(it, 'DELETE', path)).status).toBe(404);
  });

  test('a lost bulk response took effect whole: the retry under the same key replays it, each record exists once', async () => {
    it.faults.script(['lost-response'], { kind: 'bulk' });
    const operations = [
      { method: 'POST', path: '/items', idempotencyKey: 'lost-op-1', body: itemBody(it, 'LOST-1') },
      { method: 'POST', path: '/items', idempotencyKey: 'lost-op-2', body: itemBody(it, 'LOST-2') },
      { method: 'POST', path: '/items', idempotencyKey: 'lost-op-3', body: itemBody(it, 'LOST-1') },
    ];
    const headers = {
      authorization: `Bearer ${it.apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': 'lost-bulk',
    };
    const body = JSON.stringify({ operations });
    await expect(fetch(`${it.baseUrl}/bulk`, { method: 'POST', headers, body })).rejects.toThrow();
    expect(named('ITEM-LOST-1')).toHaveLength(1);
    expect(named('ITEM-LOST-2')).toHaveLength(1);
    const retry = await bulk(it, operations, 'lost-bulk');
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(statuses(retry)).toEqual([201, 201, 409]);
    expect(named('ITEM-LOST-1')).toHaveLength(1);
    expect(named('ITEM-LOST-2')).toHaveLength(1);
    const otherOps = await bulk(it, operations.slice(0, 2), 'lost-bulk');
    expect(otherOps.status).toBe(422);
    expect(otherOps.json.type).toMatch(/idempotency-key-reused$/);
  });

  test('faults, rate limits and latency hit the bulk request as a whole, never one operation', async () => {
    it.faults.script([{ kind: 'rate-limit', retryAfterSeconds: 3 }], { kind: 'bulk' });
    const limited = await bulk(it, [{ method: 'POST', path: '/items', body: itemBody(it, 'F-1') }]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(named('ITEM-F-1')).toHaveLength(0);
    it.faults.script(['server-error'], { kind: 'create' });
    const res = await bulk(it, [{ method: 'POST', path: '/items', body: itemBody(it, 'F-2') }]);
    expect(statuses(res)).toEqual([201]);
    expect(it.faults.pending).toBe(1);
    it.faults.clear();
  });
});
