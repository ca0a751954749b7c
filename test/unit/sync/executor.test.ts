import { describe, expect, it } from 'vitest';
import { applySteps, resumePending } from '../../../src/sync/engine/apply-steps.js';
import type { ExecContext } from '../../../src/sync/engine/executor.js';
import { requestIdFor } from '../../../src/sync/engine/journal.js';
import type { QboWriteStep } from '../../../src/sync/plan/steps.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { execContext, FakeQbo } from './fakes.js';

function context(qbo: FakeQbo, store = new MemoryStateStore()): ExecContext {
  return execContext(store, { qbo: qbo.api() });
}

function createStep(n: number): QboWriteStep {
  return {
    kind: 'qbo.create',
    key: `cust:it-${n}:create`,
    entity: 'customer',
    sourceId: `it-${n}`,
    action: 'create',
    summary: `create ${n}`,
    qboEntity: 'Customer',
    body: { DisplayName: `Customer ${n}` },
    link: { entity: 'customer', origin: 'intellitrack', itId: `it-${n}` },
  };
}

describe('requestIdFor', () => {
  it('keeps short keys and digests long ones to at most 36 characters, stably', () => {
    expect(requestIdFor('adj:1:export')).toBe('adj:1:export');
    const long = `adj:${'x'.repeat(64)}:export`;
    expect(requestIdFor(long)).toHaveLength(36);
    expect(requestIdFor(long)).toBe(requestIdFor(long));
    expect(requestIdFor(long)).not.toBe(requestIdFor(`${long}2`));
  });
});

describe('QBO writes through the journal', () => {
  it('sends 45 creates as two batches (30 + 15) and links every record', async () => {
    const qbo = new FakeQbo();
    const ctx = context(qbo);
    await applySteps(
      ctx,
      Array.from({ length: 45 }, (_, i) => createStep(i)),
    );
    expect(qbo.batches.map((b) => JSON.parse(b.body).length)).toEqual([30, 15]);
    expect(qbo.records.size).toBe(45);
    expect(await ctx.store.countLinks('customer')).toBe(45);
    expect(ctx.report.entity('customer').created).toBe(45);
    expect(await ctx.store.listJournal({ state: 'pending' })).toEqual([]);
  });

  it('applying the same steps again sends nothing', async () => {
    const qbo = new FakeQbo();
    const ctx = context(qbo);
    const steps = Array.from({ length: 5 }, (_, i) => createStep(i));
    await applySteps(ctx, steps);
    await applySteps(ctx, steps);
    expect(qbo.batches).toHaveLength(1);
    expect(qbo.records.size).toBe(5);
  });

  it('re-sends a batch whose answer was lost byte-identically, with the same request id, and creates nothing twice', async () => {
    const qbo = new FakeQbo();
    qbo.loseNextAnswer = 1;
    const store = new MemoryStateStore();
    const first = context(qbo, store);
    await applySteps(first, [createStep(1), createStep(2)]);
    expect(first.report.entity('customer').failed).toBe(2);
    expect((await store.listJournal({ state: 'pending' })).length).toBe(3);

    const second = context(qbo, store);
    expect(await resumePending(second)).toBe(1);
    expect(qbo.batches).toHaveLength(2);
    expect(qbo.batches[1]).toEqual(qbo.batches[0]);
    expect(qbo.records.size).toBe(2);
    expect(await store.countLinks('customer')).toBe(2);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
  });

  it('re-reads stale-SyncToken batch members in one query, re-applies each once, then reports a second one as a conflict', async () => {
    const qbo = new FakeQbo();
    qbo.records.set('7', { Id: '7', SyncToken: '3', DisplayName: 'Old' });
    qbo.records.set('8', { Id: '8', SyncToken: '1', DisplayName: 'Old' });
    qbo.staleOnce.set('7', 1);
    qbo.staleOnce.set('8', 5);
    const ctx = context(qbo);
    const update = (id: string): QboWriteStep => ({
      ...createStep(Number(id)),
      kind: 'qbo.update',
      key: `cust:it-${id}:update`,
      action: 'update',
      body: { Id: id, SyncToken: qbo.records.get(id)?.SyncToken, DisplayName: 'New', sparse: true },
      link: { entity: 'customer', origin: 'intellitrack', itId: `it-${id}`, qboId: id },
    });
    await applySteps(ctx, [update('7'), update('8')]);
    expect(qbo.records.get('7')?.DisplayName).toBe('New');
    expect(qbo.records.get('8')?.DisplayName).toBe('Old');
    expect(ctx.report.entity('customer').updated).toBe(1);
    expect(ctx.report.entity('customer').conflicts).toBe(1);
    expect(qbo.reads).toBe(0);
    expect(qbo.queries).toBe(1);
    expect((await ctx.store.listFailed()).map((f) => f.sourceId)).toEqual(['it-8']);
  });
});
