import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../src/core/errors.js';
import { reportOf } from '../../../src/sync/engine/run-error.js';
import type { SyncSettings } from '../../../src/sync/settings.js';
import { MemoryStateStore } from '../../../src/sync/state/memory-store.js';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { clientsFor } from './clients.js';
import { startWorld, type World } from './harness.js';

let w: World;
beforeAll(async () => {
  w = await startWorld({ company: { items: 4, vendors: 2, customers: 2, purchaseOrders: 1, estimates: 1, seed: 4 } });
});
afterAll(async () => {
  await w?.close();
});

/** A Synchronizer for QBO company `realmId` and `settings`, over the world's emulators and a new store. */
function synchronizer(realmId: string, settings: Partial<SyncSettings> = {}): Synchronizer {
  const { qbo, it } = clientsFor({
    qboBaseUrl: w.qboEmu.baseUrl,
    realmId,
    accessToken: w.qboEmu.issueAccessToken(),
    itBaseUrl: w.itEmu.baseUrl,
    apiKey: w.itEmu.apiKey,
  });
  return new Synchronizer({
    qbo,
    intellitrack: it,
    store: new MemoryStateStore(),
    settings: { division: w.itEmu.divisionId, adjustmentAccountId: w.shrinkageAccountId, ...settings },
  });
}

async function failureOf(run: Promise<unknown>): Promise<ConfigurationError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigurationError);
  expect(reportOf(error)?.status).toBe('failed');
  return error as ConfigurationError;
}

describe('a wrong IntelliTrack division id', () => {
  it('stops every run with a ConfigurationError naming settings.division', async () => {
    const sync = synchronizer(w.qboEmu.realmId, { division: 'div_missing' });
    for (const run of [() => sync.syncAll(), () => sync.syncVendors(), () => sync.syncCustomers()]) {
      const error = await failureOf(run());
      expect(error.message).toMatch(/settings\.division/);
      expect(error.message).toContain('div_missing');
    }
  });
});

describe('a wrong QBO company (realm) id', () => {
  it('stops a run with a ConfigurationError naming qbo.realmId; preflight blames qbo.realmId, not another setting', async () => {
    const sync = synchronizer('9999999999');
    for (const run of [() => sync.syncAll(), () => sync.syncItems()]) {
      const error = await failureOf(run());
      expect(error.message).toMatch(/qbo\.realmId/);
      expect(error.message).toContain('9999999999');
    }
    const result = await sync.preflight();
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.field)).toEqual(['qbo.realmId']);
  });
});
