import assert from 'node:assert/strict';
import { isQboItSyncError } from '../core/errors.js';
import { FencedStore } from '../sync/state/fenced-store.js';
import type { Lease, LeaseRequest } from '../sync/state/lease.js';
import type { StateStore } from '../sync/state/store.js';
import { type ContractHarness, journal, link, rejectsWithField, type StoreRef } from './store-contract-fixtures.js';

const NAME = 'realm:1';
const TTL = 30_000;
const T0 = 1_767_225_600_000;

function request(owner: string, now: number, overrides: Partial<LeaseRequest> = {}): LeaseRequest {
  return { name: NAME, owner, ttlMs: TTL, now, ...overrides };
}

/** Acquires for `owner` and fails the case when the store refuses. */
async function acquire(store: StateStore, owner: string, now: number): Promise<Lease> {
  const grant = await store.leases.acquire(request(owner, now));
  assert.ok(grant.acquired, `${owner} could not acquire: held by ${grant.acquired ? '' : grant.holder.owner}`);
  return grant.lease;
}

async function rejectsLost(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isQboItSyncError(error), `expected an SDK error, got ${String(error)}`);
    assert.equal(error.name, 'LeaseLostError');
    return true;
  });
}

/** Registers the lease and fencing cases. */
export function leaseCases(harness: ContractHarness, ref: StoreRef): void {
  acquisitionCases(harness, ref);
  fenceCases(harness, ref);
}

function acquisitionCases({ it }: ContractHarness, ref: StoreRef): void {
  it('grants a free lease with token 1 and refuses a second owner until it expires', async () => {
    const store = ref.current;
    const a = await acquire(store, 'a', T0);
    assert.deepEqual(a, { name: NAME, owner: 'a', token: 1, expiresAt: T0 + TTL });
    const refused = await store.leases.acquire(request('b', T0 + TTL - 1));
    assert.deepEqual(refused, { acquired: false, holder: a });
    const again = await store.leases.acquire(request('a', T0 + 1));
    assert.equal(again.acquired, false, 'a lease is not re-entrant');
    assert.deepEqual(await store.leases.get(NAME), a);
    assert.equal(await store.leases.get('realm:2'), undefined);
  });

  it('renews: the expiry moves from the renewal time, the token stays', async () => {
    const store = ref.current;
    const a = await acquire(store, 'a', T0);
    const renewed = await store.leases.renew(a, { ttlMs: TTL, now: T0 + 20_000 });
    assert.deepEqual(renewed, { ...a, expiresAt: T0 + 20_000 + TTL });
    assert.equal((await store.leases.acquire(request('b', T0 + TTL + 1))).acquired, false);
  });

  it('lets another owner take an expired lease over with a higher token; the old holder cannot renew', async () => {
    const store = ref.current;
    const a = await acquire(store, 'a', T0);
    const b = await acquire(store, 'b', T0 + TTL);
    assert.deepEqual(b, { name: NAME, owner: 'b', token: 2, expiresAt: T0 + 2 * TTL });
    await rejectsLost(store.leases.renew(a, { ttlMs: TTL, now: T0 + TTL + 1 }));
    assert.deepEqual(await store.leases.get(NAME), b);
  });

  it('releases: anyone may acquire at once, tokens keep growing, a stale release does nothing', async () => {
    const store = ref.current;
    const a = await acquire(store, 'a', T0);
    await store.leases.release(a);
    assert.deepEqual(await store.leases.get(NAME), { name: NAME, owner: '', token: 1, expiresAt: 0 });
    const b = await acquire(store, 'b', T0 + 1);
    assert.equal(b.token, 2);
    await store.leases.release(a);
    assert.deepEqual(await store.leases.get(NAME), b);
    await rejectsLost(store.leases.assert(a));
    await store.leases.release(b);
    assert.equal((await acquire(store, 'a', T0 + 2)).token, 3);
  });

  it('keeps leases of different names apart and checks requests', async () => {
    const store = ref.current;
    await acquire(store, 'a', T0);
    const other = await store.leases.acquire(request('b', T0, { name: 'realm:2' }));
    assert.ok(other.acquired && other.lease.token === 1);
    await rejectsWithField(store.leases.acquire(request('', T0)), 'owner');
    await rejectsWithField(store.leases.acquire(request('a', T0, { ttlMs: 0 })), 'ttlMs');
    await rejectsWithField(store.leases.acquire(request('a', T0, { name: '' })), 'name');
  });
}

function fenceCases({ it }: ContractHarness, ref: StoreRef): void {
  it('fences: once taken over, a transaction checking the old lease writes nothing', async () => {
    const store = ref.current;
    const a = await acquire(store, 'a', T0);
    await store.leases.assert(a);
    await acquire(store, 'b', T0 + TTL + 1);
    await rejectsLost(
      store.transaction(async () => {
        await store.leases.assert(a);
        await store.putLinks([link()]);
      }),
    );
    assert.equal(await store.getLinkByQboId('item', '1'), undefined);
  });

  it('fences every write of a run through FencedStore; the holder of the lease writes', async () => {
    const store = ref.current;
    const zombie = new FencedStore(store, await acquire(store, 'a', T0));
    await zombie.putJournal(journal({ key: 'before' }));
    const holder = new FencedStore(store, await acquire(store, 'b', T0 + TTL));
    await rejectsLost(zombie.putJournal(journal({ key: 'after' })));
    await rejectsLost(zombie.putLinks([link()]));
    await rejectsLost(zombie.setWatermark('qbo:Item', 'x'));
    await rejectsLost(zombie.removeFailed('f'));
    await rejectsLost(zombie.transaction(async () => store.setWatermark('w', 'x')));
    assert.equal(await store.getJournal('after'), undefined);
    assert.equal(await store.getWatermark('w'), undefined);
    await holder.putLinks([link()]);
    assert.deepEqual(await store.getLinkByQboId('item', '1'), link());
    assert.notEqual(await store.getJournal('before'), undefined);
  });
}
