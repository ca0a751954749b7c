import { describe, expect, it } from 'vitest';
import {
  type ApiError,
  AuthenticationError,
  ConflictError,
  NotFoundError,
  ServerError,
  ValidationError,
} from '../../../src/core/errors.js';
import type { IntelliTrackApi, ItBulkOperation, ItBulkResult } from '../../../src/intellitrack/api.js';
import { applySteps, resumePending } from '../../../src/sync/engine/apply-steps.js';
import type { ExecContext } from '../../../src/sync/engine/executor.js';
import { meterIntelliTrack } from '../../../src/sync/engine/metered.js';
import type { ItDeleteStep, ItUpdateStep, PlanStep } from '../../../src/sync/plan/steps.js';
import { emptyCalls, type SyncReport } from '../../../src/sync/report.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { CountingStore, execContext, itemCreateStep } from './fakes.js';

const init = { service: 'intellitrack' as const, method: 'POST', url: '/bulk' };

/**
 * A bulk-capable IntelliTrack double: an operation's key replays its first answer; `failures`
 * answers chosen keys with an error instead; `requestError` fails whole requests.
 */
class FakeIt {
  readonly requests: ItBulkOperation[][] = [];
  readonly singles: string[] = [];
  readonly records = new Map<string, { id: string; version: number }>();
  readonly failures = new Map<string, ApiError>();
  requestError: ApiError | undefined;
  version = 7;

  api(): IntelliTrackApi {
    const answer = (op: ItBulkOperation): ItBulkResult => {
      const error = this.failures.get(op.idempotencyKey);
      if (error) return { ok: false, status: error.status ?? 500, error };
      const known = this.records.get(op.idempotencyKey);
      if (known) return { ok: true, status: 200, record: known as never, replayed: true };
      const record = { id: 'id' in op ? op.id : `it-${this.records.size + 1}`, version: 1 };
      this.records.set(op.idempotencyKey, record);
      return { ok: true, status: op.kind === 'create' ? 201 : 200, record: record as never, replayed: false };
    };
    return {
      bulk: async (operations: readonly ItBulkOperation[]) => {
        this.requests.push([...operations]);
        if (this.requestError) throw this.requestError;
        return operations.map(answer);
      },
      get: async (_resource: string, id: string) => ({ id, version: this.version }),
      update: async (_resource: string, id: string, _body: unknown, options: { idempotencyKey: string }) => {
        this.singles.push(options.idempotencyKey);
        return { id, version: this.version + 1 };
      },
    } as unknown as IntelliTrackApi;
  }

  get sentKeys(): string[] {
    return this.requests.flat().map((op) => op.idempotencyKey);
  }
}

function context(it: FakeIt, store: MemoryStateStore): ExecContext & { calls: SyncReport['calls'] } {
  const calls = emptyCalls();
  return { ...execContext(store, { it: meterIntelliTrack(it.api(), () => calls) }), calls };
}

function updateStep(n: number): ItUpdateStep {
  return {
    kind: 'it.update',
    key: `item:${n}:update`,
    entity: 'item',
    sourceId: String(n),
    action: 'update',
    summary: `update ${n}`,
    resource: 'items',
    itId: `it-${n}`,
    body: { description: `new ${n}` },
    ifVersion: 3,
    link: { entity: 'item', origin: 'qbo', qboId: String(n), itId: `it-${n}` },
  } as ItUpdateStep;
}

function deleteStep(n: number): ItDeleteStep {
  return {
    kind: 'it.delete',
    key: `receivingOrder:${n}:delete`,
    entity: 'receivingOrder',
    sourceId: String(n),
    action: 'delete',
    summary: `delete ${n}`,
    resource: 'receiving-orders',
    itId: `ro-${n}`,
    qboId: String(n),
  } as ItDeleteStep;
}

const creates = Array.from({ length: 250 }, (_, i) => itemCreateStep(i + 1));

describe('IntelliTrack writes in bulk requests', () => {
  it('sends 250 creates in 3 bulk requests of ≤ 100, each write once with its journalled key', async () => {
    const it = new FakeIt();
    const store = new CountingStore();
    const ctx = context(it, store);
    await applySteps(ctx, creates);
    expect(it.requests.map((r) => r.length)).toEqual([100, 100, 50]);
    expect(it.sentKeys.sort()).toEqual(creates.map((s) => s.key).sort());
    expect(ctx.calls.intellitrack).toEqual({ read: 0, changes: 0, write: 0, bulk: 3 });
    // one transaction journals a group pending, one settles it
    expect(store.transactions).toBe(6);
    expect(await store.countLinks('item')).toBe(250);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
    expect(ctx.report.entity('item').created).toBe(250);
  });

  it('a crash between a bulk request and its settling leaves it pending; resuming re-sends it in bulk with the same keys', async () => {
    const it = new FakeIt();
    const store = new CountingStore();
    store.failAt = 2; // the first group's settling transaction
    await expect(applySteps(context(it, store), creates)).rejects.toThrow('store lost');
    const pending = (await store.listJournal({ state: 'pending' })).map((e) => e.key).sort();
    expect(pending).toEqual(
      creates
        .slice(0, 100)
        .map((s) => s.key)
        .sort(),
    );
    expect(await store.countLinks('item')).toBe(0);

    const second = context(it, store);
    expect(await resumePending(second)).toBe(100);
    expect(it.requests).toHaveLength(2);
    expect(it.requests[1]?.map((op) => op.idempotencyKey).sort()).toEqual(pending);
    await applySteps(second, creates);
    expect(it.records.size).toBe(250);
    expect(await store.countLinks('item')).toBe(250);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
    expect(second.report.entity('item').created).toBe(250);
  });

  it('settles each operation by its own result: failures to the error queue, stale versions re-read once, gone deletes done', async () => {
    const it = new FakeIt();
    const store = new MemoryStateStore();
    const ctx = context(it, store);
    const steps: PlanStep[] = [itemCreateStep(1), itemCreateStep(2), updateStep(3), deleteStep(4), itemCreateStep(5)];
    it.failures.set('item:2:create', new ValidationError('sku is too long', { ...init, status: 400 }));
    it.failures.set('item:3:update', new ConflictError('version 3 is stale', { ...init, status: 412 }));
    it.failures.set('receivingOrder:4:delete', new NotFoundError('no such order', { ...init, status: 404 }));
    await applySteps(ctx, steps);

    expect(it.requests).toHaveLength(1);
    // the stale update was re-read (version 7) and sent again on its own, as a new request of that step
    expect(it.singles).toEqual(['item:3:update#1']);
    expect(ctx.report.entity('item')).toMatchObject({ created: 2, updated: 1, failed: 1 });
    expect(ctx.report.entity('receivingOrder').deleted).toBe(1);
    const failed = await store.listFailed();
    expect(failed.map((f) => [f.id, f.errorName])).toEqual([['item:qbo:2', 'ValidationError']]);
    expect((await store.getLinkByQboId('item', '3'))?.itVersion).toBe(8);
    expect(await store.listJournal({ state: 'pending' })).toEqual([]);
  });

  it('a bulk request that fails after retries fails its writes but leaves them pending; the run goes on', async () => {
    const it = new FakeIt();
    const store = new MemoryStateStore();
    const ctx = context(it, store);
    it.requestError = new ServerError('bad gateway', { ...init, status: 502 });
    await applySteps(ctx, creates.slice(0, 3));
    expect(ctx.report.entity('item').failed).toBe(3);
    expect((await store.listJournal({ state: 'pending' })).length).toBe(3);

    it.requestError = undefined;
    const next = context(it, store);
    expect(await resumePending(next)).toBe(3);
    expect(await store.countLinks('item')).toBe(3);
    expect(it.records.size).toBe(3);
  });

  it('an authentication failure stops the run with the group still pending', async () => {
    const it = new FakeIt();
    const store = new MemoryStateStore();
    it.requestError = new AuthenticationError('bad API key', { ...init, status: 401 });
    await expect(applySteps(context(it, store), creates.slice(0, 5))).rejects.toBeInstanceOf(AuthenticationError);
    expect((await store.listJournal({ state: 'pending' })).length).toBe(5);
    expect(await store.listFailed()).toEqual([]);
  });
});
