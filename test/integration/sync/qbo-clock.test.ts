import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { startWorld, type World } from './harness.js';
import { ManualClock, syncOf } from './lease-helpers.js';
import { COMPANY } from './scenario.js';

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

  it('the overlap re-reads changes but writes nothing twice', async () => {
    const host = new ManualClock(Date.now());
    const qbo = new ManualClock(host.at - 10_000);
    const w = await world(qbo);
    const sync = syncOf(w, { owner: 'host' }, { clock: host });
    await sync.syncAll();
    qbo.at += 1_000;
    renameVendor(w, 0, 'Renamed Inside The Overlap');
    qbo.at += 1_000;
    host.at += 2_000;
    const second = await sync.syncAll();
    expect(second.entities.vendor?.updated).toBe(1);
    qbo.at += 1_000;
    host.at += 1_000;
    const third = await sync.syncAll();
    expect(third.entities.vendor?.read).toBeGreaterThan(0);
    expect(third.entities.vendor?.updated ?? 0).toBe(0);
    expect(third.calls.intellitrack.write + third.calls.intellitrack.bulk).toBe(0);
  });
});
