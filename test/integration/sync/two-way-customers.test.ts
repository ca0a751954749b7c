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

const COMPANY = { items: 6, vendors: 2, customers: 4, purchaseOrders: 1, estimates: 1, seed: 5 };

async function synced(settings: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  world = await startWorld({ company: COMPANY, ...settings });
  expect((await world.sync.syncCustomers()).status).toBe('completed');
  return world;
}

/** A sparse update of a QBO customer, as a bookkeeper's edit. */
function editQbo(w: World, id: string, patch: Record<string, unknown>): void {
  editQboCustomer(w.qboEmu, id, patch);
}

/** `record[key][name]`, e.g. a QBO customer's `PrimaryPhone.FreeFormNumber`. */
function member(record: object | undefined, key: string, name: string): unknown {
  const value = (record as Record<string, unknown> | undefined)?.[key];
  return (value as Record<string, unknown> | undefined)?.[name];
}

/** A customer created in IntelliTrack and synced to QBO: its IntelliTrack id and QBO id. */
async function itCustomer(w: World, name: string): Promise<{ itId: string; qboId: string }> {
  const created = w.itEmu.simulate.createCustomer({ companyName: name, telephone: '555-0100', email: 'a@x.test' });
  await w.sync.syncCustomers();
  const qboId = w.itEmu.data.get('customers', created.id)?.externalRef;
  if (!qboId) throw new Error('not created in QBO');
  return { itId: created.id, qboId };
}

/** A Synchronizer whose first QBO write races a bookkeeper saving `patch` on customer `qboId` (a 5010 follows). */
function racingSync(w: World, qboId: string, patch: Record<string, unknown>, onRace?: () => void): Synchronizer {
  const racing = racingQbo(bound(w.qbo), () => {
    editQbo(w, qboId, patch);
    onRace?.();
  });
  return new Synchronizer({
    qbo: racing,
    intellitrack: w.it,
    store: w.store,
    settings: { division: w.itEmu.divisionId },
  });
}

function qboLinked(w: World): { itId: string; qboId: string } {
  const c = w.itEmu.data.list('customers').find((x) => x.origin === 'qbo' && x.active && x.externalRef);
  if (!c?.externalRef) throw new Error('no QBO customer synced');
  return { itId: c.id, qboId: c.externalRef };
}

describe('customers both ways, field by field', () => {
  it('a QBO edit of a customer created in IntelliTrack reaches IntelliTrack', async () => {
    const w = await synced();
    const { itId, qboId } = await itCustomer(w, 'Harbour Supply Co');
    editQbo(w, qboId, { PrimaryPhone: { FreeFormNumber: '555-0199' } });
    const report = await w.sync.syncCustomers();
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-0199');
    expect(report.entities.customer?.updated).toBe(1);
    await expectNothingSilent(w, report, ['customer']);
  });

  it('an IntelliTrack edit of a customer created in QBO reaches QBO as a sparse update', async () => {
    const w = await synced();
    const { itId, qboId } = qboLinked(w);
    const before = w.qboEmu.data.get('Customer', qboId);
    w.itEmu.simulate.editCustomer(itId, { email: 'orders@harbour.test' });
    const report = await w.sync.syncCustomers();
    const after = w.qboEmu.data.get('Customer', qboId);
    expect(member(after, 'PrimaryEmailAddr', 'Address')).toBe('orders@harbour.test');
    expect(after?.DisplayName).toBe(before?.DisplayName);
    expect(report.entities.customer?.fieldRecords).toEqual([
      { id: qboId, toQbo: ['email'], toIntelliTrack: [], decided: [] },
    ]);
    expect(report.entities.customer?.driftRecords).toEqual([]);
    await expectNothingSilent(w, report, ['customer']);
    const quiet = await w.sync.syncCustomers();
    expect(quiet.calls.qbo.write + quiet.calls.intellitrack.write + quiet.calls.intellitrack.bulk).toBe(0);
  });

  it('merges different fields changed on both sides, and reads nothing beyond CDC and the change feed', async () => {
    const w = await synced();
    const { itId, qboId } = qboLinked(w);
    editQbo(w, qboId, { PrimaryPhone: { FreeFormNumber: '555-0142' } });
    w.itEmu.simulate.editCustomer(itId, { email: 'merged@x.test' });
    const qboBefore = w.qboEmu.requests.byKind();
    const itBefore = w.itEmu.requests.count({ method: 'GET' });
    const report = await w.sync.syncCustomers();
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-0142');
    const q = w.qboEmu.data.get('Customer', qboId);
    expect(member(q, 'PrimaryEmailAddr', 'Address')).toBe('merged@x.test');
    expect(member(q, 'PrimaryPhone', 'FreeFormNumber')).toBe('555-0142');
    // One CDC call, one change-feed read, no per-record read on either side.
    const qboAfter = w.qboEmu.requests.byKind();
    expect((qboAfter.read ?? 0) - (qboBefore.read ?? 0)).toBe(0);
    expect((qboAfter.query ?? 0) - (qboBefore.query ?? 0)).toBe(0);
    expect((qboAfter.cdc ?? 0) - (qboBefore.cdc ?? 0)).toBe(1);
    expect(w.itEmu.requests.count({ method: 'GET' }) - itBefore).toBe(1);
    expect(report.entities.customer?.updated).toBe(1);
    await expectNothingSilent(w, report, ['customer']);
  });

  it('settles the same field changed on both sides by its policy: QBO for billing fields, IntelliTrack for ship-to', async () => {
    const w = await synced();
    const { itId, qboId } = qboLinked(w);
    editQbo(w, qboId, {
      PrimaryPhone: { FreeFormNumber: '555-QBO' },
      ShipAddr: { Line1: '1 Books Way', City: 'Ledger' },
    });
    w.itEmu.simulate.editCustomer(itId, {
      telephone: '555-IT',
      shipTo: [
        {
          name: 'Dock',
          address1: '9 Dock Rd',
          address2: '',
          address3: '',
          city: 'Harbour',
          state: 'WA',
          zip: '98101',
          country: 'US',
        },
      ],
    });
    const report = await w.sync.syncCustomers();
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-QBO');
    const q = w.qboEmu.data.get('Customer', qboId);
    expect(member(q, 'PrimaryPhone', 'FreeFormNumber')).toBe('555-QBO');
    expect(member(q, 'ShipAddr', 'Line1')).toBe('9 Dock Rd');
    expect(report.entities.customer?.fieldRecords[0]?.decided).toEqual([
      { field: 'telephone', winner: 'qbo', by: 'qbo-wins' },
      { field: 'shipTo', winner: 'intellitrack', by: 'intellitrack-wins' },
    ]);
    await expectNothingSilent(w, report, ['customer']);
  });

  it('queues a manual conflict with both values; resolveConflict settles it and the next run is clean', async () => {
    const w = await synced({ settings: { conflicts: { customer: { telephone: 'manual' } } } });
    const { itId, qboId } = qboLinked(w);
    editQbo(w, qboId, { PrimaryPhone: { FreeFormNumber: '555-QBO' } });
    w.itEmu.simulate.editCustomer(itId, { telephone: '555-IT' });
    const report = await w.sync.syncCustomers();
    expect(report.entities.customer?.conflictRecords.map((c) => c.id)).toEqual([qboId]);
    const [queued] = await w.store.listFailed();
    expect(queued?.errorName).toBe('FieldConflictError');
    expect(queued?.message).toContain('"555-QBO"');
    expect(queued?.message).toContain('"555-IT"');
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-IT');
    await expectNothingSilent(w, report, ['customer']);

    // A run that reads neither side keeps it waiting; one that reads only one side too.
    w.itEmu.simulate.editCustomer(itId, { email: 'still@x.test' });
    const again = await w.sync.syncCustomers();
    expect(again.entities.customer?.conflicts).toBe(1);
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-IT');

    const resolved = await w.sync.resolveConflict({ entity: 'customer', id: qboId, take: 'intellitrack' });
    expect(resolved.status).toBe('completed');
    const q = w.qboEmu.data.get('Customer', qboId);
    expect(member(q, 'PrimaryPhone', 'FreeFormNumber')).toBe('555-IT');
    expect(member(q, 'PrimaryEmailAddr', 'Address')).toBe('still@x.test');
    expect(await w.store.listFailed()).toEqual([]);
    const clean = await w.sync.syncCustomers();
    expect(clean.entities.customer?.conflicts ?? 0).toBe(0);
    expect(clean.calls.qbo.write + clean.calls.intellitrack.write + clean.calls.intellitrack.bulk).toBe(0);
    await expectNothingSilent(w, clean, ['customer']);
  });

  it('makes a customer inactive on the other side whichever side inactivates or deletes it', async () => {
    const w = await synced();
    const fromIt = await itCustomer(w, 'Inactive In QBO Ltd');
    const fromQbo = qboLinked(w);
    const deleted = await itCustomer(w, 'Deleted In IT Ltd');
    editQbo(w, fromIt.qboId, { Active: false });
    w.itEmu.simulate.editCustomer(fromQbo.itId, { active: false });
    await w.it.delete('customers', deleted.itId, { idempotencyKey: 'test-delete-customer' });
    const report = await w.sync.syncCustomers();
    expect(w.itEmu.data.get('customers', fromIt.itId)?.active).toBe(false);
    expect(w.qboEmu.data.get('Customer', fromQbo.qboId)?.Active).toBe(false);
    expect(w.qboEmu.data.get('Customer', deleted.qboId)?.Active).toBe(false);
    expect(report.entities.customer?.updated).toBe(3);
    await expectNothingSilent(w, report, ['customer']);
  });

  it('keeps a QBO edit made while the run writes: the stale write is re-sent once with the new SyncToken, the edit arrives next run', async () => {
    const w = await synced();
    const { itId, qboId } = qboLinked(w);
    let sinceRace: ReturnType<typeof readsFrom> | undefined;
    const sync = racingSync(w, qboId, { PrimaryPhone: { FreeFormNumber: '555-RACE' } }, () => {
      sinceRace = readsFrom(w.qboEmu);
    });
    w.itEmu.simulate.editCustomer(itId, { email: 'race@x.test' });
    const first = await sync.syncCustomers();
    expect(first.entities.customer?.conflicts).toBe(0);
    // The 5010 refusal: one re-read of that customer (an Id IN query), then the write again.
    expect(sinceRace?.()).toEqual({ read: 0, query: 1 });
    expect(member(w.qboEmu.data.get('Customer', qboId), 'PrimaryEmailAddr', 'Address')).toBe('race@x.test');
    expect(member(w.qboEmu.data.get('Customer', qboId), 'PrimaryPhone', 'FreeFormNumber')).toBe('555-RACE');
    const second = await sync.syncCustomers();
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-RACE');
    await expectNothingSilent(w, second, ['customer']);
  });

  it('never re-applies a stale write over a QBO edit of the same field: a conflict, then the policy decides next run', async () => {
    const w = await synced();
    const { itId, qboId } = qboLinked(w);
    let sinceRace: ReturnType<typeof readsFrom> | undefined;
    const sync = racingSync(w, qboId, { PrimaryEmailAddr: { Address: 'books@x.test' } }, () => {
      sinceRace = readsFrom(w.qboEmu);
    });
    w.itEmu.simulate.editCustomer(itId, { email: 'warehouse@x.test' });
    const first = await sync.syncCustomers();
    // The re-read shows the e-mail changed in QBO after the plan: the write is not sent again over it.
    expect(sinceRace?.()).toEqual({ read: 0, query: 1 });
    expect(first.entities.customer?.conflicts).toBe(1);
    expect(member(w.qboEmu.data.get('Customer', qboId), 'PrimaryEmailAddr', 'Address')).toBe('books@x.test');
    // Next run: both sides changed the e-mail; the default policy (QBO wins billing fields) decides.
    const second = await sync.syncCustomers();
    expect(w.itEmu.data.get('customers', itId)?.email).toBe('books@x.test');
    expect(await w.store.listFailed()).toEqual([]);
    await expectNothingSilent(w, second, ['customer']);
  });

  it('under manual posting, holds the QBO half of a merge and plans it again each run until a plan is applied', async () => {
    const w = await synced({ settings: { manualPosting: true } });
    const { itId, qboId } = qboLinked(w);
    editQbo(w, qboId, { PrimaryPhone: { FreeFormNumber: '555-0142' } });
    w.itEmu.simulate.editCustomer(itId, { email: 'held@x.test' });
    const first = await w.sync.syncCustomers();
    expect(w.itEmu.data.get('customers', itId)?.telephone).toBe('555-0142');
    expect(first.entities.customer?.held).toBe(1);
    await expectNothingSilent(w, first, ['customer']);
    const second = await w.sync.syncCustomers();
    expect(second.entities.customer?.held).toBe(1);
    await expectNothingSilent(w, second, ['customer']);
    await w.sync.apply(await w.sync.plan('customers'));
    expect(member(w.qboEmu.data.get('Customer', qboId), 'PrimaryEmailAddr', 'Address')).toBe('held@x.test');
    const quiet = await w.sync.syncCustomers();
    expect(quiet.entities.customer?.held).toBe(0);
    expect(quiet.calls.qbo.write + quiet.calls.intellitrack.write + quiet.calls.intellitrack.bulk).toBe(0);
  });

  it('a dry run reports the merge and a manual conflict but writes and queues nothing', async () => {
    const w = await synced({ settings: { conflicts: { customer: { email: 'manual' } } } });
    const [a, b] = w.itEmu.data.list('customers').filter((c) => c.origin === 'qbo' && c.active);
    if (!a?.externalRef || !b?.externalRef) throw new Error('too few customers');
    editQbo(w, a.externalRef, { PrimaryPhone: { FreeFormNumber: '555-0177' } });
    w.itEmu.simulate.editCustomer(a.id, { city: 'Bergen' });
    editQbo(w, b.externalRef, { PrimaryEmailAddr: { Address: 'q@x.test' } });
    w.itEmu.simulate.editCustomer(b.id, { email: 'i@x.test' });
    const dry = await w.sync.syncCustomers({ dryRun: true });
    expect(dry.entities.customer?.fieldRecords).toEqual([
      { id: a.externalRef, toQbo: ['city'], toIntelliTrack: ['telephone'], decided: [] },
    ]);
    expect(dry.entities.customer?.conflictRecords.map((c) => c.id)).toEqual([b.externalRef]);
    expect(w.itEmu.data.get('customers', a.id)?.telephone).toBe(a.telephone);
    expect(await w.store.listFailed()).toEqual([]);
    const real = await w.sync.syncCustomers();
    expect(w.itEmu.data.get('customers', a.id)?.telephone).toBe('555-0177');
    expect((await w.store.listFailed()).map((f) => f.sourceId)).toEqual([b.externalRef]);
    await expectNothingSilent(w, real, ['customer']);
  });

  it('rejects an unknown field or policy with a ConfigurationError naming it', async () => {
    const w = await synced();
    expect(() => w.withSettings({ conflicts: { customer: { phone: 'manual' } } })).toThrow(
      /conflicts\.customer\.phone/,
    );
    expect(() => w.withSettings({ conflicts: { customer: { email: 'latest' as never } } })).toThrow(
      /conflicts\.customer\.email must be one of/,
    );
  });
});
