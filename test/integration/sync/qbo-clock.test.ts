import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import type { SyncEntity } from '../../../src/sync/state/store.js';
import { startWorld, type World } from './harness.js';
import { ManualClock, syncOf } from './lease-helpers.js';
import { COMPANY } from './scenario.js';

const MASTER: readonly SyncEntity[] = ['vendor', 'customer', 'item'];
let worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.map((w) => w.close()));
  worlds = [];
});

async function world(qboClock: Clock): Promise<World> {
  const w = await startWorld({ company: COMPANY, seed: 5, qboClock });
  worlds.push(w);
  return w;
}

/** Renames a QBO vendor (as a bookkeeper would) and returns its id and new name. */
function renameVendor(w: World, index: number, name: string): { id: string; name: string } {
  const vendor = w.qboEmu.data.list('Vendor')[index];
  if (!vendor) throw new Error(`no vendor ${index}`);
  w.qboEmu.data.update('Vendor', { Id: vendor.Id, SyncToken: vendor.SyncToken, DisplayName: name });
  return { id: String(vendor.Id), name };
}

function itVendorName(w: World, qboId: string): string | undefined {
  return w.itEmu.data.list('vendors').find((v) => v.externalRef === qboId)?.companyName;
}

describe("watermarks follow QBO's clock, not the host's", () => {
  it('QBO 10 s behind the host: a change made right after a sync is read by the next one', async () => {
    const host = new ManualClock(Date.now());
    const w = await world({ now: () => host.at - 10_000 });
    const sync = syncOf(w, { owner: 'host' }, { clock: host });
    expect((await sync.syncAll()).status).toBe('completed');
    host.at += 1_000;
    const renamed = renameVendor(w, 0, 'Renamed One Second Later');
    host.at += 1_000;
    await sync.syncAll();
    expect(itVendorName(w, renamed.id)).toBe(renamed.name);
  });

  it('a host clock that jumps forward an hour, then back, loses no change', async () => {
    const host = new ManualClock(Date.now());
    const qbo = new ManualClock(host.at);
    const w = await world(qbo);
    const sync = syncOf(w, { owner: 'host' }, { clock: host });
    await sync.syncAll();
    host.at += 3_600_000;
    qbo.at += 1_000;
    await sync.syncAll();
    qbo.at += 1_000;
    const first = renameVendor(w, 0, 'Renamed While The Host Ran Ahead');
    host.at -= 3_600_000 - 3_000;
    qbo.at += 1_000;
    await sync.syncAll();
    expect(itVendorName(w, first.id)).toBe(first.name);
  });

  it('a host clock that jumps back an hour loses no change either', async () => {
    const host = new ManualClock(Date.now());
    const qbo = new ManualClock(host.at);
    const w = await world(qbo);
    const sync = syncOf(w, { owner: 'host' }, { clock: host });
    await sync.syncAll();
    host.at -= 3_600_000;
    qbo.at += 2_000;
    const renamed = renameVendor(w, 1, 'Renamed After The Host Went Back');
    qbo.at += 1_000;
    await sync.syncAll();
    expect(itVendorName(w, renamed.id)).toBe(renamed.name);
  });

  it('the overlap re-reads vendors, customers and items changed in it, but writes nothing twice', async () => {
    const host = new ManualClock(Date.now());
    const qbo = new ManualClock(host.at - 10_000);
    const w = await world(qbo);
    const sync = syncOf(w, { owner: 'host' }, { clock: host });
    await sync.syncAll();
    qbo.at += 1_000;
    renameVendor(w, 0, 'Renamed Inside The Overlap');
    rename(w, 'Customer', 'DisplayName', 'Customer Renamed Inside The Overlap');
    rename(w, 'Item', 'Name', 'Item Renamed Inside The Overlap');
    qbo.at += 1_000;
    host.at += 2_000;
    const second = await sync.syncAll();
    // A renamed item renames its sub-items (`Parent:Sub`) too.
    for (const entity of MASTER) expect(second.entities[entity]?.updated, entity).toBeGreaterThanOrEqual(1);
    qbo.at += 1_000;
    host.at += 1_000;
    const third = await sync.syncAll();
    for (const entity of MASTER) {
      expect(third.entities[entity]?.read, entity).toBeGreaterThan(0);
      expect(third.entities[entity]?.updated ?? 0, entity).toBe(0);
    }
    expect(third.calls.intellitrack.write + third.calls.intellitrack.bulk).toBe(0);
    expect(third.calls.qbo.write).toBe(0);
  });
});

/** Renames the first active record of a QBO name list. */
function rename(w: World, entity: 'Customer' | 'Item', field: string, name: string): void {
  const record = w.qboEmu.data
    .list(entity)
    .find((r) => r.Active !== false && (entity !== 'Item' || r.Type === 'Inventory'));
  if (!record) throw new Error(`no ${entity}`);
  w.qboEmu.data.update(entity, { Id: record.Id, SyncToken: record.SyncToken, [field]: name });
}
