import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '../../../src/qbo/api.js';
import { StaticTokenProvider } from '../../../src/qbo/auth.js';
import { QboClient } from '../../../src/qbo/client.js';
import type { Item } from '../../../src/qbo/schemas/item.js';
import { type QboEmulator, startQboEmulator } from '../../../src/testing/qbo/index.js';
import { recordingLogger } from './client-harness.js';

/**
 * A bulk import over real HTTP on 127.0.0.1: 3,000 items stamped with one LastUpdatedTime second,
 * which CDC (1000 objects at most, oldest first) cannot split, plus estimates deleted in that second
 * and later, and items deactivated and renamed later.
 */

const IMPORT_AT = Date.parse('2026-03-01T12:00:00Z');
let now = IMPORT_AT;
const clock = { now: () => now };
let qbo: QboEmulator;
const deletedAtImport: string[] = [];
const deletedLater: string[] = [];
const deactivated: string[] = [];
let renamed = '';

beforeAll(async () => {
  qbo = await startQboEmulator({ seed: 11, clock });
  const seeded = qbo.data.seedCompany({ items: 3000, vendors: 2, customers: 3, purchaseOrders: 0, estimates: 12 });
  for (const id of seeded.estimates.slice(0, 2)) {
    qbo.data.delete('Estimate', id);
    deletedAtImport.push(id);
  }
  now += 10_000;
  for (const id of seeded.estimates.slice(2, 5)) {
    qbo.data.delete('Estimate', id);
    deletedLater.push(id);
  }
  const active = qbo.data.list('Item').filter((i) => i.Active !== false);
  for (const item of active.slice(100, 102)) {
    qbo.data.update('Item', { Id: item.Id, SyncToken: item.SyncToken, Active: false });
    deactivated.push(item.Id);
  }
  const target = active[2500];
  if (!target) throw new Error('the seeded company has fewer items than expected');
  qbo.data.update('Item', { Id: target.Id, SyncToken: target.SyncToken, Name: 'Renamed after import' });
  renamed = target.Id;
  now += 10_000;
});

afterAll(async () => {
  await qbo?.close();
});

function ids(changes: Change[], entity: string, status: Change['status']): string[] {
  return changes
    .filter((c) => c.entity === entity && c.status === status)
    .map((c) => c.id)
    .sort();
}

describe('changes (CDC) over the emulator after a bulk import in one second', () => {
  it('returns every item, the estimate deletions, and the newest version of each record', async () => {
    const logger = recordingLogger();
    const client = new QboClient({
      realmId: qbo.realmId,
      environment: 'sandbox',
      baseUrl: qbo.baseUrl,
      auth: new StaticTokenProvider(qbo.issueAccessToken()),
      clock,
      logger,
    });
    const before = qbo.requests.count('query');
    const beforeCdc = qbo.requests.count('cdc');
    const reported = { cdc: 0, query: 0 };
    const changes = await client.changes(
      { entities: ['Item', 'Estimate'], since: new Date(IMPORT_AT - 1000) },
      { onRequest: (kind) => (reported[kind] += 1) },
    );
    // Every request the read made was reported, by kind, as the emulator counted it.
    expect(reported).toEqual({
      cdc: qbo.requests.count('cdc') - beforeCdc,
      query: qbo.requests.count('query') - before,
    });
    expect(reported.cdc + reported.query).toBeGreaterThan(1);

    const items = qbo.data.list('Item');
    expect(items.length).toBeGreaterThanOrEqual(3000);
    expect(ids(changes, 'Item', 'Updated')).toEqual(items.map((i) => i.Id).sort());
    expect(ids(changes, 'Item', 'Deleted')).toEqual([]);
    const byId = new Map(changes.filter((c) => c.entity === 'Item').map((c) => [c.id, c]));
    for (const item of items) {
      const change = byId.get(item.Id);
      expect(change?.status === 'Updated' && change.record.SyncToken, `Item ${item.Id}`).toBe(item.SyncToken);
    }
    for (const id of deactivated) {
      const change = byId.get(id);
      expect(change?.status === 'Updated' && (change.record as Item).Active, `Item ${id}`).toBe(false);
    }
    const renamedChange = byId.get(renamed);
    expect(renamedChange?.status === 'Updated' && (renamedChange.record as Item).Name).toBe('Renamed after import');

    expect(ids(changes, 'Estimate', 'Deleted')).toEqual([...deletedAtImport, ...deletedLater].sort());
    expect(ids(changes, 'Estimate', 'Updated')).toEqual(
      qbo.data
        .list('Estimate')
        .map((e) => e.Id)
        .sort(),
    );
    expect(new Set(changes.map((c) => `${c.entity}:${c.id}`)).size).toBe(changes.length);

    expect(qbo.requests.count('query') - before).toBeGreaterThanOrEqual(Math.ceil(items.length / 1000));
    const warning = logger.lines.find((l) => l.entity === 'Item' && l.at === new Date(IMPORT_AT).toISOString());
    expect(warning).toMatchObject({ service: 'qbo', cdcObjects: 1000 });
  });
});
