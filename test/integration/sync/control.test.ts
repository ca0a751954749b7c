import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, AuthenticationError, ConfigurationError } from '../../../src/core/errors.js';
import type { SyncEvents } from '../../../src/sync/events.js';
import { formatReport } from '../../../src/sync/report.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { clientsFor } from './clients.js';
import { startWorld, type World } from './harness.js';

let world: World | undefined;
afterEach(async () => {
  await world?.sync.stopAutoSync();
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 14, vendors: 3, customers: 3, purchaseOrders: 3, estimates: 4, seed: 4 };

function itState(w: World) {
  const d = w.itEmu.data;
  return {
    items: d
      .list('items')
      .map((i) => `${i.externalRef}:${i.itemNumber}:${i.active}`)
      .sort(),
    vendors: d
      .list('vendors')
      .map((v) => `${v.externalRef}:${v.companyName}`)
      .sort(),
    customers: d
      .list('customers')
      .map((c) => `${c.externalRef}:${c.companyName}`)
      .sort(),
    receiving: d
      .list('receiving-orders')
      .map((o) => `${o.externalRef}:${o.orderNumber}`)
      .sort(),
    inventory: d.list('inventory').length,
  };
}

describe('dry run, plan and apply', () => {
  it('a dry run writes nothing and reports what apply(plan) then writes, exactly', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const empty = itState(w);
    const dry = await w.sync.syncAll({ dryRun: true });
    expect(itState(w)).toEqual(empty);
    expect(await w.store.listWatermarks()).toEqual({});

    const plan = await w.sync.plan('all');
    expect(itState(w)).toEqual(empty);
    const byEntity = (entity: string) => plan.steps.filter((s) => s.entity === entity && s.action === 'create').length;
    expect(dry.entities.item?.created).toBe(byEntity('item'));
    expect(dry.entities.vendor?.created).toBe(byEntity('vendor'));
    expect(plan.steps.every((s) => s.summary.length > 0 && s.key.length > 0)).toBe(true);

    const applied = await w.sync.apply(plan);
    expect(applied.entities.item?.created).toBe(byEntity('item'));
    expect(w.itEmu.data.count('items')).toBe(byEntity('item'));
    // Applying the same plan again writes nothing: every step is done in the journal.
    const writes = w.itEmu.requests.count({ method: 'POST' });
    await w.sync.apply(plan);
    expect(w.itEmu.requests.count({ method: 'POST' })).toBe(writes);
    expect(w.itEmu.data.count('items')).toBe(byEntity('item'));

    // The plan's watermarks were saved: the next run is incremental and finds nothing new to create.
    const next = await w.sync.syncItems();
    expect(next.calls.qbo.cdc).toBe(1);
    expect(next.entities.item?.created ?? 0).toBe(0);
  });

  it('with manual posting, QBO writes wait for an approved plan', async () => {
    world = await startWorld({ company: COMPANY, settings: { manualPosting: true } });
    const w = world;
    await w.sync.syncAll();
    w.itEmu.simulate.createCustomer({ companyName: 'Approval Needed Ltd' });
    const held = await w.sync.syncCustomers();
    expect(held.entities.customer?.held).toBe(1);
    expect(w.qboEmu.data.list('Customer').some((c) => c.DisplayName === 'Approval Needed Ltd')).toBe(false);
    const plan = await w.sync.plan('customers');
    expect(plan.steps.filter((s) => s.kind === 'qbo.create').map((s) => s.summary)).toHaveLength(1);
    await w.sync.apply(plan);
    expect(w.qboEmu.data.list('Customer').filter((c) => c.DisplayName === 'Approval Needed Ltd')).toHaveLength(1);
  });
});

describe('preflight', () => {
  it('reports every problem, not just the first', async () => {
    world = await startWorld({});
    const w = world;
    const sync = w.withSettings({ defaultSite: 'no-such-site', defaultUom: 'XX', adjustmentAccountId: '99999' });
    const result = await sync.preflight();
    expect(result.ok).toBe(false);
    const fields = result.problems.map((p) => p.field).sort();
    expect(fields).toEqual(['settings.adjustmentAccountId', 'settings.defaultSite', 'settings.defaultUom']);
    expect((await w.sync.preflight()).problems).toEqual([]);
  });

  it('refuses to export adjustments without an adjustment account, with a typed error', async () => {
    world = await startWorld({});
    const w = world;
    const sync = w.withSettings({ adjustmentAccountId: '' });
    await expect(sync.exportInventoryAdjustments()).rejects.toBeInstanceOf(ConfigurationError);
    const ports = { qbo: w.qbo, intellitrack: w.it, store: w.store };
    expect(() => new Synchronizer({ ...ports, settings: { division: '' } })).toThrow(ConfigurationError);
  });
});

describe('error queue', () => {
  it('keeps a record that cannot be mapped in the queue while the others sync, and retries it', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const item = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!item) throw new Error('no item');
    w.qboEmu.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, sparse: true, UnitPrice: -5 });
    const report = await w.sync.syncItems();
    expect(report.entities.item?.failedRecords.map((f) => [f.id, f.errorName])).toEqual([[item.Id, 'MappingError']]);
    expect(report.entities.item?.created).toBeGreaterThan(5);
    expect((await w.store.listFailed()).map((f) => f.sourceId)).toEqual([item.Id]);

    const fixed = w.qboEmu.data.get('Item', String(item.Id));
    w.qboEmu.data.update('Item', { Id: item.Id, SyncToken: fixed?.SyncToken, sparse: true, UnitPrice: 5 });
    const retry = await w.sync.retryFailed();
    expect(retry.entities.item?.created).toBe(1);
    expect(await w.store.listFailed()).toEqual([]);
    expect(w.itEmu.data.list('items').filter((i) => i.externalRef === item.Id)).toHaveLength(1);
  });
});

describe('runs, events and cancellation', () => {
  it('emits typed events and prints the report as a table', async () => {
    world = await startWorld({ company: COMPANY });
    const seen: Partial<Record<keyof SyncEvents, number>> = {};
    for (const name of ['progress', 'record', 'run'] as const) {
      world.sync.on(name, () => {
        seen[name] = (seen[name] ?? 0) + 1;
      });
    }
    const report = await world.sync.syncVendors();
    expect(seen.run).toBe(1);
    expect(seen.record).toBe(report.entities.vendor?.created);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(formatReport(report)).toMatch(/vendor\s+\d+\s+\d+/);
    expect((await world.sync.history(1))[0]?.runId).toBe(report.runId);
  });

  it.each([
    { mode: 'IntelliTrack bulk requests', bulk: true },
    { mode: 'one IntelliTrack request per write', bulk: false },
  ])(
    'an aborted run stops with AbortError, records it, and the next run completes the work once ($mode)',
    async ({ bulk }) => {
      // More items than one bulk request carries, so the abort lands between two groups of writes.
      world = await startWorld({ company: { ...COMPANY, items: 300 }, bulk });
      const w = world;
      const controller = new AbortController();
      w.sync.on('record', (r) => {
        if (r.entity === 'item' && r.action === 'created') controller.abort();
      });
      await expect(w.sync.syncItems({ signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
      expect((await w.sync.history(1))[0]?.status).toBe('aborted');
      const partial = w.itEmu.data.count('items');
      expect(partial).toBeGreaterThan(0);
      const inventoryCount = w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory').length;
      expect(partial).toBeLessThan(inventoryCount);
      await w.sync.syncItems();
      const inventory = w.qboEmu.data.list('Item').filter((i) => i.Type === 'Inventory');
      expect(w.itEmu.data.count('items')).toBe(inventory.length);
      expect(new Set(w.itEmu.data.list('items').map((i) => i.externalRef)).size).toBe(inventory.length);
    },
  );

  it('auto sync never overlaps runs: a tick during a run is skipped and reported', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const ticks: SyncEvents['tick'][] = [];
    const runs: string[] = [];
    w.sync.on('tick', (t) => ticks.push(t));
    w.sync.on('run', (r) => runs.push(r.status));
    let inFlight = 0;
    let maxInFlight = 0;
    w.sync.on('progress', () => {
      maxInFlight = Math.max(maxInFlight, inFlight);
    });
    w.sync.on('run', () => {
      inFlight -= 1;
    });
    w.sync.on('tick', (t) => {
      if (!t.skipped) inFlight += 1;
    });
    w.qboEmu.faults.setRates({ latency: { probability: 1, ms: 40 } });
    w.sync.startAutoSync({ intervalMinutes: 0.001 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await w.sync.stopAutoSync();
    expect(ticks.some((t) => t.skipped)).toBe(true);
    expect(ticks.filter((t) => !t.skipped).length).toBe(runs.length);
    expect(maxInFlight).toBe(1);
    expect(runs.every((s) => s === 'completed')).toBe(true);
    expect(await w.store.getWatermark('completed:syncAll')).toBeDefined();
  });
});

describe('targeted and report-only syncs', () => {
  it('syncs only the flows of the entities a webhook named', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    await w.sync.syncAll();
    const item = w.qboEmu.data.list('Item').find((i) => i.Type === 'Inventory' && i.Active !== false);
    if (!item) throw new Error('no item');
    w.qboEmu.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, sparse: true, Description: 'Webhook edit' });
    const report = await w.sync.syncEntities(['Item']);
    expect(Object.keys(report.entities)).toEqual(['item']);
    expect(report.entities.item?.updated).toBe(1);
    expect(report.calls.qbo.cdc).toBe(1);
    const none = await w.sync.syncEntities(['Account']);
    expect(none.entities).toEqual({});
    expect(none.calls.qbo).toEqual({ query: 0, cdc: 0, batch: 0, write: 0, read: 0 });
  });

  it('with drift "report-only", reports IntelliTrack edits to QBO-owned vendors without overwriting them', async () => {
    world = await startWorld({ company: COMPANY, settings: { drift: 'report-only' } });
    const w = world;
    await w.sync.syncVendors();
    const vendor = w.itEmu.data.list('vendors').find((v) => v.externalRef !== null);
    if (!vendor) throw new Error('no vendor');
    w.itEmu.simulate.editVendor(vendor.id, { telephone: '555-0100', city: 'Elsewhere' });
    const report = await w.sync.syncVendors();
    expect(report.entities.vendor?.driftRecords).toEqual([
      { id: vendor.externalRef, fields: ['city', 'telephone'], overwritten: false },
    ]);
    expect(w.itEmu.data.get('vendors', vendor.id)?.telephone).toBe('555-0100');
    expect(report.calls.intellitrack.write).toBe(0);
  });
});

describe('fatal errors', () => {
  it('stops on an authentication failure with a typed error, records the run, and leaves nothing pending', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    const bad = clientsFor({
      qboBaseUrl: w.qboEmu.baseUrl,
      realmId: w.qboEmu.realmId,
      accessToken: 'not-a-valid-token',
      itBaseUrl: w.itEmu.baseUrl,
      apiKey: w.itEmu.apiKey,
    });
    const sync = new Synchronizer({
      qbo: bad.qbo,
      intellitrack: w.it,
      store: w.store,
      settings: { division: w.itEmu.divisionId },
    });
    const error = await sync.syncVendors().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(String((error as Error).message)).not.toContain('not-a-valid-token');
    expect((await sync.history(1))[0]?.status).toBe('failed');
    expect(await w.store.listJournal({ state: 'pending' })).toEqual([]);
    expect(await w.store.listWatermarks()).toEqual({});
    expect((await w.sync.syncVendors()).status).toBe('completed');
  });
});
