import assert from 'node:assert/strict';
import type { StateStore } from '../sync/state/store.js';
import {
  type ContractHarness,
  deferred,
  failed,
  journal,
  link,
  run,
  type StoreContractOptions,
  type StoreRef,
  tick,
} from './store-contract-fixtures.js';

async function writeOneOfEach(store: StateStore, suffix: string): Promise<void> {
  await store.putLinks([link({ qboId: `q${suffix}`, itId: `i${suffix}` })]);
  await store.setWatermark(`w${suffix}`, suffix);
  await store.putJournal(journal({ key: `j${suffix}` }));
  await store.putFailed(failed({ id: `f${suffix}` }));
  await store.putRun(run({ id: `r${suffix}` }));
}

async function presence(store: StateStore, suffix: string): Promise<boolean[]> {
  return [
    (await store.getLinkByQboId('item', `q${suffix}`)) !== undefined,
    (await store.getLinkByItId('item', `i${suffix}`)) !== undefined,
    (await store.getWatermark(`w${suffix}`)) !== undefined,
    (await store.getJournal(`j${suffix}`)) !== undefined,
    (await store.getFailed(`f${suffix}`)) !== undefined,
    (await store.listRuns()).some((r) => r.id === `r${suffix}`),
  ];
}

const ALL = [true, true, true, true, true, true];
const NONE = [false, false, false, false, false, false];

/** Registers the `transaction` cases (and persistence, when the store can be reopened). */
export function transactionCases(harness: ContractHarness, ref: StoreRef, options: StoreContractOptions): void {
  atomicityCases(harness, ref);
  isolationCases(harness, ref);
  if (options.reopen) persistenceCases(harness, ref, options.reopen);
}

function atomicityCases({ it }: ContractHarness, ref: StoreRef): void {
  it('commits every write made inside a transaction and returns its value', async () => {
    const store = ref.current;
    const value = await store.transaction(async () => {
      await writeOneOfEach(store, '1');
      assert.deepEqual(await presence(store, '1'), ALL, 'writes are visible inside the transaction');
      return 'result';
    });
    assert.equal(value, 'result');
    assert.deepEqual(await presence(store, '1'), ALL);
  });

  it('persists nothing of a transaction that throws, and restores what it overwrote', async () => {
    const store = ref.current;
    await store.putLinks([link()]);
    await store.setWatermark('kept', 'before');
    const boom = new Error('boom');
    await assert.rejects(
      store.transaction(async () => {
        await writeOneOfEach(store, '1');
        await store.setWatermark('kept', 'during');
        await store.putLinks([link({ itId: 'it-changed' })]);
        await store.deleteLink('item', '1');
        throw boom;
      }),
      (error) => error === boom,
    );
    assert.deepEqual(await presence(store, '1'), NONE);
    assert.equal(await store.getWatermark('kept'), 'before');
    assert.deepEqual(await store.getLinkByItId('item', 'it-1'), link());
    assert.equal(await store.getLinkByItId('item', 'it-changed'), undefined);
  });

  it('nests: an inner transaction commits with the outer one, or rolls back only itself', async () => {
    const store = ref.current;
    await store.transaction(async () => {
      await writeOneOfEach(store, 'outer');
      await store.transaction(() => writeOneOfEach(store, 'inner'));
      await assert.rejects(
        store.transaction(async () => {
          await writeOneOfEach(store, 'failed');
          throw new Error('inner failure');
        }),
      );
      assert.deepEqual(await presence(store, 'failed'), NONE);
    });
    assert.deepEqual(await presence(store, 'outer'), ALL);
    assert.deepEqual(await presence(store, 'inner'), ALL);
    await assert.rejects(
      store.transaction(async () => {
        await store.transaction(() => writeOneOfEach(store, 'lost'));
        throw new Error('outer failure');
      }),
    );
    assert.deepEqual(await presence(store, 'lost'), NONE);
  });
}

function isolationCases({ it }: ContractHarness, ref: StoreRef): void {
  it('serialises concurrent transactions instead of interleaving them', async () => {
    const store = ref.current;
    await store.setWatermark('counter', '0');
    const log: string[] = [];
    const increment = (name: string) =>
      store.transaction(async () => {
        log.push(`${name}:start`);
        const value = Number(await store.getWatermark('counter'));
        await tick();
        await store.setWatermark('counter', String(value + 1));
        log.push(`${name}:end`);
      });
    await Promise.all([increment('a'), increment('b'), increment('c')]);
    assert.equal(await store.getWatermark('counter'), '3');
    assert.deepEqual(log, ['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('keeps calls from other async contexts out of an open transaction', async () => {
    const store = ref.current;
    await store.setWatermark('w', 'before');
    const release = deferred();
    const entered = deferred();
    const tx = store.transaction(async () => {
      await store.setWatermark('w', 'uncommitted');
      entered.resolve();
      await release.promise;
      throw new Error('rolled back');
    });
    await entered.promise;
    let read: string | undefined = 'pending';
    const outsideRead = store.getWatermark('w').then((value) => {
      read = value;
    });
    const outsideWrite = store.setWatermark('other', 'outside');
    await tick();
    assert.equal(read, 'pending', 'a read from outside must wait for the open transaction');
    release.resolve();
    await assert.rejects(tx);
    await Promise.all([outsideRead, outsideWrite]);
    assert.equal(read, 'before');
    assert.equal(await store.getWatermark('other'), 'outside');
  });
}

function persistenceCases(
  { it }: ContractHarness,
  ref: StoreRef,
  reopen: NonNullable<StoreContractOptions['reopen']>,
): void {
  it('keeps committed state across close and reopen', async () => {
    await ref.current.transaction(() => writeOneOfEach(ref.current, '1'));
    await writeOneOfEach(ref.current, '2');
    const before = await ref.current.listJournal();
    await ref.current.close();
    ref.current = await reopen(ref.current);
    assert.deepEqual(await presence(ref.current, '1'), ALL);
    assert.deepEqual(await presence(ref.current, '2'), ALL);
    assert.deepEqual(await ref.current.listJournal(), before);
    assert.deepEqual(await ref.current.getLinkByQboId('item', 'q1'), link({ qboId: 'q1', itId: 'i1' }));
  });
}
