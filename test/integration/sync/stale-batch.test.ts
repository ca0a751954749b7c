import { afterEach, describe, expect, it } from 'vitest';
import { Synchronizer } from '../../../src/sync/synchronizer.js';
import { startWorld, type World } from './harness.js';
import { expectNothingSilent } from './invariant.js';
import { bound, editQboCustomer, racingQbo, readsFrom } from './qbo-helpers.js';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const COMPANY = { items: 2, vendors: 1, customers: 30, purchaseOrders: 0, estimates: 0, seed: 9 };

/** A Synchronizer whose first QBO write races a bookkeeper editing the phone of customers `racedIds`. */
function racingSync(w: World, racedIds: readonly string[], onRace: () => void): Synchronizer {
  const racing = racingQbo(bound(w.qbo), () => {
    for (const id of racedIds) editQboCustomer(w.qboEmu, id, { PrimaryPhone: { FreeFormNumber: `555-${id}` } });
    onRace();
  });
  return new Synchronizer({
    qbo: racing,
    intellitrack: w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId },
  });
}

describe('members of a batch refused for a stale SyncToken (5010)', () => {
  it('are re-read with one Id IN query per entity, then written once each', async () => {
    world = await startWorld({ company: COMPANY });
    const w = world;
    expect((await w.sync.syncCustomers()).status).toBe('completed');
    const linked = w.itEmu.data.list('customers').filter((c) => c.origin === 'qbo' && c.active && c.externalRef);
    expect(linked).toHaveLength(30);
    for (const c of linked) w.itEmu.simulate.editCustomer(c.id, { email: `new-${c.id}@x.test` });
    const raced = linked.slice(0, 10).map((c) => String(c.externalRef));
    let sinceRace: (() => { read: number; query: number }) | undefined;
    const sync = racingSync(w, raced, () => {
      sinceRace = readsFrom(w.qboEmu);
    });
    const report = await sync.syncCustomers();
    expect(report.status).toBe('completed');
    expect(report.entities.customer?.updated).toBe(30);
    expect(report.entities.customer?.conflicts ?? 0).toBe(0);
    // The ten refused members cost one metered query between them, not ten reads.
    expect(sinceRace?.()).toEqual({ read: 0, query: 1 });
    expect(report.calls.qbo.read).toBe(0);
    for (const c of linked) {
      expect(w.qboEmu.data.get('Customer', String(c.externalRef))).toMatchObject({
        PrimaryEmailAddr: { Address: `new-${c.id}@x.test` },
      });
    }
    // The bookkeeper's edits were kept: each write was re-applied on the record as it is now.
    for (const id of raced) {
      expect(w.qboEmu.data.get('Customer', id)).toMatchObject({ PrimaryPhone: { FreeFormNumber: `555-${id}` } });
    }
    await expectNothingSilent(w, report, ['customer']);
  });
});
