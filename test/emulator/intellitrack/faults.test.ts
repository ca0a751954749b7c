import { afterAll, beforeAll, describe, expect, it as test } from 'vitest';
import { type IntelliTrackEmulator, startIntelliTrackEmulator } from '../../../src/testing/index.js';
import { call, itemBody, q } from './helpers.js';

let it: IntelliTrackEmulator;

beforeAll(async () => {
  it = await startIntelliTrackEmulator({ seed: 41 });
});
afterAll(() => it.close());

function rawGet(emu: IntelliTrackEmulator, signal?: AbortSignal) {
  return fetch(`${emu.baseUrl}/items${q(emu)}`, {
    headers: { authorization: `Bearer ${emu.apiKey}` },
    ...(signal ? { signal } : {}),
  });
}

describe('IntelliTrack emulator faults and request counting', () => {
  test('scripted reset, 5xx and 429 storm, then normal answers', async () => {
    it.faults.script(['reset', { kind: 'server-error', status: 502 }, null]);
    await expect(rawGet(it)).rejects.toThrow();
    const bad = await call(it, 'GET', `/items${q(it)}`);
    expect(bad.status).toBe(502);
    expect(bad.json.type).toMatch(/server-error$/);
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(200);
    it.faults.storm(3, 7);
    for (let i = 0; i < 3; i++) {
      const limited = await call(it, 'GET', `/items${q(it)}`);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
    }
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(200);
    expect(it.faults.injected).toMatchObject({ reset: 1, 'server-error': 1, 'rate-limit': 3 });
  });

  test('a lost response took effect: the retry with the same key is replayed, not applied twice', async () => {
    it.faults.script(['lost-response'], { method: 'POST' });
    const body = JSON.stringify(itemBody(it, 'LOST'));
    const headers = {
      authorization: `Bearer ${it.apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': 'lost-1',
    };
    await expect(fetch(`${it.baseUrl}/items`, { method: 'POST', headers, body })).rejects.toThrow();
    expect(it.data.list('items', (i) => i.itemNumber === 'ITEM-LOST')).toHaveLength(1);
    const retry = await call(it, 'POST', '/items', { body: itemBody(it, 'LOST'), key: 'lost-1' });
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(it.data.list('items', (i) => i.itemNumber === 'ITEM-LOST')).toHaveLength(1);
  });

  test('a timeout never answers and changes nothing; the client gives up by itself', async () => {
    it.faults.script(['timeout'], { kind: 'create' });
    const before = it.data.count('items');
    const res = fetch(`${it.baseUrl}/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${it.apiKey}`, 'content-type': 'application/json', 'idempotency-key': 't-1' },
      body: JSON.stringify(itemBody(it, 'TIMEOUT')),
      signal: AbortSignal.timeout(200),
    });
    await expect(res).rejects.toThrow();
    expect(it.data.count('items')).toBe(before);
  });

  test('faults match by method, kind and resource; latency still answers', async () => {
    it.faults.script([{ kind: 'server-error' }], { resource: 'vendors' });
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(200);
    expect((await call(it, 'GET', `/vendors${q(it)}`)).status).toBe(503);
    it.faults.script([{ kind: 'latency', latencyMs: 30 }]);
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(200);
    expect(it.faults.injected.latency).toBe(1);
    expect(it.faults.pending).toBe(0);
  });

  test('random rules are repeatable for a seed and respect their probability', async () => {
    const pattern = async (seed: number, probability: number) => {
      const emu = await startIntelliTrackEmulator({ seed, faults: { rules: [{ kind: 'server-error', probability }] } });
      try {
        const out: number[] = [];
        for (let i = 0; i < 30; i++) out.push((await rawGet(emu)).status);
        return out;
      } finally {
        await emu.close();
      }
    };
    const a = await pattern(99, 0.5);
    expect(await pattern(99, 0.5)).toEqual(a);
    expect(a).toContain(503);
    expect(a).toContain(200);
    expect(await pattern(99, 0)).not.toContain(503);
    expect(await pattern(99, 1)).not.toContain(200);
  });

  test('the QBO emulator notation drives the same faults: enqueue, throttleStorm, setRates with kinds', async () => {
    it.faults.enqueue({ type: 'serverError', status: 504 }, { type: 'reset', kinds: ['changes'] });
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(504);
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(200);
    await expect(
      fetch(`${it.baseUrl}/items/changes${q(it)}`, { headers: { authorization: `Bearer ${it.apiKey}` } }),
    ).rejects.toThrow();
    it.faults.throttleStorm(2, { retryAfterSeconds: 3 });
    expect((await call(it, 'GET', `/items${q(it)}`)).headers.get('retry-after')).toBe('3');
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(429);
    it.faults.setRates({ serverError: 1, kinds: ['get'] });
    expect((await call(it, 'GET', `/items${q(it)}`)).status).toBe(200);
    expect((await call(it, 'GET', `/divisions/${it.divisionId}`)).status).toBe(200);
    expect((await call(it, 'GET', '/items/itm_00000001')).status).toBe(503);
    it.faults.setRates({});
    expect((await call(it, 'GET', '/items/itm_00000001')).status).not.toBe(503);
  });

  test('requests are counted by method, resource and route kind, and can be reset', async () => {
    it.requests.reset();
    await call(it, 'GET', `/items${q(it)}`);
    await call(it, 'GET', `/items/changes${q(it)}`);
    await call(it, 'GET', `/vendors/changes${q(it)}`);
    await call(it, 'POST', '/items', { body: itemBody(it, 'COUNT') });
    expect(it.requests.total).toBe(4);
    expect(it.requests.count({ kind: 'changes' })).toBe(2);
    expect(it.requests.count({ method: 'GET', kind: 'changes', resource: 'items' })).toBe(1);
    expect(it.requests.byKind()).toEqual({ 'GET list': 1, 'GET changes': 2, 'POST create': 1 });
    it.requests.reset();
    expect(it.requests.total).toBe(0);
  });
});
