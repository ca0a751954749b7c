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
    // A store shared by many companies may hold others' calls of the month already.
    const base = await store.sumMeteredCalls('2026-03');
    const app = (corePlus: number, core: number) => ({
      corePlus: base.corePlus + corePlus,
      core: base.core + core,
      companies: base.companies + 1,
    });
    const first = await store.addMeteredCalls('9130', '2026-03', { corePlus: 3, core: 1, at: 1_000 });
    const usage = { realmId: '9130', month: '2026-03', corePlus: 3, core: 1, updatedAt: 1_000 };
    assert.deepEqual(first, { ...usage, appTotal: app(3, 1) });
    const second = await store.addMeteredCalls('9130', '2026-03', { corePlus: 2, core: 0, at: 2_000 });
    const added = { ...usage, corePlus: 5, updatedAt: 2_000 };
    assert.deepEqual(second, { ...added, appTotal: app(5, 1) });
    await store.addMeteredCalls('9130', '2026-04', { corePlus: 7, core: 0, at: 3_000 });
    await store.addMeteredCalls('4620', '2026-03', { corePlus: 1, core: 9, at: 3_000 });
    assert.deepEqual(await store.getMeteredCalls('9130', '2026-03'), added);
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

  it("returns every company's total of the month with each add, as the add left it", async () => {
    const store = ref.current;
    const base = await store.sumMeteredCalls('2031-05');
    const adds = await Promise.all(
      ['9130', '4620', '7001', '9130', '4620'].map((realmId, i) =>
        store.addMeteredCalls(realmId, '2031-05', { corePlus: i + 1, core: 1, at: i }),
      ),
    );
    // Each add's app total holds it and the adds before it: totals before and after each add never overlap.
    const spans = adds
      .map((a, i) => [a.appTotal.corePlus - base.corePlus - (i + 1), a.appTotal.corePlus - base.corePlus])
      .sort((x, y) => (x[0] ?? 0) - (y[0] ?? 0));
    let end = 0;
    for (const [from, to] of spans) {
      assert.equal(from, end, `adds overlap or leave a gap: ${JSON.stringify(spans)}`);
      end = to ?? Number.NaN;
    }
    assert.equal(end, 15);
    const last = adds.reduce((a, b) => (b.appTotal.corePlus > a.appTotal.corePlus ? b : a));
    assert.deepEqual(last.appTotal, await store.sumMeteredCalls('2031-05'));
    assert.equal(last.appTotal.companies - base.companies, 3);
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
