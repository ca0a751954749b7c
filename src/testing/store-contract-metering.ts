import assert from 'node:assert/strict';
import { type ContractHarness, rejectsWithField, type StoreRef } from './store-contract-fixtures.js';

/** Metered QBO calls: per company and month, added up, atomic with the rest of a transaction. */
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
    await assert.rejects(
      store.transaction(async () => {
        await store.addMeteredCalls('9130', '2026-03', { corePlus: 5, core: 5, at: 2 });
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(await store.getMeteredCalls('9130', '2026-03'), {
      realmId: '9130',
      month: '2026-03',
      corePlus: 1,
      core: 0,
      updatedAt: 1,
    });
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
