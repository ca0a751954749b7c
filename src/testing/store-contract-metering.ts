import assert from 'node:assert/strict';
import type { MeteredCallsDelta, StateStore } from '../sync/state/store.js';
import { type ContractHarness, rejectsWithField, type StoreRef } from './store-contract-fixtures.js';

/** Adds `calls` inside a transaction that then throws, so the store must roll the add back. */
async function addRolledBack(store: StateStore, realmId: string, month: string, calls: MeteredCallsDelta) {
  await assert.rejects(
    store.transaction(async () => {
      await store.addMeteredCalls(realmId, month, calls);
      throw new Error('boom');
    }),
    /boom/,
  );
}

/** Metered QBO calls: per company and month, added up, summed per month, atomic with the rest of a transaction. */
export function meteringCases({ it }: ContractHarness, ref: StoreRef): void {
  it('adds metered calls per company and month, and returns the totals', async () => {
    const store = ref.current;
    assert.equal(await store.getMeteredCalls('9130', '2026-03'), undefined);
    const first = await store.addMeteredCalls('9130', '2026-03', { corePlus: 3, core: 1, at: 1_000 });
    assert.deepEqual(first, { realmId: '9130', month: '2026-03', corePlus: 3, core: 1, updatedAt: 1_000 });
    const second = await store.addMeteredCalls('9130', '2026-03', { corePlus: 2, core: 0, at: 2_000 });
    assert.deepEqual(second, { realmId: '9130', month: '2026-03', corePlus: 5, core: 1, updatedAt: 2_000 });
    await store.addMeteredCalls('9130', '2026-04', { corePlus: 7, core: 0, at: 3_000 });
    await store.addMeteredCalls('4620', '2026-03', { corePlus: 1, core: 9, at: 3_000 });
    assert.deepEqual(await store.getMeteredCalls('9130', '2026-03'), second);
    assert.equal((await store.getMeteredCalls('9130', '2026-04'))?.corePlus, 7);
    assert.equal((await store.getMeteredCalls('4620', '2026-03'))?.core, 9);
  });

  it('rolls metered calls back with the transaction they were added in', async () => {
    const store = ref.current;
    await store.addMeteredCalls('9130', '2026-03', { corePlus: 1, core: 0, at: 1 });
    await addRolledBack(store, '9130', '2026-03', { corePlus: 5, core: 5, at: 2 });
    assert.deepEqual(await store.getMeteredCalls('9130', '2026-03'), {
      realmId: '9130',
      month: '2026-03',
      corePlus: 1,
      core: 0,
      updatedAt: 1,
    });
  });

  it("sums every company's calls of a month (an app's usage), none of another month's", async () => {
    const store = ref.current;
    // A store shared by many companies may hold others' calls already: the sum grows by what is added.
    const base = await store.sumMeteredCalls('2030-01');
    await store.addMeteredCalls('9130', '2030-01', { corePlus: 3, core: 1, at: 1 });
    await store.addMeteredCalls('4620', '2030-01', { corePlus: 2, core: 5, at: 2 });
    await store.addMeteredCalls('9130', '2030-01', { corePlus: 1, core: 0, at: 3 });
    await store.addMeteredCalls('9130', '2030-02', { corePlus: 7, core: 7, at: 4 });
    await addRolledBack(store, '7001', '2030-01', { corePlus: 50, core: 0, at: 5 });
    const sum = await store.sumMeteredCalls('2030-01');
    assert.deepEqual(
      { corePlus: sum.corePlus - base.corePlus, core: sum.core - base.core, companies: sum.companies - base.companies },
      { corePlus: 6, core: 6, companies: 2 },
    );
    await rejectsWithField(store.sumMeteredCalls('2030-1'), 'month');
  });

  it('refuses a bad realm, month or count, naming the field', async () => {
    const store = ref.current;
    await rejectsWithField(store.addMeteredCalls('', '2026-03', { corePlus: 1, core: 0, at: 1 }), 'realmId');
    await rejectsWithField(store.addMeteredCalls('9130', '2026-13', { corePlus: 1, core: 0, at: 1 }), 'month');
    await rejectsWithField(store.addMeteredCalls('9130', '2026-03', { corePlus: -1, core: 0, at: 1 }), 'corePlus');
    await rejectsWithField(store.addMeteredCalls('9130', '2026-03', { corePlus: 1, core: 0.5, at: 1 }), 'core');
    assert.equal(await store.getMeteredCalls('9130', '2026-03'), undefined);
  });
}
