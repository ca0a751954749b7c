import { describe, expect, it } from 'vitest';
import type { IntelliTrackApi } from '../../../src/intellitrack/api.js';
import { applySteps, resumePending } from '../../../src/sync/engine/apply-steps.js';
import { CountingStore, execContext, itemCreateStep } from './fakes.js';

/** IntelliTrack creates that replay the first answer for a repeated Idempotency-Key. */
class FakeIt {
  readonly sent: string[] = [];
  readonly records = new Map<string, { id: string; version: number }>();

  api(): IntelliTrackApi {
    return {
      create: async (_resource: string, _body: unknown, options: { idempotencyKey: string }) => {
        this.sent.push(options.idempotencyKey);
        const known = this.records.get(options.idempotencyKey);
        if (known) return known;
        const record = { id: `it-${this.records.size + 1}`, version: 1 };
        this.records.set(options.idempotencyKey, record);
        return record;
      },
    } as unknown as IntelliTrackApi;
  }
}

const steps = Array.from({ length: 70 }, (_, i) => itemCreateStep(i + 1));

describe('IntelliTrack writes, group-committed', () => {
  it('journals and settles 70 creates in a few transactions, each sent once with its key', async () => {
    const it = new FakeIt();
    const store = new CountingStore();
    const ctx = execContext(store, { it: it.api() });
    await applySteps(ctx, steps);
    expect([...it.sent].sort()).toEqual(steps.map((s) => s.key).sort());
    expect(store.transactions).toBeLessThanOrEqual(6);
    expect(await store.countLinks('item')).toBe(70);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
    expect(ctx.report.entity('item').created).toBe(70);
  });

  it('a crash between send and settle leaves the group pending; the next run re-sends it with the same keys', async () => {
    const it = new FakeIt();
    const store = new CountingStore();
    // The first group's settling transaction (the second one) fails, as a crash before its commit would.
    store.failAt = 2;
    await expect(applySteps(execContext(store, { it: it.api() }), steps)).rejects.toThrow('store lost');
    const pending = await store.listJournal({ state: 'pending' });
    expect(pending.map((e) => e.key).sort()).toEqual(it.sent.slice().sort());
    expect(await store.countLinks('item')).toBe(0);

    const second = execContext(store, { it: it.api() });
    expect(await resumePending(second)).toBe(pending.length);
    await applySteps(second, steps);
    expect(it.records.size).toBe(70);
    expect(it.sent.filter((key) => key === 'item:1:create')).toHaveLength(2);
    expect(await store.countLinks('item')).toBe(70);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
  });
});
