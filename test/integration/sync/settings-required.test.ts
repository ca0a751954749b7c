import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ConfigurationError, SyncError } from '../../../src/core/errors.js';
import { reportOf } from '../../../src/sync/engine/run-error.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 8, vendors: 3, customers: 3, purchaseOrders: 1, estimates: 1, seed: 9 };

describe('a setting a flow needs is missing', () => {
  it('preflight blocks the flows that need it, and names it', async () => {
    world = await startWorld({ company: COMPANY });
    const sync = world.withSettings({ adjustmentAccountId: '' });
    const all = await sync.preflight();
    expect(all.ok).toBe(false);
    expect(all.problems).toEqual([
      expect.objectContaining({ field: 'settings.adjustmentAccountId', severity: 'error' }),
    ]);
    const items = await sync.preflight({ scope: 'items' });
    expect(items.ok).toBe(true);
    expect(items.problems).toEqual([
      expect.objectContaining({ field: 'settings.adjustmentAccountId', severity: 'warning' }),
    ]);
  });

  it('syncAll fails before any write with a ConfigurationError naming it, and the failed run has its report', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const sync = w.withSettings({ adjustmentAccountId: '' });
    const error = await sync.syncAll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/settings\.adjustmentAccountId/);
    expect(w.itEmu.data.list('items')).toEqual([]);
    expect(w.itEmu.data.list('vendors')).toEqual([]);
    expect(await w.store.listJournal({})).toEqual([]);
    const report = reportOf(error);
    expect(report).toMatchObject({ operation: 'syncAll', status: 'failed', entities: {} });
    expect((await sync.history(1))[0]?.runId).toBe(report?.runId);

    // A flow that does not need it still runs.
    expect((await sync.syncItems()).status).toBe('completed');
  });
});

describe('a run that stops part-way', () => {
  it('attaches what it wrote before stopping to the thrown error', async () => {
    world = await startWorld({ company: COMPANY });
    const controller = new AbortController();
    world.sync.on('record', (event) => {
      if (event.action === 'created') controller.abort();
    });
    const error = await world.sync.syncAll({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    const report = reportOf(error);
    expect(report?.status).toBe('aborted');
    const created = Object.values(report?.entities ?? {}).reduce((n, e) => n + (e?.created ?? 0), 0);
    expect(created).toBeGreaterThan(0);
  });

  it('wraps an error that is not the SDK own (a host store failing) in a SyncError with the report', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    class FullDiskStore extends MemoryStateStore {
      override async setWatermark(): Promise<void> {
        throw new Error('disk full');
      }
    }
    const sync = new Synchronizer({
      qbo: w.qbo,
      intellitrack: w.it,
      store: new FullDiskStore(),
      settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId },
    });
    const error = await sync.syncVendors().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).cause).toMatchObject({ message: 'disk full' });
    expect((error as Error).message).toMatch(/disk full/);
    expect(reportOf(error)?.entities.vendor?.created).toBe(3);
  });
});
