import { describe, expect, it } from 'vitest';
import type { ChangesOptions, QboApi } from '../../../src/qbo/api.js';
import { meterQbo } from '../../../src/sync/engine/metered.js';
import { emptyCalls } from '../../../src/sync/report.js';

/** A QBO API whose `changes` makes `requests` HTTP requests (reporting them unless `silent`). */
function fakeQbo(requests: readonly ('cdc' | 'query')[], silent = false): QboApi {
  return {
    changes: async (_params: unknown, options: ChangesOptions = {}) => {
      if (!silent) for (const kind of requests) options.onRequest?.(kind);
      return [];
    },
  } as unknown as QboApi;
}

const params = { entities: ['Item' as const], since: new Date('2026-01-01T00:00:00Z') };

describe('meterQbo: CDC reads', () => {
  it('counts every request a CDC read makes, by kind, and passes them on to the caller', async () => {
    const calls = emptyCalls();
    const seen: string[] = [];
    const api = meterQbo(fakeQbo(['cdc', 'cdc', 'query', 'query', 'query']), () => calls);
    await api.changes(params, { onRequest: (kind) => seen.push(kind) });
    expect(calls.qbo).toMatchObject({ cdc: 2, query: 3 });
    expect(seen).toEqual(['cdc', 'cdc', 'query', 'query', 'query']);
  });

  it('counts one CDC call for an API that does not report its requests', async () => {
    const calls = emptyCalls();
    await meterQbo(fakeQbo(['cdc', 'cdc'], true), () => calls).changes(params);
    expect(calls.qbo).toMatchObject({ cdc: 1, query: 0 });
  });
});
