import assert from 'node:assert/strict';
import type { JournalEntry, StateStore } from '../sync/state/store.js';
import { type ContractHarness, journal, rejectsWithField, run, type StoreRef } from './store-contract-fixtures.js';

const T = 1_700_000_000_000;

/** Journal entries of every state, last updated at `T - 1`, `T` and `T + 1`. */
function journalAroundT(): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const state of ['pending', 'done', 'failed'] as const) {
    for (const [name, updatedAt] of [
      ['old', T - 1],
      ['at', T],
      ['new', T + 1],
    ] as const) {
      entries.push(
        journal({
          key: `${state}:${name}`,
          state,
          updatedAt,
          // Created long before: pruning goes by the last update, not by creation.
          createdAt: T - 86_400_000,
          ...(state === 'failed' ? { error: 'refused', attempts: 1 } : {}),
          ...(state === 'done' ? { result: { Id: '9' }, attempts: 1 } : {}),
        }),
      );
    }
  }
  return entries;
}

async function keysOf(store: StateStore): Promise<string[]> {
  return (await store.listJournal()).map((e) => e.key).sort();
}

/** Registers the retention cases: `pruneJournal` and `pruneRuns`. */
export function retentionCases(harness: ContractHarness, ref: StoreRef): void {
  journalCases(harness, ref);
  runCases(harness, ref);
}

function journalCases({ it }: ContractHarness, ref: StoreRef): void {
  it('prunes done and failed journal entries last updated before the instant, never pending ones', async () => {
    const store = ref.current;
    const entries = journalAroundT();
    for (const entry of entries) await store.putJournal(entry);
    await store.putJournal(journal({ key: 'pending:ancient', createdAt: 0, updatedAt: 0 }));
    assert.equal(await store.pruneJournal({ before: T }), 2);
    assert.deepEqual(await keysOf(store), [
      'done:at',
      'done:new',
      'failed:at',
      'failed:new',
      'pending:ancient',
      'pending:at',
      'pending:new',
      'pending:old',
    ]);
    assert.equal(await store.getJournal('done:old'), undefined);
    assert.equal(await store.getJournal('failed:old'), undefined);
    // What is left is untouched, and still found by state.
    assert.deepEqual(
      await store.getJournal('done:at'),
      entries.find((e) => e.key === 'done:at'),
    );
    assert.equal((await store.listJournal({ state: 'pending' })).length, 4);
  });

  it('keeps an entry updated exactly at the instant, and prunes it one millisecond later', async () => {
    const store = ref.current;
    for (const entry of journalAroundT()) await store.putJournal(entry);
    assert.equal(await store.pruneJournal({ before: T }), 2);
    assert.equal(await store.pruneJournal({ before: T + 1 }), 2);
    assert.deepEqual(await keysOf(store), ['done:new', 'failed:new', 'pending:at', 'pending:new', 'pending:old']);
    assert.equal(await store.pruneJournal({ before: Number.MAX_SAFE_INTEGER }), 2);
    assert.deepEqual(await keysOf(store), ['pending:at', 'pending:new', 'pending:old']);
  });

  it('prunes the journal idempotently: a second call removes nothing and returns 0', async () => {
    const store = ref.current;
    for (const entry of journalAroundT()) await store.putJournal(entry);
    assert.equal(await store.pruneJournal({ before: T + 1 }), 4);
    const after = await store.listJournal();
    assert.equal(await store.pruneJournal({ before: T + 1 }), 0);
    assert.deepEqual(await store.listJournal(), after);
    assert.equal(await ref.current.pruneJournal({ before: 0 }), 0);
  });

  it('undoes a journal prune made in a transaction that throws', async () => {
    const store = ref.current;
    for (const entry of journalAroundT()) await store.putJournal(entry);
    const before = await store.listJournal();
    await assert.rejects(
      store.transaction(async () => {
        assert.equal(await store.pruneJournal({ before: Number.MAX_SAFE_INTEGER }), 6);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await store.listJournal(), before);
  });

  it('prunes by the last write of each entry, through rewrites and rolled-back writes', async () => {
    const store = ref.current;
    const failed = { state: 'failed', error: 'refused', attempts: 1 } as const;
    await store.putJournal(journal({ key: 'a', state: 'done', updatedAt: T - 5 }));
    await store.putJournal(journal({ key: 'a', state: 'done', updatedAt: T + 5 }));
    await store.putJournal(journal({ key: 'b', state: 'done', updatedAt: T - 5 }));
    await store.putJournal(journal({ key: 'b', updatedAt: T - 4 }));
    await store.putJournal(journal({ key: 'c', ...failed, updatedAt: T + 5 }));
    await store.putJournal(journal({ key: 'c', ...failed, updatedAt: T - 5 }));
    await assert.rejects(
      store.transaction(async () => {
        assert.equal(await store.pruneJournal({ before: T }), 1);
        await store.putJournal(journal({ key: 'a', state: 'done', updatedAt: T - 9 }));
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await keysOf(store), ['a', 'b', 'c']);
    assert.equal(await store.pruneJournal({ before: T }), 1);
    assert.deepEqual(await keysOf(store), ['a', 'b']);
    assert.deepEqual(
      (await store.listJournal({ state: 'pending' })).map((e) => e.key),
      ['b'],
    );
    assert.equal(await store.pruneJournal({ before: T + 6 }), 1);
    assert.deepEqual(await keysOf(store), ['b']);
  });

  it('rejects a journal prune instant that is not epoch milliseconds, naming the field', async () => {
    const store = ref.current;
    await store.putJournal(journal({ key: 'd', state: 'done' }));
    await rejectsWithField(store.pruneJournal({ before: Number.NaN }), 'before');
    await rejectsWithField(store.pruneJournal({ before: 1.5 }), 'before');
    await rejectsWithField(store.pruneJournal({} as { before: number }), 'before');
    assert.notEqual(await store.getJournal('d'), undefined);
  });
}

/** Five runs: `r1` oldest … `r5` newest, `r3a`/`r3b` starting at the same instant. */
async function putFiveRuns(store: StateStore): Promise<void> {
  for (const [id, startedAt] of [
    ['r1', 10],
    ['r2', 20],
    ['r3a', 30],
    ['r3b', 30],
    ['r5', 50],
  ] as const) {
    await store.putRun(run({ id, startedAt, finishedAt: startedAt + 5 }));
  }
}

async function runIds(store: StateStore): Promise<string[]> {
  return (await store.listRuns()).map((r) => r.id);
}

function runCases({ it }: ContractHarness, ref: StoreRef): void {
  it('keeps the newest runs, in listRuns order (ties by id), and returns how many it deleted', async () => {
    const store = ref.current;
    await putFiveRuns(store);
    assert.deepEqual(await runIds(store), ['r5', 'r3b', 'r3a', 'r2', 'r1']);
    assert.equal(await store.pruneRuns({ keep: 2 }), 3);
    assert.deepEqual(await runIds(store), ['r5', 'r3b']);
    assert.equal(await store.pruneRuns({ keep: 2 }), 0);
    assert.equal(await store.pruneRuns({ keep: 5 }), 0);
    assert.equal(await store.pruneRuns({ keep: 0 }), 2);
    assert.deepEqual(await store.listRuns(), []);
  });

  it('drops runs started before the instant, keeping one started exactly at it', async () => {
    const store = ref.current;
    await putFiveRuns(store);
    assert.equal(await store.pruneRuns({ before: 30 }), 2);
    assert.deepEqual(await runIds(store), ['r5', 'r3b', 'r3a']);
    assert.equal(await store.pruneRuns({ before: 30 }), 0);
    const kept = (await store.listRuns()).find((r) => r.id === 'r3a');
    assert.deepEqual(kept, run({ id: 'r3a', startedAt: 30, finishedAt: 35 }));
  });

  it('applies both run limits together, and neither when none is given', async () => {
    const store = ref.current;
    await putFiveRuns(store);
    assert.equal(await store.pruneRuns({}), 0);
    assert.equal(await store.pruneRuns({ keep: 4, before: 20 }), 1);
    assert.deepEqual(await runIds(store), ['r5', 'r3b', 'r3a', 'r2']);
    assert.equal(await store.pruneRuns({ keep: 3, before: 40 }), 3);
    assert.deepEqual(await runIds(store), ['r5']);
  });

  it('rejects run prune limits that cannot be used, naming the field', async () => {
    const store = ref.current;
    await putFiveRuns(store);
    await rejectsWithField(store.pruneRuns({ keep: -1 }), 'keep');
    await rejectsWithField(store.pruneRuns({ keep: 1.5 }), 'keep');
    await rejectsWithField(store.pruneRuns({ before: Number.NaN }), 'before');
    assert.equal((await store.listRuns()).length, 5);
  });
}
