import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityRecord } from '../../../src/sync/activity/types.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { activity } from '../../../src/testing/store-contract-activity.js';
import { journal, link, run } from '../../../src/testing/store-contract-fixtures.js';

// The memory store keeps rows as JSON text and parses each row it reads: counting `JSON.parse`
// counts the rows a call visits. What a quiet cycle calls must visit only the rows it returns.

const T = 1_700_000_000_000;
const MANY = 3000;

function parsesDuring<T>(call: () => Promise<T>): Promise<{ value: T; parses: number }> {
  const spy = vi.spyOn(JSON, 'parse');
  return call().then((value) => {
    const parses = spy.mock.calls.length;
    spy.mockRestore();
    return { value, parses };
  });
}

function entry(runId: string | null, at: number): ActivityRecord {
  return activity({ runId, at });
}

afterEach(() => vi.restoreAllMocks());

describe('MemoryStateStore: what a quiet cycle calls visits only what it returns', () => {
  it('lists the pending journal entries and prunes the settled ones without reading the others', async () => {
    const store = new MemoryStateStore();
    for (let i = 0; i < MANY; i += 1)
      await store.putJournal(journal({ key: `d${i}`, state: 'done', updatedAt: T + i }));
    await store.putJournal(journal({ key: 'p1', updatedAt: T }));
    await store.putJournal(journal({ key: 'p2', updatedAt: T }));
    const pending = await parsesDuring(() => store.listJournal({ state: 'pending' }));
    expect(pending.value.map((e) => e.key)).toEqual(['p1', 'p2']);
    expect(pending.parses).toBeLessThanOrEqual(2);
    const nothing = await parsesDuring(() => store.pruneJournal({ before: T }));
    expect(nothing).toEqual({ value: 0, parses: 0 });
    const three = await parsesDuring(() => store.pruneJournal({ before: T + 3 }));
    expect(three.value).toBe(3);
    expect(three.parses).toBeLessThanOrEqual(3 * 2);
  });

  it('prunes runs and their activity reading only the runs and entries it deletes', async () => {
    const store = new MemoryStateStore();
    for (let r = 0; r < 50; r += 1) {
      await store.putRun(run({ id: `run-${r}`, startedAt: T + r }));
      await store.putActivity(Array.from({ length: MANY / 50 }, () => entry(`run-${r}`, T + r)));
    }
    const nothing = await parsesDuring(() => store.pruneRuns({ keep: 50 }));
    expect(nothing).toEqual({ value: 0, parses: 0 });
    const two = await parsesDuring(() => store.pruneRuns({ keep: 48 }));
    expect(two.value).toBe(2);
    expect(two.parses).toBeLessThanOrEqual(2 * (1 + MANY / 50));
    expect(await store.listActivity({ runId: 'run-0', limit: 10 })).toEqual([]);
    expect(await store.listActivity({ runId: 'run-2', limit: 1000 })).toHaveLength(MANY / 50);
    const newest = await parsesDuring(() => store.listRuns(3));
    expect(newest.value.map((r) => r.id)).toEqual(['run-49', 'run-48', 'run-47']);
    expect(newest.parses).toBeLessThanOrEqual(3);
  });

  it('lists the links lacking a flag from its index, even after a rolled-back transaction', async () => {
    const store = new MemoryStateStore();
    const done = { inventoryImported: true };
    await store.putLinks(Array.from({ length: MANY }, (_, i) => link({ qboId: `q${i}`, itId: `i${i}`, data: done })));
    await store.putLinks([link({ qboId: 'p', itId: 'ip', data: {} })]);
    const ids = async (): Promise<string[]> => {
      const out: string[] = [];
      for await (const page of store.listLinksWithout('item', 'inventoryImported'))
        out.push(...page.map((l) => l.qboId));
      return out;
    };
    expect(await ids()).toEqual(['p']);
    await expect(
      store.transaction(async () => {
        await store.putLinks([link({ qboId: 'q1', itId: 'i1', data: {} })]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const again = await parsesDuring(ids);
    expect(again.value).toEqual(['p']);
    expect(again.parses).toBeLessThanOrEqual(1);
  });
});
